import type { LocalizedText } from '#domain/topics';

/** One topic as the preference page shows it to one recipient. */
export interface TopicChoice {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  /** Checked = still subscribed. */
  readonly subscribed: boolean;
  /** No longer in the tenant's settings: the recipient left it once; shown read-only, never revived. */
  readonly retired: boolean;
}

/** What a recipient has chosen, as the preference page shows it. */
export interface RecipientPreferences {
  /** The tenant's topics in settings order, then retired topics this recipient left. */
  readonly topics: readonly TopicChoice[];
  /** True when the value is blocked for all marketing (an unsubscribe, bounce, complaint, admin entry...). */
  readonly unsubscribedFromAll: boolean;
  /** ISO 8601 instant, present only while a pause is in force. */
  readonly pausedUntil?: string;
}
