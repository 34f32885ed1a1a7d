import type { ActivityEvent } from '#domain/activity';
import type { Kind } from '#domain/kinds';
import type { RecipientChoices } from '#domain/recipient-choices';
import type { Source } from '#domain/sources';
import type { SourceRecord, SuppressionEntry, SuppressionKey } from '#domain/suppression';
import type { Page, PageRequest } from './paging';

/** W1: one source added to a value's entry, with the audit event written in the same transaction. */
export interface AddSuppressionCommand {
  readonly key: SuppressionKey;
  /** Normalized clear value and the form entered, kept for display until erased. */
  readonly value: string;
  readonly display: string;
  readonly source: Source;
  readonly record: SourceRecord;
  /** The audit event written in the same transaction. */
  readonly event: ActivityEvent;
  /**
   * Whether the caller saw the entry exist (held by other sources), from a read it made anyway: the write then
   * joins it first instead of creating it. A belief gone stale costs one more round trip, never a wrong write.
   * @default false
   */
  readonly entryExists?: boolean;
}

/** What a W1 write did, told by the write itself: none reads the entry back. */
export type AddSuppressionOutcome =
  /** A new entry, with its event. */
  | { readonly status: 'added' }
  /**
   * The value was already suppressed by other sources; this source joined them, with its event. `entry` is the
   * entry as the write found it when it had tried to create it first (the failed condition returned it): the
   * sources held before, told by the write itself. Absent when the caller's `entryExists` sent it to join at once.
   */
  | { readonly status: 'source_added'; readonly entry?: SuppressionEntry }
  /** This source already held the entry: nothing changed, no event written. The entry as it was. */
  | { readonly status: 'already_suppressed'; readonly entry: SuppressionEntry };

/** W2: sources taken off an entry, guarded by the version the caller read. */
export interface RemoveSourcesCommand {
  readonly key: SuppressionKey;
  readonly sources: readonly Source[];
  /**
   * The entry as the caller read it before deciding: its sources say whether the entry goes or stays, and its
   * version guards the write, so a concurrent change makes it report `conflict`.
   */
  readonly current: SuppressionEntry;
  readonly event: ActivityEvent;
}
export type RemoveSourcesOutcome = 'removed' | 'conflict';

/** R3's filters, all optional and combined with AND. */
export interface SuppressionListFilter {
  /** ISO-8601 instants, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly sources?: readonly Source[];
  readonly kinds?: readonly Kind[];
  readonly addedBy?: string;
  /** Value prefixes, any of which may match (normalized form). */
  readonly valuePrefixes?: readonly string[];
}

export interface BatchLookupResult {
  /** Entries held by at least one source, by key id (`suppressionKeyId`): the suppressed values. */
  readonly entries: ReadonlyMap<string, SuppressionEntry>;
  /** A recipient's choices found on the same items, with or without sources. */
  readonly choices: readonly { readonly key: SuppressionKey; readonly choices: RecipientChoices }[];
  /** Keys that could not be read after retries: callers fail closed on them. */
  readonly unchecked: readonly SuppressionKey[];
  readonly requests: number;
  readonly readUnits: number;
}

export interface BatchLookupOptions {
  /** Read only what an allow/deny decision needs (sources and key), not display values or records. */
  readonly decisionOnly?: boolean;
  /** With `decisionOnly`: the topic whose answers the decision needs too (pauses are always read). */
  readonly topic?: string;
  /** Lookup calls in flight. */
  readonly concurrency?: number;
  /**
   * The keys are distinct already (the pre-send filter de-duplicates them itself): the repository skips its own
   * check. A repeated key would fail its call, whose keys then come back unchecked (fail closed).
   */
  readonly distinctKeys?: boolean;
}

/**
 * Suppression entries: one per (tenant, kind, value hash), held by one or more sources. Every write carries its
 * audit event, so an entry never changes without a trace. `DynamoDbSuppressionRepository` implements it.
 */
export interface SuppressionRepository {
  addSuppression(command: AddSuppressionCommand): Promise<AddSuppressionOutcome>;
  /** W1b: many W1 writes grouped; the commands name distinct keys. */
  addSuppressions(
    commands: readonly AddSuppressionCommand[],
    options?: { readonly concurrency?: number },
  ): Promise<AddSuppressionOutcome[]>;
  removeSources(command: RemoveSourcesCommand): Promise<RemoveSourcesOutcome>;
  /** The entry when at least one source holds the value (its `choices` attached); undefined otherwise. */
  getSuppression(key: SuppressionKey): Promise<SuppressionEntry | undefined>;
  batchGetSuppressions(
    keys: readonly SuppressionKey[],
    options?: BatchLookupOptions,
  ): Promise<BatchLookupResult>;
  listSuppressionsNewestFirst(
    tenantId: string,
    filter: SuppressionListFilter,
    page: PageRequest,
  ): Promise<Page<SuppressionEntry>>;
  /** R3′: the position right after an entry, to go on from when a caller stops inside a page. */
  listPositionAfter(entry: SuppressionEntry): Record<string, string>;
}
