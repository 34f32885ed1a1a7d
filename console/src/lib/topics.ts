import {
  type LocalizedText,
  TOPIC_ID_PATTERN,
  TOPIC_ID_RULE,
  TOPIC_LIMITS,
  type Topic,
} from '#domain/topics';

/**
 * The Settings page's topics as the admin edits them, and the way to and from the API's `Topic`
 * (docs/openapi.yaml `Topic`, `LocalizedText`).
 *
 * A topic's name and description are one main text each, plus optional translations (a language tag with a name
 * and a description). Without translations they travel as plain strings; with some, as objects keyed by tag, the
 * main text under {@link TopicDraft.mainTag}.
 */

/** One extra language of a topic: its tag and the name and description in it (either may be blank). */
export interface TranslationDraft {
  /** Stable across edits, for Preact's keys and the inputs' ids. */
  readonly key: string;
  readonly tag: string;
  readonly name: string;
  readonly description: string;
}

export interface TopicDraft {
  readonly key: string;
  readonly id: string;
  /** Not saved yet: only then is the id editable (an id is carried in links already sent). */
  readonly isNew: boolean;
  readonly name: string;
  readonly description: string;
  /**
   * The tag the main texts were stored under, when the API gave objects; with new translations they are sent
   * under it, else under the workspace's default locale (else `en`).
   */
  readonly mainTag?: string;
  /** Which texts the API gave as objects: they stay objects even without translations, so loading and saving changes nothing. */
  readonly tagged?: { readonly name: boolean; readonly description: boolean };
  readonly translations: readonly TranslationDraft[];
  readonly defaultSubscribed: boolean;
}

/** What is wrong with one topic of the draft, by the control that shows it. */
export interface TopicRowIssues {
  id?: string;
  name?: string;
  description?: string;
  translations?: string;
  defaultSubscribed?: string;
}

/** Problems of the whole list (`list`: too many topics) and of each topic, by its index in the list. */
export interface TopicIssues {
  list?: string;
  rows: Record<number, TopicRowIssues>;
}

let counter = 0;
/** A key unique within the page's life: drafts come and go, their inputs keep their ids. */
export const nextKey = (): string => `t${++counter}`;

const languageOf = (tag: string) => tag.split('-', 1)[0]?.toLowerCase() ?? '';

/** The canonical form of a BCP 47 tag, as the API stores it; undefined for a malformed one. */
export const canonicalTag = (tag: string): string | undefined => {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
};

/** The tag a topic's main texts go under when it has translations and was never stored with one. */
const mainTagOf = (draft: TopicDraft, defaultLocale: string | null): string =>
  draft.mainTag ?? (defaultLocale ? canonicalTag(defaultLocale) : undefined) ?? 'en';

/**
 * Which entry of an object text is the main one: the default locale's (exactly, else its language), else
 * English, else the first.
 */
const mainEntryTag = (texts: Readonly<Record<string, string>>, defaultLocale: string | null) => {
  // '' stands for a plain string beside an object text (a name given plainly, a description per language).
  const tags = Object.keys(texts).filter((tag) => tag !== '');
  const wanted = defaultLocale ?? 'en';
  return (
    tags.find((tag) => tag.toLowerCase() === wanted.toLowerCase()) ??
    tags.find((tag) => languageOf(tag) === languageOf(wanted)) ??
    tags.find((tag) => languageOf(tag) === 'en') ??
    tags[0]
  );
};

/** A topic as the API gave it, ready to edit. */
export const topicDraftOf = (topic: Topic, defaultLocale: string | null): TopicDraft => {
  const name = typeof topic.name === 'string' ? { '': topic.name } : topic.name;
  const description =
    topic.description === undefined
      ? {}
      : typeof topic.description === 'string'
        ? { '': topic.description }
        : topic.description;
  const objects = typeof topic.name !== 'string' || typeof topic.description === 'object';
  // The main tag: the name's main entry, else the description's; '' for plain strings.
  const mainTag = objects ? (mainEntryTag({ ...description, ...name }, defaultLocale) ?? '') : ('' as string);
  const mainOf = (texts: Readonly<Record<string, string>>) => texts[mainTag] ?? texts[''] ?? '';
  const others = [...new Set([...Object.keys(name), ...Object.keys(description)])].filter(
    (tag) => tag !== '' && tag !== mainTag,
  );
  return {
    key: nextKey(),
    id: topic.id,
    isNew: false,
    name: mainOf(name),
    description: mainOf(description),
    ...(mainTag === ''
      ? {}
      : {
          mainTag,
          tagged: {
            name: typeof topic.name !== 'string',
            description: typeof topic.description === 'object',
          },
        }),
    translations: others.map((tag) => ({
      key: nextKey(),
      tag,
      name: name[tag] ?? '',
      description: description[tag] ?? '',
    })),
    defaultSubscribed: topic.defaultSubscribed,
  };
};

