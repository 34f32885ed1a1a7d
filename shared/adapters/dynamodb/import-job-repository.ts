import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  IMPORT_CHUNK_PREFIX,
  IMPORT_JOB_SK,
  importChunkSk,
  importJobPk,
  tenantFilterJobsTimeline,
  tenantImportsTimeline,
  timelineSk,
} from '#adapters/dynamodb/keys';
import { queryAll } from '#adapters/dynamodb/query-all';
import { queryPage } from '#adapters/dynamodb/query-page';
import type { FilterSummary } from '#app/ports/filter-runs';
import type { ImportChunkRecord, ImportJobRepository } from '#app/ports/import-jobs';
import type { Page, PageRequest } from '#app/ports/paging';
import type { ImportCounts, ImportJob, JobFilesErased, UncheckedRecipients } from '#domain/import-job';
import { INDEXES } from '#shared/table-contract';

/** Job and chunk items are kept this long (TTL); results and uploads expire sooner, by the bucket's lifecycle. */
const JOB_TTL_SECONDS = 90 * 24 * 3600;

const JOB_FIELDS = [
  'tenantId',
  'importId',
  'mode',
  'source',
  'fileName',
  'note',
  'status',
  'counts',
  'createdAt',
  'actor',
  'startedAt',
  'finishedAt',
  'error',
  'filter',
  'sesAccount',
  'summary',
  'unchecked',
  'filesErased',
] as const;

const toJob = (item: Record<string, unknown>): ImportJob =>
  Object.fromEntries(
    JOB_FIELDS.flatMap((field) => (item[field] === undefined ? [] : [[field, item[field]]])),
  ) as unknown as ImportJob;

/**
 * Import job status items and their chunk records (RJ1–RJ4, WJ1–WJ4 of docs/data-model.md), in the job's own
 * partition `JOB#<tenant>#<importId>`; the status item also sits on the tenant's jobs timeline (GSI1).
 */
