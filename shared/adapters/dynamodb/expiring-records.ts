import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from '#adapters/dynamodb/backoff';
import {
  campaignDailyStatsPk,
  campaignDailyStatsRange,
  campaignDailyStatsSk,
  dailyStatsPk,
  dailyStatsSk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  TRANSIENT_BOUNCE_RESET_SK,
  transientBouncePk,
  transientBounceSk,
} from '#adapters/dynamodb/keys';
import { queryAll } from '#adapters/dynamodb/query-all';
import { type TransactItem, transactWrite } from '#adapters/dynamodb/transact';
import type { CampaignDayCounts, DailyCounterReader, DayCounts } from '#app/ports/daily-counters';
import type { DeliveredAddress, FeedbackRecords, TransientBounce } from '#app/ports/feedback-records';
import { DAILY_COUNTERS, type DailyCounter } from '#domain/ses-feedback-policy';
import { TABLE_KEYS } from '#shared/table-contract';

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

const DAILY_STATS_ENTITY = 'daily_stats';

/** The counters of a stored daily item, zero where the item has none yet (ADD creates them on first use). */
const countsOf = (item: Record<string, unknown>): Record<DailyCounter, number> =>
  Object.fromEntries(DAILY_COUNTERS.map((name) => [name, Number(item[name] ?? 0)])) as Record<
    DailyCounter,
    number
  >;

/** `SET` of the item's own attributes and `ADD` of each counter, for one counters item. */
const counterUpdate = (
  tableName: string,
  key: { readonly pk: string; readonly sk: string },
  attributes: Readonly<Record<string, string>>,
  counters: Readonly<Record<string, number>>,
): TransactItem => {
  const names = Object.keys(counters);
  const set = Object.entries({ entity: DAILY_STATS_ENTITY, ...attributes });
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${set.map((_, i) => `#s${i} = :s${i}`).join(', ')} ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(set.map(([name], i) => [`#s${i}`, name])),
        ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(set.map(([, value], i) => [`:s${i}`, value])),
        ...Object.fromEntries(names.map((name, i) => [`:c${i}`, counters[name]])),
      },
    },
  };
};

/**
 * Short-lived records that DynamoDB's TTL cleans up: transient-bounce marks, idempotency claims and daily
 * counters. Each write is keyed by what it records, so a replay finds its own earlier write.
 */
