import {
  ACTIVITY_ACTIONS,
  type ActivityAction,
  type ActivityEvent,
  type Actor,
  type ChoicesSnapshot,
} from '#domain/activity';
import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { SuppressionDetail } from '#domain/suppression';
import type { SettingsSnapshot } from '#domain/tenant-settings';

/**
 * Outbound events: what CRMs and warehouses receive on the Quietlist event bus when something changes
 * (docs/events/README.md). Each is derived from exactly one activity item by {@link toOutboundEvent}, the one
 * mapping both the deployed pipe's enrichment function and the local stand-in run, so the two cannot disagree.
 */

/**
 * A stream record that is no activity insert, or whose item is not a whole event: the enrichment fails its batch
 * (the pipe retries, then parks it in its dead-letter queue), never skips it silently nor publishes half of it.
 */
export class MalformedActivityRecordError extends Error {
  override readonly name = 'MalformedActivityRecordError';
}

/** The EventBridge `source` of every event. */
export const OUTBOUND_EVENT_SOURCE = 'quietlist';

export const OUTBOUND_DETAIL_TYPES = [
  'Suppression Added',
  'Suppression Removed',
  'Suppression Refused',
  'Contact Do-Not-Contact Set',
  'Contact Do-Not-Contact Lifted',
  'Recipient Resubscribed',
  'Feedback Applied',
  'Erasure Completed',
  'Settings Changed',
  'Preferences Changed',
] as const;
export type OutboundDetailType = (typeof OUTBOUND_DETAIL_TYPES)[number];

/**
 * Which detail type each activity action publishes, or `null` for actions that are audit only. A `Record` over
 * every action, so a new action does not compile until someone decides whether (and as what) it is published.
 */
export const DETAIL_TYPE_OF_ACTION: Readonly<Record<ActivityAction, OutboundDetailType | null>> = {
  suppressed: 'Suppression Added',
  restored: 'Suppression Removed',
  restore_refused: 'Suppression Refused',
  resubscribe_refused: 'Suppression Refused',
  resubscribed: 'Recipient Resubscribed',
  do_not_contact_set: 'Contact Do-Not-Contact Set',
  do_not_contact_lifted: 'Contact Do-Not-Contact Lifted',
  feedback_recorded: 'Feedback Applied',
  // A teammate's permission refusal changes nothing a CRM keeps; it stays in the audit log (docs/events/README.md).
  action_refused: null,
  settings_changed: 'Settings Changed',
  // A recipient left or joined a topic, or paused: a CRM keeps per-topic consent, so it is told.
  preferences_changed: 'Preferences Changed',
  // Consumers erase their own copies of the values it names (by valueHash): docs/privacy.md.
  erased: 'Erasure Completed',
};

/** The actions that publish an event: the pipe's source filter admits exactly these (shared/events-contract.ts). */
export const PUBLISHED_ACTIONS: readonly ActivityAction[] = ACTIVITY_ACTIONS.filter(
  (action) => DETAIL_TYPE_OF_ACTION[action] !== null,
);

/**
 * One value an event concerns. `value` is the clear value when the service still holds it, `null` once it was
 * erased (or never known): `valueHash`, the keyed hash the service keys the value by, always identifies it, so
 * no consumer ever needs the clear value again to match a later event to an earlier one.
 */
export interface OutboundValue {
  readonly kind: Kind;
  readonly value: string | null;
  readonly valueHash: string;
}

/** What every `detail` carries. Absent facts are `null`, never missing, so consumers' schemas stay simple. */
export interface OutboundDetailBase {
  readonly tenantId: string;
  /** The activity event's id: stable across redeliveries, what consumers deduplicate on. */
  readonly eventId: string;
  /** When the change happened (ISO 8601), not when the event was sent. */
  readonly occurredAt: string;
  /** The activity action behind the event (several map to one detail type, e.g. the two refusals). */
  readonly action: ActivityAction;
  readonly actor: Actor;
  readonly source: Source | null;
  readonly campaignId: string | null;
  readonly contactId: string | null;
  readonly values: readonly OutboundValue[];
}

/** Sources held before and after a change of an entry (sorted, as stored). */
export interface SourceChange {
  readonly sourcesBefore: readonly Source[] | null;
  readonly sourcesAfter: readonly Source[] | null;
}

