import { useEffect, useState } from 'preact/hooks';
import { TOPIC_LIMITS, type Topic } from '#domain/topics';
import { Modal } from '../components/modal';
import { ErrorText } from '../components/results';
import {
  moved,
  newTopicDraft,
  nextKey,
  type TopicDraft,
  type TopicIssues,
  type TopicRowIssues,
  type TranslationDraft,
  textIn,
  topicLabel,
} from '../lib/topics';

/** The id of a topic's control, for labels, errors and focus: `${prefix}-${topic key}-${control}`. */
export const topicControlId = (prefix: string, draft: TopicDraft, control: keyof TopicRowIssues) =>
  `${prefix}-${draft.key}-${control}`;

type Update = (change: (drafts: readonly TopicDraft[]) => readonly TopicDraft[]) => void;

/**
 * The preference center's topics in the Settings form: each topic's id (editable only while new), name,
 * description, opt-out or opt-in, and extra languages; add, remove (with a confirmation for a saved topic) and
 * move. Nothing is sent from here: the page's Save sends the list. Below, read-only, the retired topics.
 */
export function TopicsEditor(props: {
  readonly prefix: string;
  readonly drafts: readonly TopicDraft[];
  readonly onChange: Update;
  readonly editable: boolean;
  readonly issues: TopicIssues;
  readonly retired: readonly Topic[];
  readonly locale: string;
  readonly onStatus: (text: string) => void;
}) {
  const { prefix, drafts, onChange, editable, issues } = props;
  const [removing, setRemoving] = useState<TopicDraft>();
  // Where focus goes once the list has re-rendered (after a move, an add, a remove).
  const [focusTarget, setFocusTarget] = useState<{ id: string }>();
  useEffect(() => {
    if (focusTarget) document.getElementById(focusTarget.id)?.focus();
  }, [focusTarget]);

  const update = (key: string, change: Partial<TopicDraft>) =>
    onChange((current) => current.map((draft) => (draft.key === key ? { ...draft, ...change } : draft)));

  const remove = (draft: TopicDraft) => {
    const index = drafts.indexOf(draft);
    const next = drafts[index + 1] ?? drafts[index - 1];
    onChange((current) => current.filter((candidate) => candidate.key !== draft.key));
    setRemoving(undefined);
    setFocusTarget({ id: next ? `${prefix}-${next.key}-legend` : `${prefix}-add-topic` });
    props.onStatus(
      draft.isNew
        ? `Topic ${topicLabel(draft, index)} removed.`
        : `Topic ${topicLabel(draft, index)} will be retired when you save.`,
    );
  };

  const move = (draft: TopicDraft, by: -1 | 1) => {
    const from = drafts.indexOf(draft);
    const to = from + by;
    if (to < 0 || to >= drafts.length) return;
    onChange((current) => moved(current, from, to));
    // The same button keeps focus unless the topic reached the end it was moving to.
    const edge = by === -1 ? to === 0 : to === drafts.length - 1;
    setFocusTarget({
      id: `${prefix}-${draft.key}-${edge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}`,
    });
    props.onStatus(
      `Topic ${topicLabel(draft, from)} moved ${by === -1 ? 'up' : 'down'}: ${to + 1} of ${drafts.length}.`,
    );
  };

  const add = () => {
    const draft = newTopicDraft();
    onChange((current) => [...current, draft]);
    setFocusTarget({ id: topicControlId(prefix, draft, 'id') });
  };

  return (
    <section class="topics" aria-labelledby={`${prefix}-topics-heading`}>
      {/* Focusable: a problem with the whole list (too many topics) moves focus here. */}
      <h2 id={`${prefix}-topics-heading`} tabIndex={-1}>
        Topics
      </h2>
      <p class="hint">
        The lists a recipient can leave one by one on the preference page, in this order (at most{' '}
        {TOPIC_LIMITS.topics}
        ). Without topics, the page offers only the pause and leaving everything.
      </p>
      <ErrorText text={issues.list} />
      {drafts.length === 0 ? <p class="muted">No topics.</p> : null}
      {drafts.map((draft, index) => (
        <TopicFields
          key={draft.key}
          prefix={prefix}
          draft={draft}
          index={index}
          count={drafts.length}
          editable={editable}
          issues={issues.rows[index] ?? {}}
          onUpdate={(change) => update(draft.key, change)}
          onMove={(by) => move(draft, by)}
          onRemove={() => (draft.isNew ? remove(draft) : setRemoving(draft))}
        />
      ))}
      {editable ? (
        <div class="row">
          <button
            type="button"
            class="secondary"
            id={`${prefix}-add-topic`}
            disabled={drafts.length >= TOPIC_LIMITS.topics}
            onClick={add}
          >
            Add a topic
          </button>
          {drafts.length >= TOPIC_LIMITS.topics ? (
            <span class="hint">The page holds at most {TOPIC_LIMITS.topics} topics.</span>
          ) : null}
        </div>
      ) : null}
      <RetiredTopics prefix={prefix} retired={props.retired} locale={props.locale} />
      {removing ? (
        <Modal
          title={`Remove topic ${topicLabel(removing, drafts.indexOf(removing))}?`}
          onClose={() => setRemoving(undefined)}
        >
          <div class="stack">
            <p>
              Recipients who left it stay out of it; it is kept as a retired topic. It leaves the preference
              page when you save the settings.
            </p>
            <div class="row">
              <button type="button" class="primary" autofocus onClick={() => remove(removing)}>
                Remove topic
              </button>
              <button type="button" class="secondary" onClick={() => setRemoving(undefined)}>
                Keep it
              </button>
            </div>
          </div>
        </Modal>
      ) : null}
    </section>
  );
}

