import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { SesAccountSuppressionList } from '#adapters/ses/account-suppression-list';
import { failImport, finishImport } from '#app/finish-import';
import { importChunk, importChunkUnchecked } from '#app/import-chunk';
import { prepareImport } from '#app/prepare-import';
import { normalizeOptionsFor, topicsFor } from '#app/tenant-rules';
import { DEFAULT_FILTER_REPORT_TTL_DAYS } from '#lambda/filter-config';
import { type JobsConfig, jobsObjectStore } from './jobs-objects';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';
import { unsubscribeLinkBuilder } from './unsubscribe-links';

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
    reportTtlSeconds: config.filterReportTtlSeconds ?? DEFAULT_FILTER_REPORT_TTL_DAYS * 24 * 3600,
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
