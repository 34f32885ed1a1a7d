import type { Category } from '#domain/category-policy';
import type { FilterReason } from '#domain/filter-reasons';
import { pausedUntil, type RecipientChoices, subscribedTo } from '#domain/recipient-choices';
import type { Topic } from '#domain/topics';

/** The categories a recipient's choices apply to: everything but transactional mail, like an unsubscribe. */
const CHOICE_CATEGORIES: ReadonlySet<Category> = new Set(['marketing', 'automation']);

/**
 * The reasons a recipient's choices block a message:
 * - a pause in force blocks every marketing and automation message (`paused`), with or without a topic;
 * - a message about `topic` is blocked when the recipient is not subscribed to it (`topic_unsubscribed`): they
 *   left it, or it is an opt-in topic they never joined;
 * - a message without a topic is never blocked by a single topic.
 * Transactional mail ignores choices, as it ignores unsubscribes.
 */
export const choiceBlockReasons = (
  category: Category,
  topic: Topic | undefined,
  choices: RecipientChoices | undefined,
  now: Date,
): FilterReason[] => {
  if (!CHOICE_CATEGORIES.has(category)) return [];
  const reasons: FilterReason[] = [];
  if (topic !== undefined && !subscribedTo(choices, topic)) reasons.push('topic_unsubscribed');
  if (pausedUntil(choices, now) !== undefined) reasons.push('paused');
  return reasons;
};
