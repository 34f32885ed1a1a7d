import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import { SesAccountSuppressionList } from '#adapters/ses/account-suppression-list';
import { failImport, finishImport } from '#app/finish-import';
import { importChunk, importChunkUnchecked } from '#app/import-chunk';
import type { AccountSuppressionListReader } from '#app/ports/account-suppression-list';
import type { ObjectStore } from '#app/ports/objects';
import { prepareImport } from '#app/prepare-import';
import { normalizeOptionsFor, topicsFor } from '#app/tenant-rules';
import { DEFAULT_FILTER_REPORT_TTL_DAYS } from '#lambda/filter-config';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';
import { unsubscribeLinkBuilder } from './unsubscribe-links';

/** The jobs' own configuration: their bucket (or, locally and in tests, a ready object store). */
export interface JobsConfig {
  readonly bucket?: string;
  readonly s3Endpoint?: string;
  /** A ready store (the local stand-in); else an S3 store of `bucket`. */
  readonly objects?: ObjectStore;
  /** The SES account-level list an SES account-list import reads. @default SESv2 of the function's account */
  readonly accountList?: AccountSuppressionListReader;
  /** Days a filter job's run reports are kept. @default DEFAULT_FILTER_REPORT_TTL_DAYS */
  readonly filterReportTtlDays?: number;
}

/** The jobs' object store, from their configuration. */
export const jobsObjectStore = (
  config: ServiceConfig & JobsConfig,
  limits?: Parameters<typeof createS3Client>[0]['limits'],
): ObjectStore => {
  if (config.objects) return config.objects;
  if (!config.bucket) throw new Error('the jobs bucket is not configured');
  const client = createS3Client({
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
    ...(limits ? { limits } : {}),
  });
  return new S3ObjectStore(config.traceClient ? config.traceClient(client) : client, config.bucket);
};

/** The use cases of the import state machine's steps, one per state. */
export interface ImportStepsUseCases {
  readonly prepareImport: ReturnType<typeof prepareImport>;
  readonly importChunk: ReturnType<typeof importChunk>;
  readonly importChunkUnchecked: ReturnType<typeof importChunkUnchecked>;
  readonly finishImport: ReturnType<typeof finishImport>;
  readonly failImport: ReturnType<typeof failImport>;
}

/**
 * The import steps' composition root: the job repository, the suppressions (the bulk add's write path and the
 * check's reads), the tenant's parser options and the jobs' object store, each call within the steps' budget.
 */
export const wireImportSteps = async (config: ServiceConfig & JobsConfig): Promise<ImportStepsUseCases> => {
  const budget = timeBudgetOf(config, 'importSteps');
  const { keyring, hashValue, normalizeOptions } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  const jobs = new DynamoDbImportJobRepository(doc, config.tableName);
  const suppressions = new DynamoDbSuppressionRepository(doc, config.tableName);
  const objects = jobsObjectStore(config, budget.calls);
  const tenantSettings = tenantSettingsStore(doc, config);
  const parsing = normalizeOptionsFor({ tenantSettings }, normalizeOptions);
  // Filter jobs run the synchronous filter's own use case, with its own adapters and report lifetime.
  const filter = {
    suppressions,
    contacts: new DynamoDbContactRepository(doc, config.tableName),
    filterRuns: new DynamoDbFilterRunRepository(doc, config.tableName),
    hashValue,
    buildUnsubscribeLink: unsubscribeLinkBuilder(config, keyring),
    reportTtlSeconds: (config.filterReportTtlDays ?? DEFAULT_FILTER_REPORT_TTL_DAYS) * 24 * 3600,
    normalizeOptionsFor: parsing,
    topicsFor: topicsFor({ tenantSettings }),
  };
  return withinDeadline(budget, {
    prepareImport: prepareImport({
      jobs,
      objects,
      accountList: config.accountList ?? new SesAccountSuppressionList({ limits: budget.calls }),
    }),
    importChunk: importChunk({
      jobs,
      objects,
      suppressions,
      hashValue,
      normalizeOptionsFor: parsing,
      filter,
    }),
    importChunkUnchecked: importChunkUnchecked({ jobs, objects }),
    finishImport: finishImport({ jobs, objects }),
    failImport: failImport({ jobs, objects }),
  });
};
