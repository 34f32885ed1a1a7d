import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tenantActivityTimeline } from '#adapters/dynamodb/keys';
import type { Page, PageRequest } from '#app/ports';
import type { TenantActivityReader } from '#app/suppression-stats';
import type { ActivityAction, ActivityEvent } from '#domain/activity';
import { INDEXES } from '#shared/table-contract';

/**
 * R6b: a tenant's activity between two instants (GSI1: the tenant activity timeline, its sort key between the
 * two instants), oldest first, optionally of some actions only (a filter expression: the range is read whole
 * either way), each event projected to what statistics count. One page per call, `nextKey` to go on.
 */
export class DynamoDbTenantActivityReader implements TenantActivityReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listTenantActivityBetween(
    tenantId: string,
    range: { readonly from: string; readonly to: string; readonly actions?: readonly ActivityAction[] },
    page: PageRequest,
  ): Promise<Page<Pick<ActivityEvent, 'at' | 'source' | 'campaignId'>>> {
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
      items: (output.Items ?? []) as Pick<ActivityEvent, 'at' | 'source' | 'campaignId'>[],
      ...(output.LastEvaluatedKey ? { nextKey: output.LastEvaluatedKey as Record<string, string> } : {}),
    };
  }
}
