import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '#adapters/dynamodb/batch-write';
import {
  campaignRunsTimeline,
  FILTER_RUN_CHUNK_PREFIX,
  FILTER_RUN_SUMMARY_SK,
  filterRunChunkSk,
  filterRunPk,
  tenantRunsTimeline,
  timelineSk,
} from '#adapters/dynamodb/keys';
import { queryAll } from '#adapters/dynamodb/query-all';
import { queryPage } from '#adapters/dynamodb/query-page';
import { sortKeyRange } from '#adapters/dynamodb/timeline-range';
import type {
  FilteredRecipient,
  FilterRunRange,
  FilterRunRecord,
  FilterRunStore,
  FilterRunSummary,
  FilterSummary,
} from '#app/ports/filter-runs';
import type { Page, PageRequest } from '#app/ports/paging';
import type { Category } from '#domain/category-policy';
import { INDEXES, type IndexDefinition, TABLE_KEYS } from '#shared/table-contract';

/** Items stay well under DynamoDB's 400 KB item limit: the filtered list is cut into chunks of this many entries. */
const ENTRIES_PER_CHUNK = 500;

/** Rebuilds a run's summary from its stored summary item. */
const toRunSummary = (item: Record<string, unknown>): FilterRunSummary => ({
  tenantId: String(item.tenantId),
  runId: String(item.runId),
  campaignId: String(item.campaignId),
  createdAt: String(item.createdAt),
  ...(typeof item.category === 'string' ? { category: item.category as Category } : {}),
  summary: item.summary as FilterSummary,
});

/**
 * Filter run reports (W9, R10): a summary and the filtered list, expiring by TTL; the summary alone sits on two
 * timelines, a campaign's (GSI1, R10b) and the tenant's (GSI2, R10c).
 */
export class DynamoDbFilterRunRepository implements FilterRunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** W9: stores a run's report; rewriting the same run id overwrites it with the same content. */
  async saveFilterRun(report: FilterRunRecord, ttlSeconds: number): Promise<void> {
    const pk = filterRunPk(report.tenantId, report.runId);
    const expiresAt = Math.floor(Date.parse(report.createdAt) / 1000) + ttlSeconds;
    const chunks: FilteredRecipient[][] = [];
    for (let i = 0; i < report.filtered.length; i += ENTRIES_PER_CHUNK) {
      chunks.push(report.filtered.slice(i, i + ENTRIES_PER_CHUNK));
    }
    await batchWriteAll(this.client, this.tableName, [
      {
        pk,
        sk: FILTER_RUN_SUMMARY_SK,
        entity: 'filter_run',
        tenantId: report.tenantId,
        runId: report.runId,
        campaignId: report.campaignId,
        createdAt: report.createdAt,
        ...(report.category === undefined ? {} : { category: report.category }),
        summary: report.summary,
        chunks: chunks.length,
        gsi1pk: campaignRunsTimeline(report.tenantId, report.campaignId),
        gsi1sk: timelineSk(report.createdAt, report.runId),
        gsi2pk: tenantRunsTimeline(report.tenantId),
        gsi2sk: timelineSk(report.createdAt, report.runId),
        [TABLE_KEYS.ttlAttribute]: expiresAt,
      },
      ...chunks.map((filtered, index) => ({
        pk,
        sk: filterRunChunkSk(index),
        entity: 'filter_run_chunk',
        filtered,
        [TABLE_KEYS.ttlAttribute]: expiresAt,
      })),
    ]);
  }

  /** R10: one run's report, the filtered list reassembled in order; undefined when unknown or expired. */
  async getFilterRun(tenantId: string, runId: string): Promise<FilterRunRecord | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': filterRunPk(tenantId, runId) },
    });
    const summary = items.find((item) => item.sk === FILTER_RUN_SUMMARY_SK);
    // TTL deletes lazily: an expired report is treated as gone even while it still exists.
    if (!summary || Number(summary[TABLE_KEYS.ttlAttribute]) * 1000 < Date.now()) return undefined;
    const filtered = items
      .filter((item) => String(item.sk).startsWith(FILTER_RUN_CHUNK_PREFIX))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .flatMap((item) => item.filtered as FilteredRecipient[]);
    return { ...toRunSummary(summary), filtered };
  }

  /** R10b: a campaign's run summaries, newest first (GSI1), expired ones left out. */
  listCampaignRunsNewestFirst(
    tenantId: string,
    campaignId: string,
    page: PageRequest,
  ): Promise<Page<FilterRunSummary>> {
    return this.listTimeline(INDEXES.byTenantTimeline, campaignRunsTimeline(tenantId, campaignId), {}, page);
  }

  /** R10c: the tenant's run summaries of every campaign, newest first (GSI2), optionally within a range. */
  listTenantRunsNewestFirst(
    tenantId: string,
    range: FilterRunRange,
    page: PageRequest,
  ): Promise<Page<FilterRunSummary>> {
    return this.listTimeline(INDEXES.byContactTimeline, tenantRunsTimeline(tenantId), range, page);
  }

  /**
   * One page of a run timeline. TTL deletes lazily (up to days late), so expired summaries are filtered out by
   * their TTL attribute, as `getFilterRun` does; the filter may make a page short, never wrong.
   */
  private async listTimeline(
    index: IndexDefinition,
    partition: string,
    range: FilterRunRange,
    page: PageRequest,
  ): Promise<Page<FilterRunSummary>> {
    const names: Record<string, string> = { '#pk': index.partitionKey, '#ttl': TABLE_KEYS.ttlAttribute };
    // Expired when `expiresAt * 1000 < now`, so still valid from the next whole second on.
    const values: Record<string, unknown> = { ':pk': partition, ':now': Math.ceil(Date.now() / 1000) };
    const sortKeyCondition = sortKeyRange(range, names, values, index.sortKey);
    const { items, nextKey } = await queryPage(
      this.client,
      this.tableName,
      {
        IndexName: index.indexName,
        KeyConditionExpression: `#pk = :pk${sortKeyCondition}`,
        FilterExpression: '#ttl >= :now',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      page,
      [index.partitionKey, index.sortKey],
    );
    return { items: items.map(toRunSummary), ...(nextKey ? { nextKey } : {}) };
  }
}
