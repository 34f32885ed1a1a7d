import { useEffect, useId, useState } from 'preact/hooks';
import { can } from '#domain/roles';
import type { Topic } from '#domain/topics';
import { ApiError, messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, Status } from '../components/results';
import { useSignedIn } from '../context';
import {
  canonicalTag,
  checkTopics,
  hasTopicIssues,
  type TopicDraft,
  type TopicIssues,
  type TopicRowIssues,
  topicDraftOf,
  topicIssuesOf,
  topicOf,
  topicsChanged,
} from '../lib/topics';
import { PreferencePreview } from '../settings/preference-preview';
import { TopicsEditor, topicControlId } from '../settings/topics-editor';
import './settings.css';

/** `GET /v1/settings` (docs/openapi.yaml `Settings`); `null` is unset. */
interface Settings extends Fields {
  /** In the order the preference page shows them. */
  readonly topics: readonly Topic[];
  /** Removed topics, read-only: recipients who left one stay out of it. */
  readonly retiredTopics: readonly Topic[];
}

/** The settings that are one field each. */
interface Fields {
  readonly displayName: string | null;
  readonly postalAddress: string | null;
  readonly privacyUrl: string | null;
  readonly logoUrl: string | null;
  readonly defaultLocale: string | null;
  readonly defaultPhoneCountry: string | null;
  readonly transientBounceThreshold: number | null;
  readonly transientBounceWindowDays: number | null;
}

type Field = keyof Fields;
type Draft = Record<Field, string>;

interface FieldSpec {
  readonly name: Field;
  readonly label: string;
  readonly hint: string;
  readonly kind: 'text' | 'textarea' | 'url' | 'number';
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
}

const FIELDS: readonly FieldSpec[] = [
  {
    name: 'displayName',
    label: 'Display name',
    hint: 'The heading of the recipient pages; your workspace id when empty.',
    kind: 'text',
    maxLength: 100,
  },
  {
    name: 'postalAddress',
    label: 'Postal address',
    hint: "The sender's physical address, shown in the recipient pages' footer (CAN-SPAM). Line breaks are kept.",
    kind: 'textarea',
    maxLength: 500,
  },
  {
    name: 'privacyUrl',
    label: 'Privacy URL',
    hint: 'An https:// link to your privacy policy, in the pages\u2019 footer.',
    kind: 'url',
    maxLength: 2048,
  },
  {
    name: 'logoUrl',
    label: 'Logo URL',
    hint: 'An https:// link to your logo, for the console and the preference center.',
    kind: 'url',
    maxLength: 2048,
  },
  {
    name: 'defaultLocale',
    label: 'Default locale',
    hint: 'A language tag such as en-US or fr-CA.',
    kind: 'text',
    maxLength: 35,
  },
  {
    name: 'defaultPhoneCountry',
    label: 'Default phone country',
    hint: 'Two capital letters (US, FR): how numbers without a country code are read.',
    kind: 'text',
    maxLength: 2,
  },
  {
    name: 'transientBounceThreshold',
    label: 'Soft bounces before suppressing',
    hint: '1 to 20; empty: the deployment\u2019s rule.',
    kind: 'number',
    min: 1,
    max: 20,
  },
  {
    name: 'transientBounceWindowDays',
    label: 'Within days',
    hint: '1 to 90; empty: the deployment\u2019s rule.',
    kind: 'number',
    min: 1,
    max: 90,
  },
];

/** Short fields, two to a row. */
const HALF: readonly Field[] = [
  'defaultLocale',
  'defaultPhoneCountry',
  'transientBounceThreshold',
  'transientBounceWindowDays',
];

const draftOf = (settings: Settings): Draft =>
  Object.fromEntries(
    FIELDS.map(({ name }) => [name, settings[name] === null ? '' : String(settings[name])]),
  ) as Draft;

const topicDraftsOf = (settings: Settings): TopicDraft[] =>
  settings.topics.map((topic) => topicDraftOf(topic, settings.defaultLocale));

const NO_TOPIC_ISSUES: TopicIssues = { rows: {} };

