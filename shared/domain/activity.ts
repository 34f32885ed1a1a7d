import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { SuppressionDetail } from '#domain/suppression';

/** Every change, and every refused change, is one append-only event. */
export const ACTIVITY_ACTIONS = [
  'suppressed',
  'restored',
  'restore_refused',
  'resubscribed',
  'resubscribe_refused',
  'do_not_contact_set',
  'do_not_contact_lifted',
  'feedback_recorded',
  'action_refused',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/**
 * Who a teammate or an API client is, as their credential named them (`name`, `email` claims), when it did:
 * shown beside the id, never matched on (filters take the id).
 */
export interface ActorPerson {
  readonly displayName?: string;
  readonly email?: string;
}

/** Who acted: a teammate, an API client, the recipient themselves, or the system (SES feedback). */
export type Actor =
  | ({ readonly type: 'user'; readonly userId: string } & ActorPerson)
  | ({ readonly type: 'api'; readonly clientId: string } & ActorPerson)
  | { readonly type: 'recipient' }
  | { readonly type: 'system'; readonly name: string };

export interface ActivityEvent {
  /**
   * Unique per event. Callers derive it from the triggering input where one exists (SES feedback id and
   * recipient, a link token and action), which is what makes replays harmless: the second write of the same id
   * is refused by a condition and the whole change is cancelled with it.
   */
  readonly eventId: string;
  readonly tenantId: string;
  readonly at: string;
  readonly action: ActivityAction;
  readonly actor: Actor;
  readonly source?: Source;
  readonly kind?: Kind;
  readonly valueHash?: string;
  /** Clear value as shown to admins; erased with the contact's other clear text. */
  readonly value?: string;
  readonly contactId?: string;
  readonly campaignId?: string;
  readonly detail?: SuppressionDetail;
  /** Sources held before and after the change. */
  readonly before?: readonly Source[];
  readonly after?: readonly Source[];
  readonly reason?: string;
  readonly ip?: string;
  readonly userAgent?: string;
}
