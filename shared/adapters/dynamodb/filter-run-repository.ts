import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '#adapters/dynamodb/batch-write';
import {
  campaignRunsTimeline,
  FILTER_RUN_CHUNK_PREFIX,
  FILTER_RUN_SUMMARY_SK,
  filterRunChunkSk,
  filterRunPk,
  timelineSk,
} from '#adapters/dynamodb/keys';
import { queryAll } from '#adapters/dynamodb/query-all';
import type {
  FilteredRecipient,
  FilterRunRecord,
  FilterRunStore,
  FilterSummary,
} from '#app/ports/filter-runs';
import { TABLE_KEYS } from '#shared/table-contract';

/** Items stay well under DynamoDB's 400 KB item limit: the filtered list is cut into chunks of this many entries. */
const ENTRIES_PER_CHUNK = 500;

/** Filter run reports (AP8): a summary and the filtered list, expiring by TTL. */
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
        summary: report.summary,
        chunks: chunks.length,
        gsi1pk: campaignRunsTimeline(report.tenantId, report.campaignId),
        gsi1sk: timelineSk(report.createdAt, report.runId),
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
    return {
      tenantId,
      runId,
      campaignId: String(summary.campaignId),
      createdAt: String(summary.createdAt),
      summary: summary.summary as FilterSummary,
      filtered,
    };
  }
}
