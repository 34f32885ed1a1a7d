import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapBounded } from '#app/map-bounded';
import type { Page, PageRequest } from '#app/ports/paging';
import type {
  AddSuppressionCommand,
  AddSuppressionOutcome,
  BatchLookupOptions,
  BatchLookupResult,
  RemoveSourcesCommand,
  RemoveSourcesOutcome,
  SuppressionListFilter,
  SuppressionRepository,
} from '#app/ports/suppressions';
import type { Kind } from '#domain/kinds';
import type { RecipientChoices } from '#domain/recipient-choices';
import { SOURCE_RULES, type Source } from '#domain/sources';
import type { SuppressionEntry, SuppressionKey } from '#domain/suppression';
import { INDEXES } from '#shared/table-contract';
import type { BackoffOptions } from './backoff';
import { batchGetAll, tableKeyId } from './batch-get';
import { addSourceItems, type EntryWrite, removeSourcesItems } from './entry-write-items';
import {
  ATTR,
  entryTableKey,
  holdsSources,
  sourceAttribute,
  tenantTimelineOf,
  timelineSortKey,
  topicChoiceAttribute,
  toRecipientChoices,
  toSuppressionEntry,
} from './item-mappers';
import { suppressionPk } from './keys';
import { queryPage } from './query-page';
import { suppressionListQuery } from './suppression-list-query';
import { transactWrite } from './transact';

/** Stable identity of a suppression key, for maps and de-duplication. */
export const suppressionKeyId = (key: SuppressionKey): string =>
  suppressionPk(key.tenantId, key.kind, key.valueHash);

/** Attributes the allow/deny decision needs: the filter reads only these. */
export const DECISION_ATTRIBUTES: readonly string[] = [
  ATTR.tenantId,
  ATTR.kind,
  ATTR.valueHash,
  ATTR.createdAt,
  ATTR.version,
  ...Object.keys(SOURCE_RULES).map((source) => sourceAttribute(source as Source)),
  ATTR.pause,
];

/** Values per W1b transaction: each takes two of TransactWriteItems' 100 actions (entry and event). */
export const ADD_GROUP_SIZE = 50;

/**
 * Times one value may switch between creating and joining its entry before the write gives up: each switch means
 * another writer created or deleted that entry between two of our attempts, which never goes on for long.
 */
const MAX_ENTRY_SWITCHES = 8;

/**
 * Suppression entries in the single table; each write carries its audit event in the same transaction (the
 * activity log, `DynamoDbActivityLog`, reads them). Every method names the access pattern of docs/data-model.md
 * it serves.
 */
