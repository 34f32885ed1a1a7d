/**
 * The preference center's vocabulary: a workspace's topics (what a recipient can leave one by one) and the pause
 * lengths a recipient can choose instead of leaving.
 */

/** Text an admin may give per locale: a plain string, or canonical BCP 47 tag → text. */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** One topic of a workspace, as its settings hold it (at most 20: SES contact lists' limit). */
export interface Topic {
  /** `[a-z0-9-]{1,40}`: short, because a link carries it. */
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  /** Whether a recipient who never chose is subscribed (opt-out topic) or not (opt-in topic). */
  readonly defaultSubscribed: boolean;
}

/**
 * A topic id: short, because every link about the topic carries it. The API, the token and the console read this
 * one pattern.
 */
export const TOPIC_ID_PATTERN = /^[a-z0-9-]{1,40}$/;

/** Why an id fails {@link TOPIC_ID_PATTERN}, in the words the API and the console both show. */
export const TOPIC_ID_RULE = 'must be 1-40 characters of a-z, 0-9 and "-" (it is carried in every link)';

/**
 * The caps on a workspace's topics (`SETTINGS_LIMITS` quotes them): here, apart from the settings' schema, so that
 * the console can check a draft without bundling zod.
 */
export const TOPIC_LIMITS = {
  /** SES contact lists allow 20, and a page of more is no longer a choice. */
  topics: 20,
  /** Characters of a topic's name and description, in each locale. */
  nameLength: 80,
  descriptionLength: 300,
  /** Locales one topic text may be given in. */
  locales: 20,
} as const;

/** The pauses a recipient may choose, in days: the page offers exactly these, and the form accepts no other. */
export const PAUSE_DAYS = [30, 90] as const;
export type PauseDays = (typeof PAUSE_DAYS)[number];

export const isPauseDays = (days: number): days is PauseDays =>
  (PAUSE_DAYS as readonly number[]).includes(days);
