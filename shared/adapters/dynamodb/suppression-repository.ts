import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from '#adapters/dynamodb/backoff';
import { type BatchGetOptions, batchGetAll, tableKeyId } from '#adapters/dynamodb/batch-get';
import {
  ATTR,
  entryTableKey,
  sourceAttribute,
  tenantTimelineOf,
  timelineSortKey,
  toActivityEvent,
  toActivityItem,
  toSuppressionEntry,
} from '#adapters/dynamodb/item-mappers';
import {
  ACTIVITY_SK_PREFIX,
  contactPk,
  contactTimeline,
  suppressionPk,
  tenantActivityTimeline,
} from '#adapters/dynamodb/keys';
import { type TransactItem, transactWrite } from '#adapters/dynamodb/transact';
import type {
  AddSuppressionCommand,
  AddSuppressionOutcome,
  AddSuppressionsOutcome,
  BatchLookupResult,
  Page,
  PageRequest,
  RemoveSourcesCommand,
  RemoveSourcesOutcome,
  SuppressionListFilter,
  SuppressionRepository,
} from '#app/ports';
import type { ActivityEvent } from '#domain/activity';
import { SOURCE_RULES, type Source } from '#domain/sources';
import { entrySources, type SuppressionEntry, type SuppressionKey } from '#domain/suppression';
import { INDEXES } from '#shared/table-contract';

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

/** A Query reads at most this many filtered-out items for one page before handing back a cursor. */
const MAX_QUERY_CALLS_PER_PAGE = 10;

