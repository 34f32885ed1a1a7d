import { randomUUID } from 'node:crypto';
import { mapBounded } from '#app/map-bounded';
import type { ActivityLog } from '#app/ports/activity';
import type { DoNotContactStore } from '#app/ports/contacts';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { actorOf } from '#domain/acting-principal';
import type { ActivityEvent } from '#domain/activity';
import { ForbiddenError, NotFoundError, UnavailableError } from '#domain/errors';
import type { Kind } from '#domain/kinds';
import type { Principal } from '#domain/roles';
import type { Source } from '#domain/sources';
import { entrySources, type SuppressionKey } from '#domain/suppression';
import { withoutUndefined } from '#domain/without-undefined';

/** An event's own fields; the use case fills in id, tenant, time and actor. Undefined ones are dropped. */
type EventFields = Pick<ActivityEvent, 'action'> & {
  readonly [K in Exclude<keyof ActivityEvent, 'action'>]?: ActivityEvent[K] | undefined;
};

export interface LiftDoNotContactDeps {
  readonly contacts: Pick<DoNotContactStore, 'batchGetDoNotContact' | 'liftDoNotContact'>;
  readonly suppressions: Pick<SuppressionRepository, 'getSuppression' | 'removeSources'>;
  readonly activity: Pick<ActivityLog, 'listContactActivityNewestFirst' | 'recordActivity'>;
}

export interface LiftDoNotContactInput {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly contactId: string;
  readonly at: Date;
}

export interface LiftedValue {
  readonly kind: Kind;
  /** Null once the value's clear text was erased. */
  readonly value: string | null;
  /**
   * `removed`: no longer suppressed; `still_suppressed`: other sources still hold it (`sources`), such as the
   * recipient's own unsubscribe or a bounce; `not_found`: the do-not-contact's entry was already gone.
   */
  readonly status: 'removed' | 'still_suppressed' | 'not_found';
  readonly sources?: readonly Source[];
}

export interface LiftDoNotContactResult {
  readonly contactId: string;
  readonly status: 'lifted';
  readonly values: readonly LiftedValue[];
}

/** Sources a do-not-contact puts on its values; only these are taken off again. */
const DO_NOT_CONTACT_SOURCES: readonly Source[] = ['admin', 'api'];
/** Contact activity read to find the values a do-not-contact blocked: far more than any contact has. */
const ACTIVITY_PAGES = 50;
const ACTIVITY_PAGE_SIZE = 200;
const MAX_ATTEMPTS = 5;

/**
 * Lifts a contact's do-not-contact set through the admin API (a system rule's is refused, 403):
 * 1. reads the block (R7; not set → 404);
 * 2. finds the values it blocked: the contact's `suppressed` events (R5) from `admin`/`api` marked `doNotContact`;
 * 3. takes exactly those sources off those values (W2, version-guarded, a `restored` event each) when their record
 *    still names this contact and the do-not-contact; other sources stay, so a recipient's own unsubscribe, a
 *    bounce, or a value a teammate added separately keeps blocking;
 * 4. lifts the block itself (W5). Values first: a failure part-way leaves the block set, and a retry finishes.
 */
export const liftDoNotContact =
  (deps: LiftDoNotContactDeps) =>
  async (input: LiftDoNotContactInput): Promise<LiftDoNotContactResult> => {
    const { tenantId, contactId } = input;
    const lookup = await deps.contacts.batchGetDoNotContact(tenantId, [contactId]);
    if (lookup.unchecked.length > 0)
      throw new UnavailableError('the contact could not be read; retry the request');
    const state = lookup.blocked.get(contactId);
    if (!state) throw new NotFoundError(`contact ${JSON.stringify(contactId)} is not marked do-not-contact`);
    const actor = actorOf(input.principal);
    const at = input.at.toISOString();
    const event = (fields: EventFields): ActivityEvent =>
      withoutUndefined({ eventId: randomUUID(), tenantId, at, actor, contactId, ...fields }) as ActivityEvent;
    if (!state.liftable) {
      const reason = 'set by a system rule, not through the admin API; it cannot be lifted here';
      await deps.activity.recordActivity(event({ action: 'action_refused', reason }), { contactId });
      throw new ForbiddenError(`the do-not-contact of contact ${JSON.stringify(contactId)} was ${reason}`);
    }

    const blocked = new Map<string, { key: SuppressionKey; value?: string }>();
    let startKey: Record<string, string> | undefined;
    for (let page = 0; page < ACTIVITY_PAGES; page++) {
      const events = await deps.activity.listContactActivityNewestFirst(tenantId, contactId, {
        limit: ACTIVITY_PAGE_SIZE,
        ...(startKey ? { startKey } : {}),
      });
      for (const item of events.items) {
        if (
          item.action === 'suppressed' &&
          item.source !== undefined &&
          DO_NOT_CONTACT_SOURCES.includes(item.source) &&
          item.detail?.doNotContact === true &&
          item.kind !== undefined &&
          item.valueHash !== undefined
        ) {
          blocked.set(`${item.kind}\u0000${item.valueHash}`, {
            key: { tenantId, kind: item.kind, valueHash: item.valueHash },
            ...(item.value === undefined ? {} : { value: item.value }),
          });
        }
      }
      if (!events.nextKey) break;
      startKey = events.nextKey;
    }

    const restore = async ({ key, value }: { key: SuppressionKey; value?: string }): Promise<LiftedValue> => {
      const shown = { kind: key.kind, value: value ?? null };
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const entry = await deps.suppressions.getSuppression(key);
        const ours = DO_NOT_CONTACT_SOURCES.filter((source) => {
          const record = entry?.sources[source];
          return record?.contactId === contactId && record.detail?.doNotContact === true;
        });
        if (!entry || ours.length === 0) return { ...shown, status: 'not_found' };
        const before = entrySources(entry);
        const after = before.filter((source) => !ours.includes(source));
        const outcome = await deps.suppressions.removeSources({
          key,
          sources: ours,
          current: entry,
          event: event({
            action: 'restored',
            source: ours[0],
            kind: key.kind,
            valueHash: key.valueHash,
            value,
            before,
            after,
            reason: 'do_not_contact_lifted',
          }),
        });
        if (outcome === 'removed') {
          return after.length === 0
            ? { ...shown, status: 'removed' }
            : { ...shown, status: 'still_suppressed', sources: after };
        }
      }
      throw new UnavailableError(
        'a value kept changing while the do-not-contact was lifted; retry the request',
      );
    };
    const values = await mapBounded([...blocked.values()], 16, restore);

    const lifted = await deps.contacts.liftDoNotContact(
      tenantId,
      contactId,
      event({ action: 'do_not_contact_lifted' }),
    );
    if (lifted === 'not_set') {
      throw new NotFoundError(`contact ${JSON.stringify(contactId)} is not marked do-not-contact`);
    }
    return { contactId, status: 'lifted', values };
  };
