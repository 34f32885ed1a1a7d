import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapBounded } from '#app/map-bounded';
import type { Page, PageRequest } from '#app/ports/paging';
import type {
  AddSuppressionCommand,
  AddSuppressionOutcome,
  AddSuppressionsOutcome,
  BatchLookupOptions,
  BatchLookupResult,
  RemoveSourcesCommand,
  RemoveSourcesOutcome,
  SuppressionListFilter,
  SuppressionRepository,
} from '#app/ports/suppressions';
import { SOURCE_RULES, type Source } from '#domain/sources';
import { entrySources, type SuppressionEntry, type SuppressionKey } from '#domain/suppression';
import { INDEXES } from '#shared/table-contract';
import type { BackoffOptions } from './backoff';
import { batchGetAll, tableKeyId } from './batch-get';
import { addSourceItems, removeSourcesItems } from './entry-write-items';
import {
  ATTR,
  entryTableKey,
  sourceAttribute,
  tenantTimelineOf,
  timelineSortKey,
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
];

/** Values per W1b transaction: each takes two of TransactWriteItems' 100 actions (entry and event). */
export const ADD_GROUP_SIZE = 50;

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
   * transaction. The condition on the source's own attribute makes a repeat change nothing.
   */
  async addSuppression(command: AddSuppressionCommand): Promise<AddSuppressionOutcome> {
    const { key, event } = command;
    const outcome = await transactWrite(this.client, addSourceItems(this.tableName, command), this.retry);
    if (!outcome.committed) {
      const old = outcome.failedConditions.get(0);
      if (outcome.failedConditions.has(0)) {
        return {
          status: 'already_suppressed',
          entry: old ? toSuppressionEntry(old) : await this.getSuppression(key),
        };
      }
      throw new Error(`activity event ${event.eventId} already exists`);
    }
    const entry = await this.getSuppression(key);
    if (!entry) throw new Error('entry vanished right after it was written');
    return { status: entrySources(entry).length === 1 ? 'added' : 'source_added', entry };
  }

  /**
   * W1b: the W1 write for many values at once, {@link ADD_GROUP_SIZE} values (entry update + event) per
   * TransactWriteItems and a few transactions in flight, for bulk imports. Values whose source is already present
   * come back `already_suppressed` (with the entry as it was) and are left out of the retried group; the others
   * come back `written`. Unlike W1 it does not read the entries back: callers that need the sources held before
   * read them first (R2). The commands must name distinct keys.
   */
  async addSuppressions(
    commands: readonly AddSuppressionCommand[],
    options: { readonly concurrency?: number } = {},
  ): Promise<AddSuppressionsOutcome[]> {
    const outcomes: AddSuppressionsOutcome[] = new Array(commands.length);
    const groups: number[][] = [];
    for (let i = 0; i < commands.length; i += ADD_GROUP_SIZE) {
      groups.push(Array.from({ length: Math.min(ADD_GROUP_SIZE, commands.length - i) }, (_, j) => i + j));
    }
    const writeGroup = async (group: readonly number[]) => {
      let pending = group;
      while (pending.length > 0) {
        const items = pending.flatMap((index) =>
          addSourceItems(this.tableName, commands[index] as AddSuppressionCommand),
        );
        const outcome = await transactWrite(this.client, items, this.retry);
        if (outcome.committed) {
          for (const index of pending) outcomes[index] = { status: 'written' };
          return;
        }
        const refused = new Set<number>();
        for (const [itemIndex, old] of outcome.failedConditions) {
          const index = pending[Math.floor(itemIndex / 2)] as number;
          // Odd items are the events: a repeated event id is a caller bug, not a repeat of the change.
          if (itemIndex % 2 === 1)
            throw new Error(`activity event ${commands[index]?.event.eventId} already exists`);
          outcomes[index] = {
            status: 'already_suppressed',
            ...(old ? { entry: toSuppressionEntry(old) } : {}),
          };
          refused.add(index);
        }
        pending = pending.filter((index) => !refused.has(index));
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
      ...(options.decisionOnly ? { projection: DECISION_ATTRIBUTES } : {}),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
    const entries = new Map<string, SuppressionEntry>();
    for (const item of result.items.values()) {
      const entry = toSuppressionEntry(item);
      entries.set(suppressionKeyId(entry), entry);
    }
    // Keys are rarely left unprocessed: only then is it worth indexing them (the filter calls this per 100 keys).
    const byTableKey =
      result.unprocessed.length === 0
        ? new Map<string, SuppressionKey>()
        : new Map(tableKeys.map((tableKey, index) => [tableKeyId(tableKey), keys[index] as SuppressionKey]));
    const unchecked = result.unprocessed.flatMap((tableKey) => byTableKey.get(tableKeyId(tableKey)) ?? []);
    return { entries, unchecked, requests: result.requests, readUnits: result.readUnits };
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
