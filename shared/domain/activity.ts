import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { SuppressionDetail } from '#domain/suppression';
import type { SettingsSnapshot } from '#domain/tenant-settings';

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
  'settings_changed',
  'preferences_changed',
  'erased',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** A recipient's written consent to be contacted again: what proves it, and when it was given. */
export interface Consent {
  /** Where the consent is kept or what it says (a ticket, a signed form, an email's message id). */
  readonly evidence: string;
  /** ISO 8601, never in the future. */
  readonly obtainedAt: string;
}

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

/**
 * A recipient's choices as they were or became, for a `preferences_changed` event: only what changed. Topics map
 * to "subscribed"; `pausedUntil` is the end of the pause in force, `null` for none.
 */
export interface ChoicesSnapshot {
  readonly topics?: Readonly<Record<string, boolean>>;
  readonly pausedUntil?: string | null;
}

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
  /** The recipient's written consent a recipient-owned suppression was lifted with; kept forever. */
  readonly consent?: Consent;
  readonly ip?: string;
  readonly userAgent?: string;
  /** `settings_changed`: the fields that changed, as they were and as they became (`null`: unset). */
  readonly settingsBefore?: SettingsSnapshot;
  readonly settingsAfter?: SettingsSnapshot;
  /** `preferences_changed`: the recipient's choices that changed, as they were and as they became. */
  readonly choicesBefore?: ChoicesSnapshot;
  readonly choicesAfter?: ChoicesSnapshot;
  /**
   * `erased`: the values whose clear text the erasure removed, by kind and keyed hash only (the event itself must
   * not hold what it erased). One erasure is one event, however many values it reached.
   */
  readonly erasedValues?: readonly ErasedValue[];
}

/** A value an erasure reached: what still identifies it once its clear text is gone. */
export interface ErasedValue {
  readonly kind: Kind;
  readonly valueHash: string;
}