/** A control's error paragraph and the attributes that tie the control to its hint and error. */
const described = (id: string, error: string | undefined, hint = true) => ({
  'aria-describedby':
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
  'aria-invalid': error ? ('true' as const) : undefined,
});

const FieldError = (props: { id: string; text: string | undefined }) =>
  props.text ? (
    <p class="error field-error" id={`${props.id}-error`}>
      {props.text}
    </p>
  ) : null;

function TopicFields(props: {
  readonly prefix: string;
  readonly draft: TopicDraft;
  readonly index: number;
  readonly count: number;
  readonly editable: boolean;
  readonly issues: TopicRowIssues;
  readonly onUpdate: (change: Partial<TopicDraft>) => void;
  readonly onMove: (by: -1 | 1) => void;
  readonly onRemove: () => void;
}) {
  const { prefix, draft, index, editable, issues } = props;
  const label = topicLabel(draft, index);
  const idOf = (control: keyof TopicRowIssues) => topicControlId(prefix, draft, control);
  const text = (event: Event) => (event.currentTarget as HTMLInputElement).value;
  const idEditable = editable && draft.isNew;
  const setTranslations = (translations: readonly TranslationDraft[]) => props.onUpdate({ translations });
  return (
    <fieldset class="topic">
      <legend id={`${prefix}-${draft.key}-legend`} tabIndex={-1}>
        Topic {index + 1}
        {draft.name.trim() ? `: ${draft.name.trim()}` : ''}
      </legend>
      <div class="topic-grid">
        <div class="field">
          <label for={idOf('id')}>Topic id</label>
          <input
            id={idOf('id')}
            value={draft.id}
            readOnly={!idEditable}
            spellcheck={false}
            autocomplete="off"
            maxLength={40}
            {...described(idOf('id'), issues.id)}
            onInput={(event) => props.onUpdate({ id: text(event) })}
          />
          <p class="hint" id={`${idOf('id')}-hint`}>
            {draft.isNew
              ? 'a-z, 0-9 and "-". Fixed once saved: links carry it.'
              : 'Fixed: links already sent carry it.'}
          </p>
          <FieldError id={idOf('id')} text={issues.id} />
        </div>
        <div class="field">
          <label for={idOf('name')}>Name</label>
          <input
            id={idOf('name')}
            value={draft.name}
            readOnly={!editable}
            maxLength={200}
            {...described(idOf('name'), issues.name)}
            onInput={(event) => props.onUpdate({ name: text(event) })}
          />
          <p class="hint" id={`${idOf('name')}-hint`}>
            The checkbox's label on the page{draft.mainTag ? ` (${draft.mainTag})` : ''}.
          </p>
          <FieldError id={idOf('name')} text={issues.name} />
        </div>
        <div class="field topic-wide">
          <label for={idOf('description')}>Description (optional)</label>
          <input
            id={idOf('description')}
            value={draft.description}
            readOnly={!editable}
            maxLength={600}
            {...described(idOf('description'), issues.description, false)}
            onInput={(event) => props.onUpdate({ description: text(event) })}
          />
          <FieldError id={idOf('description')} text={issues.description} />
        </div>
        <div class="field topic-wide">
          <div class="row">
            <input
              type="checkbox"
              id={idOf('defaultSubscribed')}
              checked={draft.defaultSubscribed}
              disabled={!editable}
              {...described(idOf('defaultSubscribed'), issues.defaultSubscribed)}
              onChange={(event) => props.onUpdate({ defaultSubscribed: event.currentTarget.checked })}
            />
            <label for={idOf('defaultSubscribed')}>Subscribed by default</label>
          </div>
          <p class="hint" id={`${idOf('defaultSubscribed')}-hint`}>
            Ticked (opt-out): everyone receives it until they leave. Unticked (opt-in): only recipients who
            join.
          </p>
          <FieldError id={idOf('defaultSubscribed')} text={issues.defaultSubscribed} />
        </div>
      </div>
      <Translations
        prefix={idOf('translations')}
        topic={label}
        rows={draft.translations}
        editable={editable}
        error={issues.translations}
        onChange={setTranslations}
      />
      {editable ? (
        <div class="row topic-actions">
          <button
            type="button"
            class="quiet"
            id={`${prefix}-${draft.key}-up`}
            disabled={index === 0}
            aria-label={`Move up topic ${label}`}
            onClick={() => props.onMove(-1)}
          >
            Move up
          </button>
          <button
            type="button"
            class="quiet"
            id={`${prefix}-${draft.key}-down`}
            disabled={index === props.count - 1}
            aria-label={`Move down topic ${label}`}
            onClick={() => props.onMove(1)}
          >
            Move down
          </button>
          <button type="button" class="quiet" aria-label={`Remove topic ${label}`} onClick={props.onRemove}>
            Remove
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

/** A topic's extra languages: a tag, and the name and description in it. */
function Translations(props: {
  readonly prefix: string;
  readonly topic: string;
  readonly rows: readonly TranslationDraft[];
  readonly editable: boolean;
  readonly error: string | undefined;
  readonly onChange: (rows: readonly TranslationDraft[]) => void;
}) {
  const { prefix, rows } = props;
  const change = (key: string, field: 'tag' | 'name' | 'description', value: string) =>
    props.onChange(rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  return (
    <div class="translations">
      {rows.length > 0 ? (
        <ul class="translation-list" aria-label={`Other languages of ${props.topic}`}>
          {rows.map((row) => {
            const id = `${prefix}-${row.key}`;
            const language = row.tag.trim() || 'this language';
            return (
              <li key={row.key} class="translation">
                <div class="field">
                  <label for={`${id}-tag`}>Language</label>
                  <input
                    id={`${id}-tag`}
                    value={row.tag}
                    readOnly={!props.editable}
                    placeholder="fr"
                    maxLength={35}
                    spellcheck={false}
                    onInput={(event) => change(row.key, 'tag', event.currentTarget.value)}
                  />
                </div>
                <div class="field">
                  <label for={`${id}-name`}>Name in {language}</label>
                  <input
                    id={`${id}-name`}
                    value={row.name}
                    readOnly={!props.editable}
                    maxLength={200}
                    onInput={(event) => change(row.key, 'name', event.currentTarget.value)}
                  />
                </div>
                <div class="field">
                  <label for={`${id}-description`}>Description in {language}</label>
                  <input
                    id={`${id}-description`}
                    value={row.description}
                    readOnly={!props.editable}
                    maxLength={600}
                    onInput={(event) => change(row.key, 'description', event.currentTarget.value)}
                  />
                </div>
                {props.editable ? (
                  <button
                    type="button"
                    class="quiet"
                    aria-label={`Remove ${language} from topic ${props.topic}`}
                    onClick={() => props.onChange(rows.filter((other) => other.key !== row.key))}
                  >
                    Remove
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {props.error ? (
        <p class="error field-error" id={`${prefix}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.editable ? (
        <button
          type="button"
          class="quiet"
          id={prefix}
          aria-describedby={props.error ? `${prefix}-error` : undefined}
          aria-label={`Add a language to topic ${props.topic}`}
          onClick={() => props.onChange([...rows, { key: nextKey(), tag: '', name: '', description: '' }])}
        >
          Add a language
        </button>
      ) : null}
    </div>
  );
}

/** Topics removed from the list, read-only: recipients who left one stay out of it, and the page names it. */
function RetiredTopics(props: {
  readonly prefix: string;
  readonly retired: readonly Topic[];
  readonly locale: string;
}) {
  if (props.retired.length === 0) return null;
  const heading = `${props.prefix}-retired-heading`;
  return (
    <section class="retired-topics" aria-labelledby={heading}>
      <h3 id={heading}>Retired topics</h3>
      <p class="hint">
        Removed from the page; recipients who left one stay out of it. Add a topic with the same id to bring
        one back.
      </p>
      <ul>
        {props.retired.map((topic) => (
          <li key={topic.id}>
            {textIn(topic.name, props.locale)} <code>{topic.id}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
