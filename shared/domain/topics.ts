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

/** The pauses a recipient may choose, in days: the page offers exactly these, and the form accepts no other. */
export const PAUSE_DAYS = [30, 90] as const;
export type PauseDays = (typeof PAUSE_DAYS)[number];

export const isPauseDays = (days: number): days is PauseDays =>
  (PAUSE_DAYS as readonly number[]).includes(days);