/** A topic the admin just added: opt-out like most newsletters' topics, every text empty. */
export const newTopicDraft = (): TopicDraft => ({
  key: nextKey(),
  id: '',
  isNew: true,
  name: '',
  description: '',
  translations: [],
  defaultSubscribed: true,
});

/** A text as the API takes it: the plain string without translations, else tag → text (blank ones left out). */
const localized = (
  main: string,
  mainTag: string,
  translations: readonly (readonly [string, string])[],
  tagged: boolean,
): LocalizedText | undefined => {
  const given = translations.filter(([, text]) => text !== '');
  if (given.length === 0 && (!tagged || main === '')) return main === '' ? undefined : main;
  return Object.fromEntries([...(main === '' ? [] : [[mainTag, main] as const]), ...given]);
};

/** The draft as the API's `Topic`: texts trimmed, blank ones left out. */
export const topicOf = (draft: TopicDraft, defaultLocale: string | null): Topic => {
  const mainTag = mainTagOf(draft, defaultLocale);
  const rows = draft.translations.map((row) => ({
    tag: canonicalTag(row.tag) ?? row.tag.trim(),
    name: row.name.trim(),
    description: row.description.trim(),
  }));
  const name = localized(
    draft.name.trim(),
    mainTag,
    rows.map((row) => [row.tag, row.name]),
    draft.tagged?.name ?? false,
  );
  const description = localized(
    draft.description.trim(),
    mainTag,
    rows.map((row) => [row.tag, row.description]),
    draft.tagged?.description ?? false,
  );
  return {
    id: draft.id.trim(),
    // An empty name is sent as such, so that the API's own message names it if the console's check let it by.
    name: name ?? '',
    ...(description === undefined ? {} : { description }),
    defaultSubscribed: draft.defaultSubscribed,
  };
};

/** JSON with every object's keys sorted: the API's maps come back with their keys in any order. */
const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );

/** Whether saving the drafts would change the saved topics (their order counts: it is the page's). */
export const topicsChanged = (
  saved: readonly Topic[],
  drafts: readonly TopicDraft[],
  defaultLocale: string | null,
): boolean => sortedJson(saved) !== sortedJson(drafts.map((draft) => topicOf(draft, defaultLocale)));

const add = (issues: TopicIssues, index: number, field: keyof TopicRowIssues, message: string) => {
  const row = issues.rows[index] ?? {};
  issues.rows[index] = row;
  row[field] = row[field] ? `${row[field]}; ${message}` : message;
};

/**
 * The checks the API makes, made before sending so that the admin sees them at once: the id pattern, unique ids,
 * at most {@link TOPIC_LIMITS.topics} topics, a name, the texts' lengths, well-formed and distinct translation tags.
 * The API stays the authority: whatever it still refuses is shown by {@link topicIssuesOf}.
 */
