import { randomUUID } from 'node:crypto';
import { inputText } from '#app/add-suppressions';
import { mapBounded } from '#app/map-bounded';
import type { ActivityLog } from '#app/ports/activity';
import type { SuppressionRepository } from '#app/ports/suppressions';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { actorOf } from '#domain/acting-principal';
import type { ActivityEvent, Consent } from '#domain/activity';
import { UnavailableError } from '#domain/errors';
import { describeInvalidValue } from '#domain/invalid-value';
import type { Kind, NormalizedValue } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import type { Principal } from '#domain/roles';
import { SOURCE_RULES, type Source, type SourceRule } from '#domain/sources';
import { entrySources, type SuppressionEntry, type SuppressionKey } from '#domain/suppression';
import type { ValueHasher } from '#domain/value-hash';
import { withoutUndefined } from '#domain/without-undefined';

/** An event's own fields; the use case fills in id, tenant, time and actor. Undefined ones are dropped. */
type EventFields = Pick<ActivityEvent, 'action'> & {
  readonly [K in Exclude<keyof ActivityEvent, 'action'>]?: ActivityEvent[K] | undefined;
};

export interface RemoveSuppressionsDeps {
  readonly suppressions: Pick<
    SuppressionRepository,
    'batchGetSuppressions' | 'getSuppression' | 'removeSources'
  >;
  readonly activity: Pick<ActivityLog, 'recordActivity'>;
  readonly hashValue: ValueHasher;
  /** The parsers' options of the tenant (its default phone country). */
  readonly normalizeOptionsFor: NormalizeOptionsFor;
}

/** What an admin may lift beyond what is restorable alone (SOURCE_RULES `liftedWith`). */
export interface LiftGrounds {
  /** The recipient's written consent: lifts what the recipient owns (`link`, `list_unsubscribe`, `spam_complaint`). */
  readonly consent?: Consent;
  /** `address_verified`: the address was checked and works again, which lifts a `bounce`. */
  readonly reason?: 'address_verified';
}

export interface RemoveSuppressionsInput {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly values: readonly unknown[];
  readonly at: Date;
  /** Consent or a stated reason; the caller has checked the principal may give them. @default none */
  readonly grounds?: LiftGrounds;
}

export type NotRestorableReason = NonNullable<SourceRule['notRestorableReason']>;

export type RemoveResult =
  | {
      readonly input: string;
      readonly status: 'removed' | 'not_found';
      readonly value: string;
      readonly kind: Kind;
      /** Removed under the recipient's consent given with the request. */
      readonly consent?: true;
    }
  | {
      readonly input: string;
      readonly status: 'not_restorable';
      readonly value: string;
      readonly kind: Kind;
      readonly reason: NotRestorableReason;
      /** The sources still holding the entry; restorable ones this request held were removed. */
      readonly sources: readonly Source[];
    }
  | { readonly input: string; readonly status: 'invalid'; readonly error: string };

type ValueOutcome =
  | { readonly status: 'removed'; readonly consent?: true }
  | { readonly status: 'not_found' }
  | {
      readonly status: 'not_restorable';
      readonly reason: NotRestorableReason;
      readonly sources: readonly Source[];
    };

/** Versions read, then changed by someone else before our write: re-read and decide again, a few times. */
const MAX_ATTEMPTS = 5;
const CONCURRENCY = 16;

/** Whether these grounds lift a source an admin may not restore alone. */
const liftsWith = (grounds: LiftGrounds, source: Source): boolean => {
  const needed = SOURCE_RULES[source].liftedWith;
  return (
    (needed === 'consent' && grounds.consent !== undefined) ||
    (needed === 'address_verified' && grounds.reason === 'address_verified')
  );
};

/** The reason shown for the first source (in SOURCES order) an admin may not lift. */
const reasonOf = (sources: readonly Source[]): NotRestorableReason =>
  sources.flatMap((source) => SOURCE_RULES[source].notRestorableReason ?? [])[0] ?? 'link';

/**
 * Bulk remove (restore): only what an admin may lift is lifted (SOURCE_RULES):
 * 1. parses every value; reads every entry (R2, batched; unreadable entries fail the call before any change);
 * 2. per entry, removes the restorable sources (`admin`, `api`, `legacy`) — and, with the recipient's written
 *    consent, what the recipient owns (`link`, `list_unsubscribe`, `spam_complaint`), and with the reason
 *    `address_verified` a `bounce` — with a `restored` event that keeps the consent (evidence, time), the reason,
 *    the actor and the sources before and after, guarded by the version read (W2; a concurrent change re-reads
 *    and decides again);
 * 3. an entry also (or only) held by a recipient or mailbox-provider source stays suppressed: the answer is
 *    `not_restorable` with the reason (`link`, `one-click`, `bounce`, `complaint`) and a `restore_refused` event;
 * 4. a value with no entry answers `not_found`, also recorded as `restore_refused`.
 * Every attempt is in the value's activity; invalid values are reported and touch nothing.
 */
