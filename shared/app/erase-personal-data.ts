import { mapBounded } from '#app/map-bounded';
import type { ActivityLog } from '#app/ports/activity';
import type { ErasureStore } from '#app/ports/erasures';
import { TENANT_LEVEL_PARTITION } from '#app/refuse-action';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { actorOf } from '#domain/acting-principal';
import type { ErasedValue } from '#domain/activity';
import { erasureIdOf, SES_ON_ERASURE } from '#domain/erasure';
import { describeInvalidValue } from '#domain/invalid-value';
import type { Kind } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import type { Principal } from '#domain/roles';
import type { SuppressionKey } from '#domain/suppression';
import type { ValueHasher } from '#domain/value-hash';

export interface ErasePersonalDataDeps {
  readonly erasures: ErasureStore;
  readonly activity: Pick<ActivityLog, 'recordActivityOnce'>;
  readonly hashValue: ValueHasher;
  readonly normalizeOptionsFor: NormalizeOptionsFor;
}

export type ErasureInput = {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly at: Date;
} & ({ readonly values: readonly unknown[] } | { readonly contactId: string });

/** One value's answer. `input` is what was sent (null for the values a contact erasure found by its events). */
export type ErasureResult =
  | {
      readonly input: string | null;
      readonly kind: Kind;
      readonly valueHash: string;
      readonly status: 'erased';
    }
  | { readonly input: string; readonly kind: Kind; readonly status: 'not_found' }
  | { readonly input: string; readonly kind: null; readonly status: 'invalid'; readonly error: string };

export interface ErasureReceipt {
  /** Null when nothing was stored, so nothing was erased, recorded or kept about the request. */
  readonly erasureId: string | null;
  readonly contactId: string | null;
  /** For a contact erasure: whether anything of the contact was stored (`erased`) or not (`not_found`). */
  readonly contactStatus: 'erased' | 'not_found' | null;
  readonly erased: readonly ErasureResult[];
  /** The SES account-level suppression list keeps the address: it is the block SES applies (docs/privacy.md). */
  readonly ses: typeof SES_ON_ERASURE;
  /** Every erased value stays suppressed: its keyed hash still blocks it in the check and the filter. */
  readonly stillSuppressed: true;
  /** What happens to the workspace's job files in S3 (docs/privacy.md, "Job files in S3"). */
  readonly jobFiles: JobFilesOnErasure;
}

/**
 * - `deleting`: this call recorded the erasure; its `Erasure Completed` event deletes every job file of the
 *   workspace within moments (the jobs stack's rule and `PurgeJobFiles`);
 * - `requested_earlier`: a repeat of an erasure already recorded, whose event asked for that deletion then (a repeat
 *   publishes no second event; a job still running then deleted its own files when it ended);
 * - `not_reached`: nothing was stored, nothing erased nor recorded, so no deletion was asked for.
 */
export type JobFilesOnErasure = 'deleting' | 'requested_earlier' | 'not_reached';

const keyIdOf = (key: ErasedValue): string => `${key.kind}#${key.valueHash}`;

/** Values whose copies are erased at once (each pages its own events). */
const VALUES_IN_FLIGHT = 4;

/**
 * Erasure that keeps the block (GDPR Art. 17 with Art. 21; docs/privacy.md). Clear copies go, keyed hashes stay,
 * so every erased value is still suppressed.
 * 1. values: each is parsed (an invalid one answers `invalid`, touches nothing) and hashed; a contact: the values
 *    its events name (R5, every page), by kind and keyed hash;
 * 2. which keys hold anything (R13): those that hold nothing answer `not_found`; when nothing at all is stored the
 *    answer has no erasure id and nothing is written, not even an event;
 * 3. records the erasure's start once (W14): its id derives from what it reaches, so a re-run (after a failure,
 *    or a repeat) finds the first run's instant and writes its one audit event under the same key;
 * 4. for each value: its events first (W15 over R4, every page), its item last (W16); a contact's own events too
 *    (W15 over R5). A failure part-way leaves the entry (the last copy) for the re-run, which finishes the rest;
 * 5. the `erased` audit event last, holding kinds and keyed hashes only; a re-run's identical event is refused by
 *    its condition, so there is never a second one. Its outbound event is `Erasure Completed`.
 */