/** What a field's text sends: null when empty (clears it), a whole number for the rule, the text otherwise. */
const sentValue = (spec: FieldSpec, text: string): string | number | null => {
  const trimmed = spec.kind === 'textarea' ? text.replace(/\r\n?/g, '\n').trim() : text.trim();
  if (trimmed === '') return null;
  if (spec.kind === 'number' && /^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
};

/** Only the fields whose value differs from what is saved. */
const changesOf = (saved: Settings, draft: Draft): Partial<Record<Field, string | number | null>> => {
  const changes: Partial<Record<Field, string | number | null>> = {};
  for (const spec of FIELDS) {
    const value = sentValue(spec, draft[spec.name]);
    if (value !== saved[spec.name]) changes[spec.name] = value;
  }
  return changes;
};

/** `details.issues` of a 400 (`[{ field: "body.displayName", message }]`), well-formed ones only. */
const apiIssuesOf = (error: unknown): { field: string; message: string }[] => {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return [];
  return (issues as { field?: unknown; message?: unknown }[]).flatMap((issue) =>
    typeof issue.field === 'string' && typeof issue.message === 'string'
      ? [{ field: issue.field, message: issue.message }]
      : [],
  );
};

/** The API's issues about the one-value fields, by field. */
const issuesOf = (issues: readonly { field: string; message: string }[]): Partial<Record<Field, string>> => {
  const byField: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = issue.field.replace(/^body\./, '');
    const spec = FIELDS.find((candidate) => candidate.name === field);
    if (spec) {
      byField[spec.name] = byField[spec.name] ? `${byField[spec.name]}; ${issue.message}` : issue.message;
    }
  }
  return byField;
};

const labelOf = (name: Field | 'topics') =>
  name === 'topics' ? 'Topics' : (FIELDS.find((spec) => spec.name === name)?.label ?? name);

/** How many controls the issues mark, for "one field needs a change". */
const issueCount = (fields: Partial<Record<Field, string>>, topics: TopicIssues) =>
  Object.keys(fields).length +
  (topics.list ? 1 : 0) +
  Object.values(topics.rows).reduce((sum, row) => sum + Object.keys(row).length, 0);

const TOPIC_CONTROLS: readonly (keyof TopicRowIssues)[] = [
  'id',
  'name',
  'description',
  'defaultSubscribed',
  'translations',
];