export class DynamoDbSuppressionRepository implements SuppressionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: BackoffOptions = {},
  ) {}

  /**
   * W1: adds one source to an entry (creating the entry if needed) and writes its audit event, in one
   * transaction, and tells what it did from the transaction alone: one request when the entry is new or the
   * source already holds it, two when other sources hold it (see {@link EntryWrite}).
   */
  async addSuppression(command: AddSuppressionCommand): Promise<AddSuppressionOutcome> {
    const [outcome] = await this.addSuppressions([command]);
    return outcome as AddSuppressionOutcome;
  }

  /**
   * W1b: the W1 write for many values at once, {@link ADD_GROUP_SIZE} values (entry write + event) per
   * TransactWriteItems and a few transactions in flight, for bulk imports. Each entry is created, or joined when
   * the command says it exists; a failed condition hands back the entry as it is, so a value this source already
   * holds comes back `already_suppressed` and leaves the group, and a value whose entry was created (or deleted)
   * meanwhile switches form, and the group is retried. Every committed value wrote exactly one event with its
   * change. The commands must name distinct keys.
   */
  async addSuppressions(
    commands: readonly AddSuppressionCommand[],
    options: { readonly concurrency?: number } = {},
  ): Promise<AddSuppressionOutcome[]> {
    const outcomes: AddSuppressionOutcome[] = new Array(commands.length);
    const groups: number[][] = [];
    for (let i = 0; i < commands.length; i += ADD_GROUP_SIZE) {
      groups.push(Array.from({ length: Math.min(ADD_GROUP_SIZE, commands.length - i) }, (_, j) => i + j));
    }
    const commandAt = (index: number) => commands[index] as AddSuppressionCommand;
    const writeGroup = async (group: readonly number[]) => {
      const forms = new Map<number, EntryWrite>(
        group.map((index) => [index, commandAt(index).entryExists ? 'join' : 'create']),
      );
      const switches = new Map<number, number>();
      // The entry a failed create found, for a value that then joined it: the sources held before our write.
      const found = new Map<number, SuppressionEntry>();
      let pending = group;
      while (pending.length > 0) {
        const items = pending.flatMap((index) =>
          addSourceItems(this.tableName, commandAt(index), forms.get(index) as EntryWrite),
        );
        const outcome = await transactWrite(this.client, items, this.retry);
        if (outcome.committed) {
          for (const index of pending) {
            const entry = found.get(index);
            outcomes[index] =
              forms.get(index) === 'create'
                ? { status: 'added' }
                : { status: 'source_added', ...(entry ? { entry } : {}) };
          }
          return;
        }
        const settled = new Set<number>();
        pending.forEach((index, position) => {
          const command = commandAt(index);
          // Items 2p and 2p + 1 are value p's entry write and event put.
          if (!outcome.failedConditions.has(2 * position)) {
            // The event alone refused: a repeated event id with no repeat of the change is a caller bug.
            if (outcome.failedConditions.has(2 * position + 1))
              throw new Error(`activity event ${command.event.eventId} already exists`);
            return;
          }
          const old = outcome.failedConditions.get(2 * position);
          const entry = old === undefined ? undefined : toSuppressionEntry(old);
          if (entry?.sources[command.source] !== undefined) {
            outcomes[index] = { status: 'already_suppressed', entry };
            settled.add(index);
            return;
          }
          const switched = (switches.get(index) ?? 0) + 1;
          if (switched > MAX_ENTRY_SWITCHES) {
            throw new Error(`entry ${suppressionKeyId(command.key)} kept changing under its write`);
          }
          switches.set(index, switched);
          forms.set(index, entry === undefined ? 'create' : 'join');
          if (entry === undefined) found.delete(index);
          else found.set(index, entry);
        });
        pending = pending.filter((index) => !settled.has(index));
      }
    };
    await mapBounded(groups, options.concurrency ?? 4, writeGroup);
    return outcomes;
  }

  /**
   * W2: takes sources off an entry (deleting it when none is left) and writes the audit event, in one
   * transaction guarded by the version the caller read, so a concurrent unsubscribe is never undone blindly.
   */
  async removeSources(command: RemoveSourcesCommand): Promise<RemoveSourcesOutcome> {
    const outcome = await transactWrite(this.client, removeSourcesItems(this.tableName, command), this.retry);
    return outcome.committed ? 'removed' : 'conflict';
  }

  /** R1: one entry by (tenant, kind, value hash); the global list is the same call with the global tenant. */
  async getSuppression(key: SuppressionKey): Promise<SuppressionEntry | undefined> {
    const { entries, unchecked } = await this.batchGetSuppressions([key]);
    if (unchecked.length > 0) throw new Error('DynamoDB did not answer for the entry');
    return entries.get(suppressionKeyId(key));
  }

  /**
   * R2: many entries at once, 100 keys a call, several calls in flight; keys still unanswered after retries are
   * returned as `unchecked`, never as "not suppressed".
   */
  async batchGetSuppressions(
    keys: readonly SuppressionKey[],
    options: BatchLookupOptions = {},
  ): Promise<BatchLookupResult> {
    const tableKeys = keys.map((key) => entryTableKey(key.tenantId, key.kind, key.valueHash));
    const result = await batchGetAll(this.client, this.tableName, tableKeys, {
      ...this.retry,
      ...(options.decisionOnly
        ? {
            projection:
              options.topic === undefined
                ? DECISION_ATTRIBUTES
                : [...DECISION_ATTRIBUTES, topicChoiceAttribute(options.topic)],
          }
        : {}),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.distinctKeys ? { distinct: true } : {}),
    });
    const entries = new Map<string, SuppressionEntry>();
    const choices: { key: SuppressionKey; choices: RecipientChoices }[] = [];
    for (const item of result.items.values()) {
      if (holdsSources(item)) {
        const entry = toSuppressionEntry(item);
        entries.set(suppressionKeyId(entry), entry);
        if (entry.choices) choices.push({ key: entry, choices: entry.choices });
        continue;
      }
      // An item holding only a recipient's choices: no suppression, but the filter decides with them.
      const held = toRecipientChoices(item);
      if (held) {
        const key = {
          tenantId: String(item[ATTR.tenantId]),
          kind: item[ATTR.kind] as Kind,
          valueHash: String(item[ATTR.valueHash]),
        };
        choices.push({ key, choices: held });
      }
    }
    // Keys are rarely left unprocessed: only then is it worth indexing them (the filter calls this per 100 keys).
    const byTableKey =
      result.unprocessed.length === 0
        ? new Map<string, SuppressionKey>()
        : new Map(tableKeys.map((tableKey, index) => [tableKeyId(tableKey), keys[index] as SuppressionKey]));
    const unchecked = result.unprocessed.flatMap((tableKey) => byTableKey.get(tableKeyId(tableKey)) ?? []);
    return { entries, choices, unchecked, requests: result.requests, readUnits: result.readUnits };
  }

  /**
   * R3: a tenant's entries newest first on GSI1 (suppression-list-query.ts builds the Query). Reads on until
   * the page is full or ten calls were spent, then hands back a key to go on.
   */
  async listSuppressionsNewestFirst(
    tenantId: string,
    filter: SuppressionListFilter,
    page: PageRequest,
  ): Promise<Page<SuppressionEntry>> {
    const index = INDEXES.byTenantTimeline;
    const { items, nextKey } = await queryPage(
      this.client,
      this.tableName,
      suppressionListQuery(tenantId, filter),
      page,
      [index.partitionKey, index.sortKey],
    );
    return { items: items.map(toSuppressionEntry), ...(nextKey ? { nextKey } : {}) };
  }

  /**
   * R3′: the position just after `entry` in {@link listSuppressionsNewestFirst}, for callers that stop inside a
   * page (an export that fills its response): passed back as `startKey`, the list goes on with the next entry.
   */
  listPositionAfter(entry: SuppressionEntry): Record<string, string> {
    return {
      ...entryTableKey(entry.tenantId, entry.kind, entry.valueHash),
      [INDEXES.byTenantTimeline.partitionKey]: tenantTimelineOf(entry.tenantId),
      [INDEXES.byTenantTimeline.sortKey]: timelineSortKey(entry.createdAt, entry.kind, entry.valueHash),
    };
  }
}