export const erasePersonalData =
  (deps: ErasePersonalDataDeps) =>
  async (input: ErasureInput): Promise<ErasureReceipt> => {
    const { tenantId } = input;
    const contactId = 'contactId' in input ? input.contactId : undefined;
    // Each value sent, in order, with its key once parsed; `candidates` are the distinct keys to look at.
    const sent: { readonly input: string; readonly parsed: SuppressionKey | { readonly error: string } }[] =
      [];
    const candidates = new Map<string, SuppressionKey>();
    // A contact is stored when any event names it (a do-not-contact alone names no value, and is still erased:
    // its events are searched for copies and the erasure is recorded).
    let contactStored = false;
    if (contactId === undefined) {
      const options = await deps.normalizeOptionsFor(tenantId);
      for (const raw of 'values' in input ? input.values : []) {
        const shown = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
        const parsed = parseAnyValue(raw, options);
        if (!parsed.ok) {
          sent.push({ input: shown, parsed: { error: describeInvalidValue(parsed.error) } });
          continue;
        }
        const { kind, value } = parsed.value;
        const key = { tenantId, kind, valueHash: deps.hashValue(kind, value) };
        sent.push({ input: shown, parsed: key });
        candidates.set(keyIdOf(key), key);
      }
    } else {
      const named = await deps.erasures.listContactValues(tenantId, contactId);
      contactStored = named.anyEvent;
      for (const value of named.values) candidates.set(keyIdOf(value), { tenantId, ...value });
    }

    const keys = [...candidates.values()];
    // A contact's values are stored by definition: its events name them.
    const stored =
      contactId === undefined
        ? await mapBounded(keys, VALUES_IN_FLIGHT, (key) => deps.erasures.isStored(key))
        : keys.map(() => true);
    const found = keys.filter((_, i) => stored[i]);
    const foundIds = new Set(found.map(keyIdOf));
    const answer = (erasureId: string | null, jobFiles: JobFilesOnErasure): ErasureReceipt => ({
      erasureId,
      contactId: contactId ?? null,
      contactStatus: contactId === undefined ? null : erasureId === null ? 'not_found' : 'erased',
      erased:
        contactId === undefined
          ? sent.map(({ input: shown, parsed }): ErasureResult => {
              if ('error' in parsed)
                return { input: shown, kind: null, status: 'invalid', error: parsed.error };
              return foundIds.has(keyIdOf(parsed))
                ? { input: shown, kind: parsed.kind, valueHash: parsed.valueHash, status: 'erased' }
                : { input: shown, kind: parsed.kind, status: 'not_found' };
            })
          : found.map((key) => ({ input: null, kind: key.kind, valueHash: key.valueHash, status: 'erased' })),
      ses: SES_ON_ERASURE,
      stillSuppressed: true,
      jobFiles,
    });
    if (found.length === 0 && !contactStored) return answer(null, 'not_reached');

    const erasedValues: ErasedValue[] = found.map((key) => ({ kind: key.kind, valueHash: key.valueHash }));
    const erasureId = erasureIdOf(
      tenantId,
      contactId === undefined ? { values: erasedValues } : { contactId },
    );
    const startedAt = await deps.erasures.beginErasure(tenantId, erasureId, input.at.toISOString());
    if (contactId !== undefined) await deps.erasures.eraseContactEvents(tenantId, contactId);
    await mapBounded(found, VALUES_IN_FLIGHT, async (key) => {
      await deps.erasures.eraseValueEvents(key);
      await deps.erasures.eraseEntry(key, startedAt);
    });
    const recorded = await deps.activity.recordActivityOnce(
      {
        eventId: erasureId,
        tenantId,
        at: startedAt,
        action: 'erased',
        actor: actorOf(input.principal),
        erasedValues,
        reason: contactId === undefined ? 'values' : 'contact',
        ...(contactId === undefined ? {} : { contactId }),
      },
      contactId === undefined ? TENANT_LEVEL_PARTITION : { contactId },
    );
    return answer(erasureId, recorded ? 'deleting' : 'requested_earlier');
  };