export function SettingsPage() {
  const { api, session } = useSignedIn();
  const role = session.identity.role;
  const editable = can(role, 'settings');
  const [saved, setSaved] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [topics, setTopics] = useState<readonly TopicDraft[]>([]);
  const [topicIssues, setTopicIssues] = useState<TopicIssues>(NO_TOPIC_ISSUES);
  const [loadError, setLoadError] = useState<string>();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [saving, setSaving] = useState(false);
  const id = useId();
  // The locale the preview shows topic texts in: the default locale as typed, when it is a tag.
  const previewLocale = (draft && canonicalTag(draft.defaultLocale)) || 'en';

  useEffect(() => {
    const controller = new AbortController();
    api.json<Settings>('/v1/settings', { signal: controller.signal }).then(
      (settings) => {
        setSaved(settings);
        setDraft(draftOf(settings));
        setTopics(topicDraftsOf(settings));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(error, role, 'read the settings'));
      },
    );
    return () => controller.abort();
  }, [api]);

  /** Shows what needs a change, next to its control, and moves focus to the first. */
  const showIssues = (byField: Partial<Record<Field, string>>, byTopic: TopicIssues) => {
    setErrors(byField);
    setTopicIssues(byTopic);
    const count = issueCount(byField, byTopic);
    setStatus(undefined);
    setFormError(`Nothing was saved: ${count === 1 ? 'one field needs' : 'some fields need'} a change.`);
    const first = FIELDS.find((spec) => byField[spec.name]);
    if (first) {
      document.getElementById(`${id}-${first.name}`)?.focus();
      return;
    }
    const row = Object.keys(byTopic.rows)
      .map(Number)
      .sort((a, b) => a - b)[0];
    const topic = row === undefined ? undefined : topics[row];
    const control = TOPIC_CONTROLS.find((name) => row !== undefined && byTopic.rows[row]?.[name]);
    if (topic && control) document.getElementById(topicControlId(id, topic, control))?.focus();
    else document.getElementById(`${id}-topics-heading`)?.focus();
  };

  const save = async () => {
    if (!saved || !draft || saving) return;
    const changes: Record<string, unknown> = changesOf(saved, draft);
    // Topic texts in other languages go under the default locale being saved, if it is changing.
    const locale = draft.defaultLocale.trim() || null;
    if (topicsChanged(saved.topics, topics, locale)) {
      const checked = checkTopics(topics, locale);
      if (hasTopicIssues(checked)) {
        showIssues({}, checked);
        return;
      }
      changes.topics = topics.map((topic) => topicOf(topic, locale));
    }
    const names = Object.keys(changes) as (Field | 'topics')[];
    setFormError(undefined);
    if (names.length === 0) {
      setErrors({});
      setTopicIssues(NO_TOPIC_ISSUES);
      setStatus('Nothing to save: no field changed.');
      return;
    }
    setSaving(true);
    setStatus('Saving…');
    try {
      const settings = await api.json<Settings>('/v1/settings', { method: 'PUT', json: changes });
      setSaved(settings);
      setDraft(draftOf(settings));
      setTopics(topicDraftsOf(settings));
      setErrors({});
      setTopicIssues(NO_TOPIC_ISSUES);
      setStatus(`Saved: ${names.map(labelOf).join(', ')}.`);
    } catch (error) {
      const issues = apiIssuesOf(error);
      const byField = issuesOf(issues);
      const byTopic = topicIssuesOf(issues);
      if (issueCount(byField, byTopic) > 0) {
        showIssues(byField, byTopic);
      } else {
        setStatus(undefined);
        setFormError(messageOf(error, role, 'change the settings'));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page title="Settings">
      <p class="lede">
        How your workspace presents itself to recipients, and the rules it applies.
        {editable ? '' : ` Only an admin can change them; your role (${role}) can read them.`}
      </p>
      <ErrorText text={loadError} />
      {saved && draft ? (
        <div class="settings-layout">
          <form
            class="settings-form panel"
            aria-label="Workspace settings"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            {FIELDS.map((spec) => {
              const fieldId = `${id}-${spec.name}`;
              const error = errors[spec.name];
              const describedBy = `${fieldId}-hint${error ? ` ${fieldId}-error` : ''}`;
              const common = {
                id: fieldId,
                name: spec.name,
                value: draft[spec.name],
                readOnly: !editable,
                'aria-describedby': describedBy,
                'aria-invalid': error ? ('true' as const) : undefined,
                onInput: (event: Event) => {
                  const { value } = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
                  setDraft((current) => (current ? { ...current, [spec.name]: value } : current));
                },
              };
              return (
                <div class={HALF.includes(spec.name) ? 'field settings-half' : 'field'} key={spec.name}>
                  <label for={fieldId}>{spec.label}</label>
                  {spec.kind === 'textarea' ? (
                    <textarea {...common} rows={4} maxLength={spec.maxLength} />
                  ) : (
                    <input
                      {...common}
                      // The union of input types is fine at run time; Preact's typings want one literal.
                      type={spec.kind as 'text'}
                      maxLength={spec.maxLength}
                      min={spec.min}
                      max={spec.max}
                      inputMode={spec.kind === 'number' ? 'numeric' : undefined}
                      spellcheck={spec.kind === 'text' && spec.name === 'displayName'}
                    />
                  )}
                  <p class="hint" id={`${fieldId}-hint`}>
                    {spec.hint}
                  </p>
                  {error ? (
                    <p class="error field-error" id={`${fieldId}-error`}>
                      {error}
                    </p>
                  ) : null}
                </div>
              );
            })}
            <TopicsEditor
              prefix={id}
              drafts={topics}
              onChange={(change) => setTopics((current) => change(current))}
              editable={editable}
              issues={topicIssues}
              retired={saved.retiredTopics}
              locale={previewLocale}
              onStatus={setStatus}
            />
            {editable ? (
              <div class="row settings-actions">
                <button type="submit" class="primary" disabled={saving}>
                  Save
                </button>
                <button
                  type="button"
                  class="quiet"
                  disabled={saving}
                  onClick={() => {
                    setDraft(draftOf(saved));
                    setTopics(topicDraftsOf(saved));
                    setErrors({});
                    setTopicIssues(NO_TOPIC_ISSUES);
                    setFormError(undefined);
                    setStatus('Changes discarded.');
                  }}
                >
                  Discard changes
                </button>
              </div>
            ) : null}
            <ErrorText text={formError} />
            <Status text={status} />
          </form>
          <PreferencePreview
            displayName={draft.displayName}
            postalAddress={draft.postalAddress}
            privacyUrl={draft.privacyUrl}
            tenant={session.identity.tenant}
            topics={topics.map((topic) => topicOf(topic, previewLocale))}
            locale={previewLocale}
          />
        </div>
      ) : loadError ? null : (
        <Status text="Loading settings…" />
      )}
    </Page>
  );
}
