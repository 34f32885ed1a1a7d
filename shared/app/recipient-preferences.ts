import { sourceBlocks } from '#domain/category-policy';
import { pausedUntil, type RecipientChoices, subscribedTo } from '#domain/recipient-choices';
import { entrySources, type SuppressionEntry } from '#domain/suppression';
import type { LocalizedText, Topic } from '#domain/topics';
import { withoutUndefined } from '#domain/without-undefined';

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

/** What the preferences view is built from: the tenant's topics and what one read of the value's item found. */
export interface PreferencesSource {
  readonly topics: readonly Topic[];
  readonly retiredTopics: readonly Topic[];
  readonly entry?: Pick<SuppressionEntry, 'sources'>;
  readonly choices?: RecipientChoices;
}

/**
 * A recipient's preferences as the page shows them:
 * - every topic of the workspace in settings order, checked when the recipient receives it (their answer, else
 *   the topic's default);
 * - then the retired topics they left (named as last defined; an id no settings ever named shows as itself),
 *   read-only: removing a topic never revives anyone who left it;
 * - unsubscribed from all when any source on the value blocks marketing (their own unsubscribe, a bounce, a
 *   complaint, a teammate's entry);
 * - the end of a pause in force.
 */
export const preferencesOf = (source: PreferencesSource, now: Date): RecipientPreferences => {
  const { choices } = source;
  const current = new Set(source.topics.map((topic) => topic.id));
  const retiredById = new Map(source.retiredTopics.map((topic) => [topic.id, topic]));
  const left = Object.entries(choices?.topics ?? {})
    .filter(([id, record]) => !current.has(id) && !record.subscribed)
    .map(([id]) => id)
    .sort();
  const until = pausedUntil(choices, now);
  return withoutUndefined({
    topics: [
      ...source.topics.map((topic) =>
        withoutUndefined({
          id: topic.id,
          name: topic.name,
          description: topic.description,
          subscribed: subscribedTo(choices, topic),
          retired: false,
        }),
      ),
      ...left.map((id) => {
        const topic = retiredById.get(id);
        return withoutUndefined({
          id,
          name: topic?.name ?? id,
          description: topic?.description,
          subscribed: false,
          retired: true,
        });
      }),
    ],
    unsubscribedFromAll:
      source.entry !== undefined &&
      entrySources(source.entry).some((held) => sourceBlocks('marketing', held)),
    pausedUntil: until,
  }) as RecipientPreferences;
};