export class DynamoDbExpiringRecords implements FeedbackRecords, DailyCounterReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: BackoffOptions = {},
  ) {}

  /**
   * W6 + R8: marks one transient bounce (once per feedback id) and counts the marks inside the window ending at
   * this bounce, from the address's latest reset on (W6b) when that is later than the window's start. A replay
   * counts nothing new: the mark's key is the bounce itself.
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
    // One range from the window's start to the partition's end reads the marks and the reset item (which sorts
    // last) together. TTL deletion lags by up to days, so the count bounds the window itself rather than trusting
    // expiry; marks after this bounce (processed earlier, out of order) are left out, as the window ends here.
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': pk, ':from': windowStart },
      ProjectionExpression: 'sk, resetAt',
    });
    const resetAt = items.find((item) => item.sk === TRANSIENT_BOUNCE_RESET_SK)?.resetAt;
    const from = typeof resetAt === 'string' && resetAt > windowStart ? resetAt : windowStart;
    const to = `${bounce.at}#\uffff`;
    const inWindow = items.filter((item) => {
      const sk = String(item.sk);
      return sk !== TRANSIENT_BOUNCE_RESET_SK && sk >= from && sk <= to;
    }).length;
    return { firstTime, inWindow };
  }

  /**
   * R8b + W6b: on a delivery, reads the newest mark of a bounce before it (one item at most, no write when there
   * is none: the common case) and, if that mark still counts, moves the address's reset to the delivery's
   * instant. The write is conditional on being later than the stored reset, so a replay or an older delivery
   * arriving late changes nothing. The reset lives one window (the mark's own) past the delivery: after that,
   * every mark it hides is outside any window anyway.
   */
  async resetTransientBounces(delivery: DeliveredAddress): Promise<boolean> {
    const pk = transientBouncePk(delivery.tenantId, delivery.valueHash);
    // A mark's key starts with its instant, so `sk < at` is exactly the marks of earlier bounces.
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :at',
        ExpressionAttributeNames: { '#expiresAt': TABLE_KEYS.ttlAttribute, '#at': 'at' },
        ExpressionAttributeValues: { ':pk': pk, ':at': delivery.at },
        ProjectionExpression: '#expiresAt, #at',
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const mark = output.Items?.[0];
    const markExpiresAt = Number(mark?.[TABLE_KEYS.ttlAttribute]);
    // No mark, or one already out of every window but not yet deleted by TTL: nothing to reset.
    if (mark === undefined || !(markExpiresAt > epochSeconds(delivery.at))) return false;
    const windowSeconds = markExpiresAt - epochSeconds(String(mark.at));
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk,
            sk: TRANSIENT_BOUNCE_RESET_SK,
            entity: 'transient_bounce_reset',
            resetAt: delivery.at,
            [TABLE_KEYS.ttlAttribute]: epochSeconds(delivery.at) + windowSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR resetAt < :at',
          ExpressionAttributeValues: { ':at': delivery.at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
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
   * W8 and W8b: adds to a tenant's counters for one day, and to its campaign's when one is named, exactly once
   * per idempotency key: the claim and every increment commit together or not at all.
   */
  async incrementDailyCounters(
    tenantId: string,
    day: string,
    counters: Readonly<Record<string, number>>,
    idempotency: { readonly scope: string; readonly key: string; readonly ttlSeconds: number },
    campaignId?: string,
    now = new Date(),
  ): Promise<boolean> {
    if (Object.keys(counters).length === 0) return false;
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
        counterUpdate(
          this.tableName,
          { pk: dailyStatsPk(tenantId), sk: dailyStatsSk(day) },
          { tenantId, day },
          counters,
        ),
        ...(campaignId === undefined
          ? []
          : [
              counterUpdate(
                this.tableName,
                { pk: campaignDailyStatsPk(tenantId), sk: campaignDailyStatsSk(day, campaignId) },
                { tenantId, day, campaignId },
                counters,
              ),
            ]),
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

  /** R9, typed: a tenant's counters per day between two days, oldest first. */
  async listTenantDailyCounts(tenantId: string, fromDay: string, toDay: string): Promise<DayCounts[]> {
    return (await this.listDailyCounters(tenantId, fromDay, toDay)).map((item) => ({
      day: String(item.day),
      counts: countsOf(item),
    }));
  }

  /**
   * R9b: a tenant's counters per day and campaign between two days, oldest first. One campaign is a filter on
   * the same range (it reads every campaign's items of those days): the range is bounded (93 days) and a tenant
   * runs few campaigns a day, so a second key layout for it would cost every write more than it saves here.
   */
  async listCampaignDailyCounts(
    tenantId: string,
    fromDay: string,
    toDay: string,
    campaignId?: string,
  ): Promise<CampaignDayCounts[]> {
    const range = campaignDailyStatsRange(fromDay, toDay);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ...(campaignId === undefined
        ? {}
        : {
            FilterExpression: '#campaignId = :campaignId',
            ExpressionAttributeNames: { '#campaignId': 'campaignId' },
          }),
      ExpressionAttributeValues: {
        ':pk': campaignDailyStatsPk(tenantId),
        ':from': range.from,
        ':to': range.to,
        ...(campaignId === undefined ? {} : { ':campaignId': campaignId }),
      },
    });
    return items.map((item) => ({
      day: String(item.day),
      campaignId: String(item.campaignId),
      counts: countsOf(item),
    }));
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
