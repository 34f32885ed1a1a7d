import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { entryClearPaths, eventClearPaths, removeExpression } from '#adapters/dynamodb/clear-copies';
import { ATTR, entryTableKey } from '#adapters/dynamodb/item-mappers';
import {
  ACTIVITY_SK_PREFIX,
  contactTimeline,
  ERASURE_SK,
  erasurePk,
  suppressionPk,
} from '#adapters/dynamodb/keys';
import { mapBounded } from '#app/map-bounded';
import type { ErasureStore } from '#app/ports/erasures';
import type { ErasedValue } from '#domain/activity';
import { ConflictError } from '#domain/errors';
import type { Kind } from '#domain/kinds';
import type { SuppressionKey } from '#domain/suppression';
import { INDEXES } from '#shared/table-contract';

/** Events read a page: big enough to be few calls for a value with thousands of events, small in memory. */
const EVENT_PAGE = 200;
/** Event updates in flight while one page is erased. */
const EVENT_WRITES_IN_FLIGHT = 8;
/** Reads and writes of the entry before a value changing under us is reported as a conflict (a re-run finishes). */
const ENTRY_ATTEMPTS = 3;

/**
 * Erasure in the single table (docs/data-model.md R13, W14–W16; docs/privacy.md). Every write is an UpdateItem
 * that only removes attributes (and marks the item), conditioned on the item existing, so a repeat changes nothing
 * and a retry after a failure part-way finishes the rest. Activity items are updated in place: the table's stream
 * publishes inserts only, so erasing an event publishes nothing.
 */
export class DynamoDbErasureStore implements ErasureStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** R13: the value's item (`GetItem`, strongly consistent, key only) or one event of it (R4, `Limit 1`). */
  async isStored(key: SuppressionKey): Promise<boolean> {
    const item = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: entryTableKey(key.tenantId, key.kind, key.valueHash),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    if (item.Item !== undefined) return true;
    const events = await this.client.send(
      new QueryCommand({ ...this.valueEventsQuery(key), ProjectionExpression: 'pk', Limit: 1 }),
    );
    return (events.Items ?? []).length > 0;
  }

  /** R5′ (R5, every page), projected to the kind and keyed hash each event names. */
  async listContactValues(
    tenantId: string,
    contactId: string,
  ): Promise<{ readonly values: readonly ErasedValue[]; readonly anyEvent: boolean }> {
    const found = new Map<string, ErasedValue>();
    let anyEvent = false;
    const query = this.contactQuery(tenantId, contactId);
    await this.eachPage(
      {
        ...query,
        ProjectionExpression: '#kind, #valueHash',
        ExpressionAttributeNames: {
          ...query.ExpressionAttributeNames,
          '#kind': ATTR.kind,
          '#valueHash': ATTR.valueHash,
        },
      },
      async (items) => {
        anyEvent ||= items.length > 0;
        for (const item of items) {
          if (typeof item[ATTR.kind] !== 'string' || typeof item[ATTR.valueHash] !== 'string') continue;
          const value = { kind: item[ATTR.kind] as Kind, valueHash: item[ATTR.valueHash] as string };
          found.set(`${value.kind}#${value.valueHash}`, value);
        }
      },
    );
    return { values: [...found.values()], anyEvent };
  }

  /**
   * W14: `PutItem ERA#<tenant>#<erasureId> / ERASURE` with `attribute_not_exists(pk)`; a repeat fails the
   * condition and answers the stored start instead (`ReturnValuesOnConditionCheckFailure`).
   */
  async beginErasure(tenantId: string, erasureId: string, at: string): Promise<string> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: erasurePk(tenantId, erasureId),
            sk: ERASURE_SK,
            entity: 'erasure',
            tenantId,
            erasureId,
            startedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return at;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const startedAt = error.Item?.startedAt as { S?: string } | undefined;
      if (typeof startedAt?.S !== 'string') throw error;
      return startedAt.S;
    }
  }

  /** W15 over R4: the value's partition, every page, ascending (the order does not matter; all are read). */
  eraseValueEvents(key: SuppressionKey): Promise<number> {
    return this.eraseEvents(this.valueEventsQuery(key));
  }

  /** W15 over R5: the contact's timeline (GSI2), every page. */
  eraseContactEvents(tenantId: string, contactId: string): Promise<number> {
    return this.eraseEvents(this.contactQuery(tenantId, contactId));
  }

  /**
   * W16: reads the item (`GetItem`, strongly consistent), then `UpdateItem REMOVE <its clear copies> SET erasedAt
   * = if_not_exists(erasedAt, :at), version = version + 1` on `version = :read` (a concurrent change, which may
   * have brought a new record, makes it read and decide again). An item without clear copies is not written.
   */
  async eraseEntry(key: SuppressionKey, at: string): Promise<boolean> {
    const Key = entryTableKey(key.tenantId, key.kind, key.valueHash);
    for (let attempt = 1; attempt <= ENTRY_ATTEMPTS; attempt++) {
      const read = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      );
      if (read.Item === undefined) return false;
      const paths = entryClearPaths(read.Item);
      if (paths.length === 0 && read.Item.erasedAt !== undefined) return true;
      const remove = paths.length === 0 ? undefined : removeExpression(paths);
      const version = read.Item[ATTR.version];
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: `SET #erasedAt = if_not_exists(#erasedAt, :at), #version = if_not_exists(#version, :zero) + :one${remove ? ` ${remove.expression}` : ''}`,
            ConditionExpression:
              version === undefined
                ? 'attribute_exists(pk) AND attribute_not_exists(#version)'
                : '#version = :read',
            ExpressionAttributeNames: { '#erasedAt': 'erasedAt', '#version': ATTR.version, ...remove?.names },
            ExpressionAttributeValues: {
              ':at': at,
              ':zero': 0,
              ':one': 1,
              ...(version === undefined ? {} : { ':read': version }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new ConflictError(
      'the value changed during its erasure several times; repeat the erasure to finish it',
    );
  }

  /** R4: the value's events, in its own partition, strongly consistent. */
  private valueEventsQuery(key: SuppressionKey): QueryCommandInput {
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': suppressionPk(key.tenantId, key.kind, key.valueHash),
        ':prefix': ACTIVITY_SK_PREFIX,
      },
      ConsistentRead: true,
    };
  }

  private contactQuery(tenantId: string, contactId: string) {
    const index = INDEXES.byContactTimeline;
    return {
      TableName: this.tableName,
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey } as Record<string, string>,
      ExpressionAttributeValues: { ':pk': contactTimeline(tenantId, contactId) },
    };
  }

  /** Every page of `input`, each erased before the next is read; events without clear copies are skipped. */
  private async eraseEvents(input: QueryCommandInput): Promise<number> {
    let changed = 0;
    await this.eachPage(input, async (items) => {
      const pending = items
        .map((item) => ({ item, paths: eventClearPaths(item) }))
        .filter(({ paths }) => paths.length > 0);
      await mapBounded(pending, EVENT_WRITES_IN_FLIGHT, async ({ item, paths }) => {
        const remove = removeExpression(paths);
        try {
          await this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: remove.expression,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: remove.names,
            }),
          );
          changed += 1;
        } catch (error) {
          // Another run of the same erasure got there first and changed the item: nothing is left to remove
          // that this run knows of; the re-read on the next run would find any new copy.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      });
    });
    return changed;
  }

  private async eachPage(
    input: QueryCommandInput,
    onPage: (items: Record<string, unknown>[]) => Promise<void>,
  ): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          ...input,
          Limit: EVENT_PAGE,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      await onPage(output.Items ?? []);
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  }
}