export type OutboundDetail =
  | (OutboundDetailBase & SourceChange & { readonly sourceDetail: SuppressionDetail | null })
  | (OutboundDetailBase &
      SourceChange & { readonly reason: string | null; readonly consentObtainedAt: string | null })
  | (OutboundDetailBase & { readonly reason: string | null })
  | (OutboundDetailBase & { readonly reason: string | null; readonly sourceDetail: SuppressionDetail | null })
  | (OutboundDetailBase & {
      readonly settingsBefore: SettingsSnapshot;
      readonly settingsAfter: SettingsSnapshot;
    })
  | (OutboundDetailBase & {
      readonly choicesBefore: ChoicesSnapshot;
      readonly choicesAfter: ChoicesSnapshot;
    });

/** An event as the bus receives it: `source` is {@link OUTBOUND_EVENT_SOURCE}. */
export interface OutboundEvent {
  readonly detailType: OutboundDetailType;
  readonly detail: OutboundDetail;
}

const valuesOf = (event: ActivityEvent): OutboundValue[] => {
  if (event.erasedValues !== undefined) {
    return event.erasedValues.map(({ kind, valueHash }) => ({ kind, value: null, valueHash }));
  }
  return event.kind !== undefined && event.valueHash !== undefined
    ? [{ kind: event.kind, value: event.value ?? null, valueHash: event.valueHash }]
    : [];
};

/** The actor as published: the stored object, copied field by field so nothing else stored can leak into it. */
const actorOf = (actor: Actor): Actor => {
  switch (actor.type) {
    case 'user':
    case 'api': {
      const { displayName, email } = actor;
      const id = actor.type === 'user' ? { userId: actor.userId } : { clientId: actor.clientId };
      return {
        type: actor.type,
        ...id,
        ...(displayName === undefined ? {} : { displayName }),
        ...(email === undefined ? {} : { email }),
      } as Actor;
    }
    case 'recipient':
      return { type: 'recipient' };
    case 'system':
      return { type: 'system', name: actor.name };
  }
};

/**
 * The outbound event of one activity event, or `undefined` for an action that publishes none. Pure: the
 * activity item holds everything (the clear value when it is still held, its hash always), so an event never
 * needs another read, and the same item always gives the same event (redeliveries are identical).
 *
 * Deliberately left out: the recipient's IP address and user agent and the text of a consent's evidence. They
 * are the proof kept in the audit log (and in a subject-access answer), not facts a CRM acts on.
 */
export const toOutboundEvent = (event: ActivityEvent): OutboundEvent | undefined => {
  const detailType = DETAIL_TYPE_OF_ACTION[event.action];
  if (detailType === null || detailType === undefined) return undefined;
  const base: OutboundDetailBase = {
    tenantId: event.tenantId,
    eventId: event.eventId,
    occurredAt: event.at,
    action: event.action,
    actor: actorOf(event.actor),
    source: event.source ?? null,
    campaignId: event.campaignId ?? null,
    contactId: event.contactId ?? null,
    values: valuesOf(event),
  };
  const sources: SourceChange = {
    sourcesBefore: event.before === undefined ? null : [...event.before],
    sourcesAfter: event.after === undefined ? null : [...event.after],
  };
  const reason = event.reason ?? null;
  const sourceDetail = event.detail === undefined ? null : { ...event.detail };
  switch (detailType) {
    case 'Suppression Added':
      return { detailType, detail: { ...base, ...sources, sourceDetail } };
    case 'Suppression Removed':
    case 'Recipient Resubscribed':
      return {
        detailType,
        detail: { ...base, ...sources, reason, consentObtainedAt: event.consent?.obtainedAt ?? null },
      };
    case 'Suppression Refused':
    case 'Contact Do-Not-Contact Set':
    case 'Contact Do-Not-Contact Lifted':
      return { detailType, detail: { ...base, reason } };
    case 'Feedback Applied':
      return { detailType, detail: { ...base, reason, sourceDetail } };
    case 'Settings Changed':
      return {
        detailType,
        detail: {
          ...base,
          settingsBefore: { ...(event.settingsBefore ?? {}) },
          settingsAfter: { ...(event.settingsAfter ?? {}) },
        },
      };
    case 'Preferences Changed':
      return {
        detailType,
        detail: {
          ...base,
          choicesBefore: { ...(event.choicesBefore ?? {}) },
          choicesAfter: { ...(event.choicesAfter ?? {}) },
        },
      };
    case 'Erasure Completed':
      // The values erased, never their clear text (an erasure event holds none: the null is belt and braces).
      return {
        detailType,
        detail: { ...base, reason, values: base.values.map((v) => ({ ...v, value: null })) },
      };
  }
};