/**
 * Suppression entries and their audit trail in the single table. Every method names the access pattern of
 * docs/data-model.md it serves.
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
    const outcome = await transactWrite(this.client, this.addSuppressionItems(command), this.retry);
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
          this.addSuppressionItems(commands[index] as AddSuppressionCommand),
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
    let next = 0;
    const worker = async () => {
      while (next < groups.length) await writeGroup(groups[next++] as number[]);
    };
    const concurrency = Math.max(1, options.concurrency ?? 4);
    await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
    return outcomes;
  }

  /** W1's two items: the entry update, conditioned on the source being absent, and the event put. */
  private addSuppressionItems(command: AddSuppressionCommand): TransactItem[] {
    const { key, source, record, event } = command;
    const createdAt = record.at;
    const names: Record<string, string> = {
      '#src': sourceAttribute(source),
      '#entity': ATTR.entity,
      '#tenantId': ATTR.tenantId,
      '#kind': ATTR.kind,
      '#valueHash': ATTR.valueHash,
      '#value': ATTR.value,
      '#display': ATTR.display,
      '#createdAt': ATTR.createdAt,
      '#updatedAt': ATTR.updatedAt,
      '#srcs': ATTR.sources,
      '#version': ATTR.version,
    };
    const values: Record<string, unknown> = {
      ':rec': record,
      ':entity': 'suppression',
      ':tenantId': key.tenantId,
      ':kind': key.kind,
      ':valueHash': key.valueHash,
      ':value': command.value,
      ':display': command.display,
      ':at': createdAt,
      ':g1pk': tenantTimelineOf(key.tenantId),
      ':g1sk': timelineSortKey(createdAt, key.kind, key.valueHash),
      ':srcs': new Set([source]),
      ':one': 1,
    };
    let addedBy = '';
    if (record.addedBy !== undefined) {
      names['#addedBys'] = ATTR.addedBy;
      values[':addedBy'] = new Set([record.addedBy]);
      addedBy = ', #addedBys :addedBy';
    }
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: entryTableKey(key.tenantId, key.kind, key.valueHash),
          UpdateExpression:
            'SET #src = :rec, #entity = :entity, #tenantId = :tenantId, #kind = :kind, #valueHash = :valueHash, ' +
            '#value = if_not_exists(#value, :value), #display = if_not_exists(#display, :display), ' +
            '#createdAt = if_not_exists(#createdAt, :at), #updatedAt = :at, gsi1pk = :g1pk, ' +
            `gsi1sk = if_not_exists(gsi1sk, :g1sk) ADD #srcs :srcs, #version :one${addedBy}`,
          ConditionExpression: 'attribute_not_exists(#src)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      this.putEvent(event, suppressionPk(key.tenantId, key.kind, key.valueHash)),
    ];
  }

  /**
   * W2: takes sources off an entry (deleting it when none is left) and writes the audit event, in one
   * transaction guarded by the version the caller read, so a concurrent unsubscribe is never undone blindly.
   */
  async removeSources(command: RemoveSourcesCommand): Promise<RemoveSourcesOutcome> {
    const { key, sources, current, event } = command;
    const expectedVersion = current.version;
    const remaining = entrySources(current).filter((source) => !sources.includes(source));
    const tableKey = entryTableKey(key.tenantId, key.kind, key.valueHash);
    const guard = {
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': ATTR.version } as Record<string, string>,
      ExpressionAttributeValues: { ':expected': expectedVersion } as Record<string, unknown>,
    };
    const change: TransactItem =
      remaining.length === 0
        ? { Delete: { TableName: this.tableName, Key: tableKey, ...guard } }
        : {
            Update: {
              TableName: this.tableName,
              Key: tableKey,
              UpdateExpression: `REMOVE ${sources.map((_, i) => `#r${i}`).join(', ')} SET #updatedAt = :at DELETE #srcs :gone ADD #version :one`,
              ConditionExpression: guard.ConditionExpression,
              ExpressionAttributeNames: {
                ...guard.ExpressionAttributeNames,
                ...Object.fromEntries(sources.map((source, i) => [`#r${i}`, sourceAttribute(source)])),
                '#updatedAt': ATTR.updatedAt,
                '#srcs': ATTR.sources,
              },
              ExpressionAttributeValues: {
                ...guard.ExpressionAttributeValues,
                ':at': event.at,
                ':gone': new Set(sources),
                ':one': 1,
              },
            },
          };
    const outcome = await transactWrite(
      this.client,
      [change, this.putEvent(event, suppressionPk(key.tenantId, key.kind, key.valueHash))],
      this.retry,
    );
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
    options: Omit<BatchGetOptions, keyof BackoffOptions> = {},
  ): Promise<BatchLookupResult> {
    const byTableKey = new Map(
      keys.map((key) => [tableKeyId(entryTableKey(key.tenantId, key.kind, key.valueHash)), key]),
    );
    const result = await batchGetAll(
      this.client,
      this.tableName,
      keys.map((key) => entryTableKey(key.tenantId, key.kind, key.valueHash)),
      { ...this.retry, ...options },
    );
    const entries = new Map<string, SuppressionEntry>();
    for (const item of result.items.values()) {
      const entry = toSuppressionEntry(item);
      entries.set(suppressionKeyId(entry), entry);
    }
    const unchecked = result.unprocessed.flatMap((tableKey) => byTableKey.get(tableKeyId(tableKey)) ?? []);
    return { entries, unchecked, requests: result.requests, readUnits: result.readUnits };
  }

  /**
   * R3: a tenant's entries newest first on GSI1, the date range in the key condition, the other filters as a
   * filter expression. Reads on until the page is full or ten calls were spent, then hands back a key to go on.
   */
  async listSuppressionsNewestFirst(
    tenantId: string,
    filter: SuppressionListFilter,
    page: PageRequest,
  ): Promise<Page<SuppressionEntry>> {
    const index = INDEXES.byTenantTimeline;
    const names: Record<string, string> = { '#pk': index.partitionKey };
    if (filter.from !== undefined || filter.to !== undefined) names['#sk'] = index.sortKey;
    const values: Record<string, unknown> = { ':pk': tenantTimelineOf(tenantId) };
    let keyCondition = '#pk = :pk';
    if (filter.from !== undefined && filter.to !== undefined) {
      keyCondition += ' AND #sk BETWEEN :from AND :to';
    } else if (filter.from !== undefined) {
      keyCondition += ' AND #sk >= :from';
    } else if (filter.to !== undefined) {
      keyCondition += ' AND #sk <= :to';
    }
    if (filter.from !== undefined) values[':from'] = filter.from;
    // Sort keys continue past the instant (`<instant>#<kind>#<hash>`), so the upper bound extends past any suffix.
    if (filter.to !== undefined) values[':to'] = `${filter.to}#\uffff`;

    const conditions: string[] = [];
    if (filter.sources?.length) {
      names['#srcs'] = ATTR.sources;
      conditions.push(
        `(${filter.sources
          .map((source, i) => {
            values[`:src${i}`] = source;
            return `contains(#srcs, :src${i})`;
          })
          .join(' OR ')})`,
      );
    }
    if (filter.kinds?.length) {
      names['#kind'] = ATTR.kind;
      conditions.push(
        `#kind IN (${filter.kinds
          .map((kind, i) => {
            values[`:kind${i}`] = kind;
            return `:kind${i}`;
          })
          .join(', ')})`,
      );
    }
    if (filter.addedBy !== undefined) {
      names['#addedBys'] = ATTR.addedBy;
      values[':addedBy'] = filter.addedBy;
      conditions.push('contains(#addedBys, :addedBy)');
    }
    if (filter.valuePrefixes?.length) {
      names['#value'] = ATTR.value;
      conditions.push(
        `(${filter.valuePrefixes
          .map((prefix, i) => {
            values[`:q${i}`] = prefix;
            return `begins_with(#value, :q${i})`;
          })
          .join(' OR ')})`,
      );
    }
    const { items, nextKey } = await this.queryPage(
      {
        IndexName: index.indexName,
        KeyConditionExpression: keyCondition,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
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

  /** W3: an event on its own, such as a refused restore, which changes nothing else. */
  async recordActivity(
    event: ActivityEvent,
    concerning: SuppressionKey | { contactId: string },
  ): Promise<void> {
    const { Put } = this.putEvent(event, this.partitionOf(event.tenantId, concerning));
    await this.client.send(
      new PutCommand({
        TableName: Put.TableName,
        Item: Put.Item,
        ConditionExpression: Put.ConditionExpression,
      }),
    );
  }

  /** R4: one value's history, newest first (the partition of its entry). */
  async listValueActivityNewestFirst(key: SuppressionKey, page: PageRequest): Promise<Page<ActivityEvent>> {
    return this.listActivity(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': suppressionPk(key.tenantId, key.kind, key.valueHash),
          ':prefix': ACTIVITY_SK_PREFIX,
        },
      },
      page,
      [],
    );
  }

  /** R5: a contact's history across all its values, newest first (GSI2). */
  async listContactActivityNewestFirst(
    tenantId: string,
    contactId: string,
    page: PageRequest,
  ): Promise<Page<ActivityEvent>> {
    const index = INDEXES.byContactTimeline;
    return this.listActivity(
      {
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': contactTimeline(tenantId, contactId) },
      },
      page,
      [index.partitionKey, index.sortKey],
    );
  }

  /** R6: everything that happened in a tenant, newest first (GSI1). */
  async listTenantActivityNewestFirst(tenantId: string, page: PageRequest): Promise<Page<ActivityEvent>> {
    const index = INDEXES.byTenantTimeline;
    return this.listActivity(
      {
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': tenantActivityTimeline(tenantId) },
      },
      page,
      [index.partitionKey, index.sortKey],
    );
  }

  private async listActivity(
    input: Omit<QueryCommandInput, 'TableName'>,
    page: PageRequest,
    indexKeys: readonly string[],
  ): Promise<Page<ActivityEvent>> {
    const { items, nextKey } = await this.queryPage({ ...input, ScanIndexForward: false }, page, indexKeys);
    return { items: items.map(toActivityEvent), ...(nextKey ? { nextKey } : {}) };
  }

  /**
   * Reads one page of at most `limit` matching items. When it stops inside a DynamoDB page, the next key is the
   * last returned item's key, so the next page starts right after it and no item is skipped or repeated.
   */
  private async queryPage(
    input: Omit<QueryCommandInput, 'TableName'>,
    page: PageRequest,
    indexKeys: readonly string[],
  ): Promise<{ items: Record<string, unknown>[]; nextKey?: Record<string, string> }> {
    const items: Record<string, unknown>[] = [];
    let startKey = page.startKey;
    for (let call = 0; call < MAX_QUERY_CALLS_PER_PAGE; call++) {
      const output = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          Limit: input.FilterExpression ? Math.max(page.limit, 200) : page.limit - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of output.Items ?? []) {
        items.push(item);
        if (items.length === page.limit) {
          const more = output.LastEvaluatedKey !== undefined || item !== output.Items?.at(-1);
          return more ? { items, nextKey: keyOf(item, indexKeys) } : { items };
        }
      }
      if (!output.LastEvaluatedKey) return { items };
      startKey = output.LastEvaluatedKey as Record<string, string>;
    }
    return startKey ? { items, nextKey: startKey } : { items };
  }

  private partitionOf(tenantId: string, concerning: SuppressionKey | { contactId: string }): string {
    return 'contactId' in concerning
      ? contactPk(tenantId, concerning.contactId)
      : suppressionPk(concerning.tenantId, concerning.kind, concerning.valueHash);
  }

  private putEvent(
    event: ActivityEvent,
    partition: string,
  ): TransactItem & { Put: NonNullable<TransactItem['Put']> } {
    return {
      Put: {
        TableName: this.tableName,
        Item: toActivityItem(event, partition),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}

const keyOf = (item: Record<string, unknown>, indexKeys: readonly string[]): Record<string, string> =>
  Object.fromEntries(['pk', 'sk', ...indexKeys].map((name) => [name, String(item[name])]));
