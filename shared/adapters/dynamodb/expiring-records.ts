import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from '#adapters/dynamodb/backoff';
import {
  dailyStatsPk,
  dailyStatsSk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  transientBouncePk,
  transientBounceSk,
} from '#adapters/dynamodb/keys';
import { queryAll } from '#adapters/dynamodb/query-all';
import { transactWrite } from '#adapters/dynamodb/transact';
import type { FeedbackRecords, TransientBounce } from '#app/ports/feedback-records';
import { TABLE_KEYS } from '#shared/table-contract';

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * Short-lived records that DynamoDB's TTL cleans up: transient-bounce marks, idempotency claims and daily
 * counters. Each write is keyed by what it records, so a replay finds its own earlier write.
 */
export class DynamoDbExpiringRecords implements FeedbackRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: BackoffOptions = {},
  ) {}

  /**
   * W6 + R8: marks one transient bounce (once per feedback id) and counts the marks inside the window ending at
   * this bounce. A replay counts nothing new: the mark's key is the bounce itself.
   */
  async recordTransientBounce(
    bounce: TransientBounce,
  ): Promise<{ readonly firstTime: boolean; readonly inWindow: number }> {
    const pk = transientBouncePk(bounce.tenantId, bounce.valueHash);
    const firstTime = await this.putOnce({
      pk,
      sk: transientBounceSk(bounce.at, bounce.feedbackId),
      entity: 'transient_bounce',
      at: bounce.at,
      [TABLE_KEYS.ttlAttribute]: epochSeconds(bounce.at) + bounce.windowSeconds,
    });
    const windowStart = new Date(Date.parse(bounce.at) - bounce.windowSeconds * 1000).toISOString();
    // TTL deletion lags by up to days, so the count bounds the window itself rather than trusting expiry.
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': windowStart, ':to': `${bounce.at}#\uffff` },
        Select: 'COUNT',
      }),
    );
    return { firstTime, inWindow: output.Count ?? 0 };
  }

  /** W7: claims an idempotency key for `ttlSeconds`; false when it was already claimed. */
  async claim(scope: string, key: string, ttlSeconds: number, now = new Date()): Promise<boolean> {
    return this.putOnce({
      pk: idempotencyPk(scope, key),
      sk: IDEMPOTENCY_SK,
      entity: 'idempotency',
      claimedAt: now.toISOString(),
      [TABLE_KEYS.ttlAttribute]: Math.floor(now.getTime() / 1000) + ttlSeconds,
    });
  }

  /**
   * W8: adds to a tenant's counters for one day, exactly once per idempotency key: the claim and the increment
   * commit together or not at all.
   */
  async incrementDailyCounters(
    tenantId: string,
    day: string,
    counters: Readonly<Record<string, number>>,
    idempotency: { readonly scope: string; readonly key: string; readonly ttlSeconds: number },
    now = new Date(),
  ): Promise<boolean> {
    const names = Object.keys(counters);
    if (names.length === 0) return false;
    const outcome = await transactWrite(
      this.client,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: idempotencyPk(idempotency.scope, idempotency.key),
              sk: IDEMPOTENCY_SK,
              entity: 'idempotency',
              claimedAt: now.toISOString(),
              [TABLE_KEYS.ttlAttribute]: Math.floor(now.getTime() / 1000) + idempotency.ttlSeconds,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: dailyStatsPk(tenantId), sk: dailyStatsSk(day) },
            UpdateExpression: `SET entity = :entity, tenantId = :tenant, #day = :day ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
            ExpressionAttributeNames: {
              '#day': 'day',
              ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
            },
            ExpressionAttributeValues: {
              ':entity': 'daily_stats',
              ':tenant': tenantId,
              ':day': day,
              ...Object.fromEntries(names.map((name, i) => [`:c${i}`, counters[name]])),
            },
          },
        },
      ],
      this.retry,
    );
    return outcome.committed;
  }

  /** R9: a tenant's daily counters between two days (YYYY-MM-DD, inclusive), oldest first. */
  async listDailyCounters(
    tenantId: string,
    fromDay: string,
    toDay: string,
  ): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': dailyStatsPk(tenantId),
        ':from': dailyStatsSk(fromDay),
        ':to': dailyStatsSk(toDay),
      },
    });
  }

  private async putOnce(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
