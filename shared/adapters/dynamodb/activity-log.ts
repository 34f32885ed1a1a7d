import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  ActivityLog,
  ActivityRange,
  ActivitySubject,
  CountedActivity,
  TenantActivityFilter,
} from '#app/ports/activity';
import type { Page, PageRequest } from '#app/ports/paging';
import type { ActivityEvent } from '#domain/activity';
import type { SuppressionKey } from '#domain/suppression';
import { INDEXES } from '#shared/table-contract';
import { activityPartitionOf, activityPut, toActivityEvent } from './item-mappers';
import { ACTIVITY_SK_PREFIX, contactTimeline, suppressionPk, tenantActivityTimeline } from './keys';
import { queryPage } from './query-page';
import { sortKeyRange } from './timeline-range';

/**
 * The activity log in the single table: each event in the partition of the value (or contact) it concerns, with
 * the tenant timeline on GSI1 and the contact timeline on GSI2. Events that change an entry or a contact are
 * written by those repositories in the same transaction; this one writes events on their own and reads them all.
 * Every method names its access pattern in docs/data-model.md.
 */
export class DynamoDbActivityLog implements ActivityLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** W3: an event on its own, such as a refused restore, which changes nothing else. */
  async recordActivity(event: ActivityEvent, concerning: ActivitySubject): Promise<void> {
    const { Put } = activityPut(this.tableName, event, activityPartitionOf(event.tenantId, concerning));
    await this.client.send(new PutCommand(Put));
  }

  /**
   * W3 for events whose id is derived from their trigger (an SES feedback id and recipient): the conditional put
   * refuses a second event with the same instant and id, and that refusal means "already recorded", not failure.
   */
  async recordActivityOnce(event: ActivityEvent, concerning: ActivitySubject): Promise<boolean> {
    try {
      await this.recordActivity(event, concerning);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** R4: one value's history, newest first (the partition of its entry). */
  listValueActivityNewestFirst(key: SuppressionKey, page: PageRequest): Promise<Page<ActivityEvent>> {
    return this.list(
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
  listContactActivityNewestFirst(
    tenantId: string,
    contactId: string,
    page: PageRequest,
  ): Promise<Page<ActivityEvent>> {
    const index = INDEXES.byContactTimeline;
    return this.list(
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

  /**
   * R6: everything that happened in a tenant, newest first (GSI1). `from`/`to` go into the key condition (the sort
   * key starts with the instant); actions and actor are a filter expression, so a selective filter reads more
   * than it returns: a page stops after `limit` events or ten calls (`queryPage`).
   */
  listTenantActivityNewestFirst(
    tenantId: string,
    page: PageRequest,
    filter: TenantActivityFilter = {},
  ): Promise<Page<ActivityEvent>> {
    const index = INDEXES.byTenantTimeline;
    const names: Record<string, string> = { '#pk': index.partitionKey };
    const values: Record<string, unknown> = { ':pk': tenantActivityTimeline(tenantId) };
    const range = sortKeyRange(filter, names, values, index.sortKey);
    const conditions: string[] = [];
    const actions = filter.actions ?? [];
    if (actions.length > 0) {
      names['#action'] = 'action';
      actions.forEach((action, i) => {
        values[`:a${i}`] = action;
      });
      conditions.push(`#action IN (${actions.map((_, i) => `:a${i}`).join(', ')})`);
    }
    if (filter.actor !== undefined) {
      names['#actor'] = 'actor';
      if ('type' in filter.actor) {
        names['#actorType'] = 'type';
        values[':actorType'] = filter.actor.type;
        conditions.push('#actor.#actorType = :actorType');
      } else {
        // An actor's id lives under the attribute of its type (Actor in shared/domain/activity.ts).
        Object.assign(names, { '#userId': 'userId', '#clientId': 'clientId', '#name': 'name' });
        values[':actorId'] = filter.actor.id;
        conditions.push(
          '(#actor.#userId = :actorId OR #actor.#clientId = :actorId OR #actor.#name = :actorId)',
        );
      }
    }
    return this.list(
      {
        IndexName: index.indexName,
        KeyConditionExpression: `#pk = :pk${range}`,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
      page,
      [index.partitionKey, index.sortKey],
    );
  }

  /**
   * R6b: a tenant's activity between two instants (GSI1, its sort key between them), oldest first, optionally of
   * some actions only (a filter expression: the range is read whole either way), each event projected to what
   * statistics count. One DynamoDB page per call, `nextKey` to go on.
   */
  async listTenantActivityBetween(
    tenantId: string,
    range: ActivityRange,
    page: PageRequest,
  ): Promise<Page<CountedActivity>> {
    const index = INDEXES.byTenantTimeline;
    const actions = range.actions ?? [];
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(actions.length > 0
          ? { FilterExpression: `#action IN (${actions.map((_, i) => `:a${i}`).join(', ')})` }
          : {}),
        ProjectionExpression: '#at, #source, #campaignId',
        ExpressionAttributeNames: {
          '#pk': index.partitionKey,
          '#sk': index.sortKey,
          '#at': 'at',
          '#source': 'source',
          '#campaignId': 'campaignId',
          ...(actions.length > 0 ? { '#action': 'action' } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': tenantActivityTimeline(tenantId),
          ':from': range.from,
          // Sort keys go on past the instant (`<at>#<eventId>`).
          ':to': `${range.to}#\uffff`,
          ...Object.fromEntries(actions.map((action, i) => [`:a${i}`, action])),
        },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (output.Items ?? []) as CountedActivity[],
      ...(output.LastEvaluatedKey ? { nextKey: output.LastEvaluatedKey as Record<string, string> } : {}),
    };
  }

  private async list(
    input: Omit<QueryCommandInput, 'TableName'>,
    page: PageRequest,
    indexKeys: readonly string[],
  ): Promise<Page<ActivityEvent>> {
    const { items, nextKey } = await queryPage(
      this.client,
      this.tableName,
      { ...input, ScanIndexForward: false },
      page,
      indexKeys,
    );
    return { items: items.map(toActivityEvent), ...(nextKey ? { nextKey } : {}) };
  }
}
