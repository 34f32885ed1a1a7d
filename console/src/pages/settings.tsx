import { useEffect, useId, useState } from 'preact/hooks';
import { maskValue } from '#domain/mask';
import { can } from '#domain/roles';
import { ApiError, messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, Status } from '../components/results';
import { useSignedIn } from '../context';
import './settings.css';

/** `GET /v1/settings` (docs/openapi.yaml `Settings`); `null` is unset. */
interface Settings {
  readonly displayName: string | null;
  readonly postalAddress: string | null;
  readonly privacyUrl: string | null;
  readonly logoUrl: string | null;
  readonly defaultLocale: string | null;
  readonly defaultPhoneCountry: string | null;
  readonly transientBounceThreshold: number | null;
  readonly transientBounceWindowDays: number | null;
}

type Field = keyof Settings;
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

/** `details.issues` of a 400 (`[{ field: "body.displayName", message }]`), by field. */
const issuesOf = (error: unknown): Partial<Record<Field, string>> => {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return {};
  const byField: Partial<Record<Field, string>> = {};
  for (const issue of issues as { field?: unknown; message?: unknown }[]) {
    const field = typeof issue.field === 'string' ? issue.field.replace(/^body\./, '') : '';
    const spec = FIELDS.find((candidate) => candidate.name === field);
    if (spec && typeof issue.message === 'string') {
      byField[spec.name] = byField[spec.name] ? `${byField[spec.name]}; ${issue.message}` : issue.message;
    }
  }
  return byField;
};

const labelOf = (name: Field) => FIELDS.find((spec) => spec.name === name)?.label ?? name;

export function SettingsPage() {
  const { api, session } = useSignedIn();
  const role = session.identity.role;
  const editable = can(role, 'settings');
  const [saved, setSaved] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [loadError, setLoadError] = useState<string>();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [saving, setSaving] = useState(false);
  const id = useId();

  useEffect(() => {
    const controller = new AbortController();
    api.json<Settings>('/v1/settings', { signal: controller.signal }).then(
      (settings) => {
        setSaved(settings);
        setDraft(draftOf(settings));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(error, role, 'read the settings'));
      },
    );
    return () => controller.abort();
  }, [api]);

  const save = async () => {
    if (!saved || !draft || saving) return;
    const changes = changesOf(saved, draft);
    const names = Object.keys(changes) as Field[];
    setFormError(undefined);
    if (names.length === 0) {
      setErrors({});
      setStatus('Nothing to save: no field changed.');
      return;
    }
    setSaving(true);
    setStatus('Saving…');
    try {
      const settings = await api.json<Settings>('/v1/settings', { method: 'PUT', json: changes });
      setSaved(settings);
      setDraft(draftOf(settings));
      setErrors({});
      setStatus(`Saved: ${names.map(labelOf).join(', ')}.`);
    } catch (error) {
      const byField = issuesOf(error);
      setErrors(byField);
      if (Object.keys(byField).length > 0) {
        setStatus(undefined);
        setFormError(
          `Nothing was saved: ${Object.keys(byField).length === 1 ? 'one field needs' : 'some fields need'} a change.`,
        );
        const first = FIELDS.find((spec) => byField[spec.name]);
        if (first) document.getElementById(`${id}-${first.name}`)?.focus();
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
                    setErrors({});
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
          <ConfirmPreview draft={draft} tenant={session.identity.tenant} />
        </div>
      ) : loadError ? null : (
        <Status text="Loading settings…" />
      )}
    </Page>
  );
}

const SAMPLE_ADDRESS = 'jane.doe@example.com';

/**
 * What a recipient sees on the confirm page with these settings, as they are typed: the same structure as
 * functions/http/unsubscribe-page/pages.ts (sender, heading, masked address, Unsubscribe, footer), not live.
 */
function ConfirmPreview(props: { draft: Draft; tenant: string }) {
  const name = props.draft.displayName.trim() || props.tenant;
  const postal = props.draft.postalAddress.trim();
  const privacy = props.draft.privacyUrl.trim();
  return (
    <section class="confirm-preview-wrap" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Confirm page preview</h2>
      <p class="hint">What a recipient sees after clicking an unsubscribe link; it updates as you type.</p>
      <div class="confirm-preview">
        <div class="confirm-main">
          <p class="confirm-sender">{name}</p>
          <h3 class="confirm-title">Unsubscribe from {name}?</h3>
          <p>
            Stop marketing emails to <span class="confirm-address">{maskValue('email', SAMPLE_ADDRESS)}</span>
            .
          </p>
          <button type="button" class="confirm-button" disabled aria-describedby="preview-note">
            Unsubscribe
          </button>
          <p class="visually-hidden" id="preview-note">
            A preview: the button does nothing here.
          </p>
        </div>
        {postal || privacy ? (
          <div class="confirm-footer">
            {postal ? <address>{postal}</address> : null}
            {privacy ? (
              <p>
                <span class="confirm-link">Privacy policy</span>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