export class DynamoDbImportJobRepository implements ImportJobRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** WJ1: `PutItem` with `attribute_not_exists(pk)`: an id is used once. */
  async createImportJob(job: ImportJob): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: importJobPk(job.tenantId, job.importId),
          sk: IMPORT_JOB_SK,
          entity: 'import_job',
          gsi1pk: job.filter ? tenantFilterJobsTimeline(job.tenantId) : tenantImportsTimeline(job.tenantId),
          gsi1sk: timelineSk(job.createdAt, job.importId),
          expiresAt: Math.floor(Date.parse(job.createdAt) / 1000) + JOB_TTL_SECONDS,
          ...job,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** RJ1: `GetItem` `pk = JOB#<tenant>#<importId>, sk = STATUS`, strongly consistent (status moves fast). */
  async getImportJob(tenantId: string, importId: string): Promise<ImportJob | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: importJobPk(tenantId, importId), sk: IMPORT_JOB_SK },
        ConsistentRead: true,
      }),
    );
    return output.Item ? toJob(output.Item) : undefined;
  }

  /** RJ2: `Query` GSI1 `gsi1pk = T#<tenant>#JOBS`, descending. */
  async listImportJobsNewestFirst(tenantId: string, page: PageRequest): Promise<Page<ImportJob>> {
    const index = INDEXES.byTenantTimeline;
    const raw = await queryPage(
      this.client,
      this.tableName,
      {
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': tenantImportsTimeline(tenantId) },
        ScanIndexForward: false,
      },
      page,
      [index.partitionKey, index.sortKey],
    );
    return { items: raw.items.map(toJob), ...(raw.nextKey ? { nextKey: raw.nextKey } : {}) };
  }

  /** WJ2: `UpdateItem SET status = running, startedAt = if_not_exists(startedAt, :at) REMOVE error` on the item. */
  async startImportJob(tenantId: string, importId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: importJobPk(tenantId, importId), sk: IMPORT_JOB_SK },
          UpdateExpression: 'SET #status = :running, startedAt = if_not_exists(startedAt, :at) REMOVE #error',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: { ':running': 'running', ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** WJ3: `PutItem` `pk = JOB#…, sk = CHUNK#<firstLine>` with `attribute_not_exists(pk)`: the first record stays. */
  async recordImportChunk(tenantId: string, importId: string, chunk: ImportChunkRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: importJobPk(tenantId, importId),
            sk: importChunkSk(chunk.firstLine),
            entity: 'import_chunk',
            expiresAt: Math.floor(Date.now() / 1000) + JOB_TTL_SECONDS,
            ...chunk,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** RJ3: `GetItem` `pk = JOB#<tenant>#<importId>, sk = CHUNK#<firstLine>`, strongly consistent. */
  async getImportChunk(
    tenantId: string,
    importId: string,
    firstLine: number,
  ): Promise<ImportChunkRecord | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: importJobPk(tenantId, importId), sk: importChunkSk(firstLine) },
        ConsistentRead: true,
      }),
    );
    return output.Item ? toChunk(output.Item) : undefined;
  }

  /** RJ4: `Query` `pk = JOB#<tenant>#<importId> AND begins_with(sk, 'CHUNK#')`, ascending, strongly consistent. */
  async listImportChunks(tenantId: string, importId: string): Promise<ImportChunkRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
      ExpressionAttributeValues: { ':pk': importJobPk(tenantId, importId), ':chunk': IMPORT_CHUNK_PREFIX },
      ConsistentRead: true,
    });
    return items.map(toChunk);
  }

  /** WJ4: `UpdateItem SET status, counts, finishedAt[, error, summary, unchecked]` on the status item. */
  async finishImportJob(
    tenantId: string,
    importId: string,
    end: {
      readonly status: 'succeeded' | 'failed';
      readonly counts: ImportCounts;
      readonly at: string;
      readonly error?: string;
      readonly summary?: FilterSummary;
      readonly unchecked?: UncheckedRecipients;
    },
  ): Promise<void> {
    const sets = ['#status = :status', '#counts = :counts', 'finishedAt = :at'];
    if (end.error !== undefined) sets.push('#error = :error');
    if (end.summary !== undefined) sets.push('#summary = :summary');
    if (end.unchecked !== undefined) sets.push('#unchecked = :unchecked');
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: importJobPk(tenantId, importId), sk: IMPORT_JOB_SK },
        UpdateExpression: `SET ${sets.join(', ')}${end.error === undefined ? ' REMOVE #error' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#counts': 'counts',
          '#error': 'error',
          ...(end.summary === undefined ? {} : { '#summary': 'summary' }),
          ...(end.unchecked === undefined ? {} : { '#unchecked': 'unchecked' }),
        },
        ExpressionAttributeValues: {
          ':status': end.status,
          ':counts': end.counts,
          ':at': end.at,
          ...(end.error === undefined ? {} : { ':error': end.error }),
          ...(end.summary === undefined ? {} : { ':summary': end.summary }),
          ...(end.unchecked === undefined ? {} : { ':unchecked': end.unchecked }),
        },
      }),
    );
  }

  /** WJ5: `UpdateItem SET filesErased = :mark` on the status item, if it exists (a re-run sets it again). */
  async markJobFilesErased(tenantId: string, importId: string, mark: JobFilesErased): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: importJobPk(tenantId, importId), sk: IMPORT_JOB_SK },
          UpdateExpression: 'SET filesErased = :mark',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':mark': { at: mark.at, erasureId: mark.erasureId } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

const toChunk = (item: Record<string, unknown>): ImportChunkRecord => ({
  firstLine: Number(item.firstLine),
  counts: item.counts as ImportCounts,
  resultKey: String(item.resultKey),
  ...(typeof item.filteredKey === 'string' ? { filteredKey: item.filteredKey } : {}),
  ...(item.summary ? { summary: item.summary as FilterSummary } : {}),
  ...(item.unchecked ? { unchecked: item.unchecked as { recipients: number; error: string } } : {}),
});