export const removeSuppressions =
  (deps: RemoveSuppressionsDeps) =>
  async (input: RemoveSuppressionsInput): Promise<RemoveResult[]> => {
    const grounds = input.grounds ?? {};
    const options = await deps.normalizeOptionsFor(input.tenantId);
    const parsed = input.values.map((value) => parseAnyValue(value, options));
    const unique = new Map<string, { key: SuppressionKey; value: NormalizedValue }>();
    const idOf = parsed.map((result) => {
      if (!result.ok) return '';
      const key: SuppressionKey = {
        tenantId: input.tenantId,
        kind: result.value.kind,
        valueHash: deps.hashValue(result.value.kind, result.value.value),
      };
      const id = `${key.kind}\u0000${key.valueHash}`;
      if (!unique.has(id)) unique.set(id, { key, value: result.value });
      return id;
    });
    const lookup = await deps.suppressions.batchGetSuppressions([...unique.values()].map(({ key }) => key));
    if (lookup.unchecked.length > 0) {
      throw new UnavailableError(
        `${lookup.unchecked.length} value(s) could not be read, so nothing was changed; retry the request`,
      );
    }
    const current = new Map<string, SuppressionEntry>();
    for (const entry of lookup.entries.values()) current.set(`${entry.kind}\u0000${entry.valueHash}`, entry);

    const event = (key: SuppressionKey, value: NormalizedValue, fields: EventFields): ActivityEvent =>
      withoutUndefined({
        eventId: randomUUID(),
        tenantId: input.tenantId,
        at: input.at.toISOString(),
        actor: actorOf(input.principal),
        kind: key.kind,
        valueHash: key.valueHash,
        value: value.value,
        ...fields,
      }) as ActivityEvent;

    const restore = async (id: string): Promise<ValueOutcome> => {
      const { key, value } = unique.get(id) as { key: SuppressionKey; value: NormalizedValue };
      let entry = current.get(id);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (!entry) {
          await deps.activity.recordActivity(
            event(key, value, { action: 'restore_refused', reason: 'not_found' }),
            key,
          );
          return { status: 'not_found' };
        }
        const before = entrySources(entry);
        const liftable = before.filter(
          (source) => SOURCE_RULES[source].restorable || liftsWith(grounds, source),
        );
        const kept = before.filter((source) => !liftable.includes(source));
        // Consent is recorded (and answered) only where it lifted what the recipient owns.
        const consent = liftable.some((source) => !SOURCE_RULES[source].restorable)
          ? grounds.consent
          : undefined;
        const reason = liftable.includes('bounce') ? grounds.reason : undefined;
        if (liftable.length > 0) {
          const outcome = await deps.suppressions.removeSources({
            key,
            sources: liftable,
            current: entry,
            event: event(key, value, {
              action: 'restored',
              source: liftable[0],
              before,
              after: kept,
              consent,
              reason,
            }),
          });
          if (outcome === 'conflict') {
            entry = await deps.suppressions.getSuppression(key);
            continue;
          }
          if (kept.length === 0)
            return consent ? { status: 'removed', consent: true } : { status: 'removed' };
        }
        const refusal = reasonOf(kept);
        await deps.activity.recordActivity(
          event(key, value, { action: 'restore_refused', reason: refusal, before: kept, after: kept }),
          key,
        );
        return { status: 'not_restorable', reason: refusal, sources: kept };
      }
      throw new UnavailableError('an entry kept changing while it was being restored; retry the request');
    };

    const ids = [...unique.keys()];
    const outcomes = new Map(
      (await mapBounded(ids, CONCURRENCY, restore)).map((outcome, index) => [ids[index] as string, outcome]),
    );
    return parsed.map((result, index): RemoveResult => {
      if (!result.ok) {
        return {
          input: inputText(input.values[index], result.error.input),
          status: 'invalid',
          error: describeInvalidValue(result.error),
        };
      }
      const id = idOf[index] as string;
      return {
        input: inputText(input.values[index], result.value.display),
        value: result.value.value,
        kind: result.value.kind,
        ...(outcomes.get(id) as ValueOutcome),
      } as RemoveResult;
    });
  };
