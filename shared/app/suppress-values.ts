import type { AddSuppressionCommand, SuppressionRepository } from '#app/ports/suppressions';
import { buildSuppressionCommand } from '#app/suppress-value';
import type { Actor } from '#domain/activity';
import { UnavailableError } from '#domain/errors';
import type { NormalizedValue } from '#domain/kinds';
import type { Source } from '#domain/sources';
import {
  entrySources,
  type SourceRecord,
  type SuppressionDetail,
  type SuppressionKey,
} from '#domain/suppression';
import type { ValueHasher } from '#domain/value-hash';

export interface SuppressValuesDeps {
  readonly suppressions: Pick<SuppressionRepository, 'batchGetSuppressions' | 'addSuppressions'>;
  readonly hashValue: ValueHasher;
}

export interface SuppressValuesInput {
  readonly tenantId: string;
  readonly values: readonly NormalizedValue[];
  readonly source: Source;
  readonly actor: Actor;
  readonly at: Date;
  readonly contactId?: string;
  readonly detail?: SuppressionDetail;
}

export type SuppressValueOutcome =
  | { readonly status: 'added' }
  /** Suppressed before this request (or by an earlier line of it): `sources` are the ones that held it then. */
  | {
      readonly status: 'already_suppressed';
      readonly sources: readonly Source[];
      /**
       * This request's source's record on the entry, when the source held it before (an import job reads its
       * own earlier attempt's mark in it). Absent for a later copy of a value within the request.
       */
      readonly held?: SourceRecord;
    };

/** Reads in flight for the pre-read; DynamoDB Local and DynamoDB both take this many BatchGetItem calls well. */
const READ_CONCURRENCY = 16;
/**
 * W1b transactions (50 values each) in flight: more only queue up behind the tenant's GSI1 partition. `npm run
 * bench:admin` holds the bulk add against a bare BatchWriteItem of the same items at this same number.
 */
export const WRITE_CONCURRENCY = 4;
/**
 * Distinct values read before anything else (one BatchGetItem), to choose how the rest is written. When none of
 * them has an entry (a list of new values: the common bulk add), the rest is written without a read, each write's
 * own condition answering for its value; when any has one (a list sent again, a retried import chunk), the rest is
 * read first too, so held values cost a read, not a refused transaction, and a group is not refused for one of them.
 */
export const PROBE_VALUES = 100;

const keyId = (key: SuppressionKey) => `${key.kind}\u0000${key.valueHash}`;

/** What the pre-read (R2) found: the sources holding each entry, this source's record on it, whether any exists. */
interface PreRead {
  readonly held: Map<string, readonly Source[]>;
  readonly records: Map<string, SourceRecord>;
  found: boolean;
}

/** Reads the entries of `commands` into `into`; a key that could not be read fails the call (nothing written yet). */
const readEntries = async (
  deps: SuppressValuesDeps,
  commands: readonly AddSuppressionCommand[],
  source: Source,
  into: PreRead,
): Promise<void> => {
  if (commands.length === 0) return;
  const lookup = await deps.suppressions.batchGetSuppressions(
    commands.map((command) => command.key),
    { concurrency: READ_CONCURRENCY },
  );
  if (lookup.unchecked.length > 0) {
    throw new UnavailableError(
      `${lookup.unchecked.length} value(s) could not be read, so nothing was changed; retry the request`,
    );
  }
  // An item holding only a recipient's choices makes a create fail as an entry does: it counts as found.
  if (lookup.entries.size > 0 || lookup.choices.length > 0) into.found = true;
  for (const entry of lookup.entries.values()) {
    into.held.set(keyId(entry), entrySources(entry));
    const record = entry.sources[source];
    if (record) into.records.set(keyId(entry), record);
  }
};

/**
 * Suppresses many values from one source, each with its audit event, and says for each what it found:
 * 1. reads the first {@link PROBE_VALUES} entries (R2, batched), and the others too when any of those exists: which
 *    sources held each value before. Every read is done before any write: an entry that could not be read fails
 *    the call before anything is written (503), so nothing is answered from a guess;
 * 2. writes the values this source does not hold yet in grouped transactions (W1b), entry and event together,
 *    joining the entries the read found and creating the others. A value left unread is created; if its entry
 *    exists after all, the refused condition returns it (ALL_OLD), which tells the sources held before, and the
 *    value is answered from that, or joins the entry;
 * 3. answers per input value, in order: `added`, or `already_suppressed` with the sources held before (a value
 *    whose entry had other sources gets this source too, and says so: it was already blocked).
 * A value repeated in the input is written once; its later copies answer `already_suppressed`.
 */
export const suppressValues =
  (deps: SuppressValuesDeps) =>
  async (input: SuppressValuesInput): Promise<SuppressValueOutcome[]> => {
    const commands = new Map<string, AddSuppressionCommand>();
    const commandOf = input.values.map((value) => {
      const command = buildSuppressionCommand(deps.hashValue, {
        tenantId: input.tenantId,
        value,
        source: input.source,
        actor: input.actor,
        at: input.at,
        ...(input.contactId === undefined ? {} : { contactId: input.contactId }),
        ...(input.detail === undefined ? {} : { detail: input.detail }),
      });
      const id = keyId(command.key);
      if (!commands.has(id)) commands.set(id, command);
      return id;
    });

    const distinct = [...commands.values()];
    const read: PreRead = { held: new Map(), records: new Map(), found: false };
    await readEntries(deps, distinct.slice(0, PROBE_VALUES), input.source, read);
    if (read.found) await readEntries(deps, distinct.slice(PROBE_VALUES), input.source, read);
    const { held, records } = read;

    const toWrite = [...commands].filter(([id]) => !held.get(id)?.includes(input.source));
    const written = await deps.suppressions.addSuppressions(
      toWrite.map(([id, command]) => (held.has(id) ? { ...command, entryExists: true } : command)),
      { concurrency: WRITE_CONCURRENCY },
    );
    const outcomes = new Map<string, SuppressValueOutcome>();
    for (const [id] of commands) {
      const before = held.get(id) ?? [];
      const record = records.get(id);
      outcomes.set(
        id,
        before.length > 0
          ? { status: 'already_suppressed', sources: before, ...(record ? { held: record } : {}) }
          : { status: 'added' },
      );
    }
    toWrite.forEach(([id], index) => {
      const outcome = written[index];
      if (outcome?.status === 'already_suppressed') {
        // This source held it already: unread, or someone else's write of it landed after our read.
        const record = outcome.entry.sources[input.source];
        outcomes.set(id, {
          status: 'already_suppressed',
          sources: entrySources(outcome.entry),
          ...(record ? { held: record } : {}),
        });
      } else if (outcome?.status === 'source_added' && outcome.entry) {
        // The create was refused and the write joined the entry it found: those are the sources held before.
        const before = entrySources(outcome.entry);
        if (before.length > 0) outcomes.set(id, { status: 'already_suppressed', sources: before });
      }
    });

    const seen = new Set<string>();
    return commandOf.map((id) => {
      const outcome = outcomes.get(id) as SuppressValueOutcome;
      if (seen.has(id) && outcome.status === 'added') {
        return { status: 'already_suppressed', sources: [input.source] };
      }
      seen.add(id);
      return outcome;
    });
  };