export const checkTopics = (drafts: readonly TopicDraft[], defaultLocale: string | null): TopicIssues => {
  const issues: TopicIssues = { rows: {} };
  if (drafts.length > TOPIC_LIMITS.topics) {
    issues.list = `At most ${TOPIC_LIMITS.topics} topics: remove ${drafts.length - TOPIC_LIMITS.topics}.`;
  }
  const ids = new Map<string, number>();
  drafts.forEach((draft, index) => {
    const id = draft.id.trim();
    if (!TOPIC_ID_PATTERN.test(id)) add(issues, index, 'id', `"${id}" ${TOPIC_ID_RULE}`);
    else if (ids.has(id)) add(issues, index, 'id', `"${id}" is already the id of another topic`);
    ids.set(id, index);

    if (draft.name.trim() === '' && draft.translations.every((row) => row.name.trim() === '')) {
      add(issues, index, 'name', 'must not be blank: every topic needs a name');
    }
    const tooLong = (text: string, max: number) => text.trim().length > max;
    if (
      [draft.name, ...draft.translations.map((row) => row.name)].some((t) =>
        tooLong(t, TOPIC_LIMITS.nameLength),
      )
    ) {
      add(issues, index, 'name', `must be at most ${TOPIC_LIMITS.nameLength} characters`);
    }
    const descriptions = [draft.description, ...draft.translations.map((row) => row.description)];
    if (descriptions.some((t) => tooLong(t, TOPIC_LIMITS.descriptionLength))) {
      add(issues, index, 'description', `must be at most ${TOPIC_LIMITS.descriptionLength} characters`);
    }

    const mainTag = mainTagOf(draft, defaultLocale);
    const tags = new Set([mainTag.toLowerCase()]);
    for (const row of draft.translations) {
      const tag = canonicalTag(row.tag);
      if (tag === undefined || row.tag.trim() === '') {
        add(issues, index, 'translations', `"${row.tag.trim()}" is not a language tag like "fr" or "pt-BR"`);
      } else if (tags.has(tag.toLowerCase())) {
        add(issues, index, 'translations', `"${tag}" is given twice (the main texts are ${mainTag})`);
      } else if (row.name.trim() === '' && row.description.trim() === '') {
        add(
          issues,
          index,
          'translations',
          `"${tag}" has no name or description: fill one or remove the language`,
        );
      }
      if (tag !== undefined) tags.add(tag.toLowerCase());
    }
    if (tags.size > TOPIC_LIMITS.locales) {
      add(issues, index, 'translations', `at most ${TOPIC_LIMITS.locales} languages`);
    }
  });
  return issues;
};

/** Whether the issues hold anything to show. */
export const hasTopicIssues = (issues: TopicIssues): boolean =>
  issues.list !== undefined || Object.keys(issues.rows).length > 0;

const TOPIC_FIELD = /^topics(?:\[(\d+)\](?:\.(\w+)(?:\.(.+))?)?)?$/;

/**
 * The API's 400 issues about topics (`field` `body.topics[2].id`, `body.topics[0].name.fr`, `body.topics`) by the
 * control they name: a topic's id, name, description or subscription default; a text in one language names the
 * language. Issues about other fields are not topics' and are left out.
 */
export const topicIssuesOf = (issues: readonly { field: string; message: string }[]): TopicIssues => {
  const result: TopicIssues = { rows: {} };
  for (const issue of issues) {
    const match = TOPIC_FIELD.exec(issue.field.replace(/^body\./, ''));
    if (!match) continue;
    const [, index, field, tag] = match;
    if (index === undefined || field === undefined) {
      result.list = result.list ? `${result.list}; ${issue.message}` : issue.message;
      continue;
    }
    const known: readonly (keyof TopicRowIssues)[] = ['id', 'name', 'description', 'defaultSubscribed'];
    const control = known.find((name) => name === field) ?? 'id';
    add(result, Number(index), control, tag === undefined ? issue.message : `${tag}: ${issue.message}`);
  }
  return result;
};

/**
 * A text in one locale, as the recipient page picks it (functions/http/unsubscribe-page/localized-text.ts): the
 * exact tag, then its language, then the first given; blank ones count as missing.
 */
export const textIn = (text: LocalizedText | undefined, tag: string): string => {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const given = Object.entries(text).filter(([, value]) => value.trim() !== '');
  return (
    given.find(([key]) => key.toLowerCase() === tag.toLowerCase())?.[1] ??
    given.find(([key]) => key.toLowerCase() === languageOf(tag))?.[1] ??
    given.find(([key]) => languageOf(key) === languageOf(tag))?.[1] ??
    given[0]?.[1] ??
    ''
  );
};

/** How buttons and the status line name a topic: its name, else its id, else its place. */
export const topicLabel = (draft: TopicDraft, index: number): string =>
  draft.name.trim() ||
  draft.translations.find((row) => row.name.trim())?.name.trim() ||
  draft.id.trim() ||
  `${index + 1}`;

/** The list with the topic at `from` moved to `to` (both in range). */
export const moved = <T>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
};
