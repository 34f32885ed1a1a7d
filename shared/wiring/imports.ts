import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { createImport, startSesAccountImport } from '#app/create-import';
import { createFilterJob, getFilterJob } from '#app/filter-jobs';
import { getImport, listImports } from '#app/read-imports';
import { authorizeAction } from '#app/refuse-action';
import { topicsFor } from '#app/tenant-rules';
import { type JobsConfig, jobsObjectStore } from './jobs-objects';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';

/** The use cases of the import routes, and the role check that records a refusal. */
export interface ImportsUseCases {
  readonly authorizeAction: ReturnType<typeof authorizeAction>;
  readonly createImport: ReturnType<typeof createImport>;
  readonly getImport: ReturnType<typeof getImport>;
  readonly listImports: ReturnType<typeof listImports>;
  readonly createFilterJob: ReturnType<typeof createFilterJob>;
  readonly startSesAccountImport: ReturnType<typeof startSesAccountImport>;
  readonly getFilterJob: ReturnType<typeof getFilterJob>;
}

/** The import routes' composition root: the job repository, the object store for presigning, the cursor key. */
export const wireImports = async (config: ServiceConfig & JobsConfig): Promise<ImportsUseCases> => {
  const budget = timeBudgetOf(config, 'adminApi');
  const { keyring } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  const jobs = new DynamoDbImportJobRepository(doc, config.tableName);
  const objects = jobsObjectStore(config, budget.calls);
  return withinDeadline(budget, {
    authorizeAction: authorizeAction({ activity: new DynamoDbActivityLog(doc, config.tableName) }),
    createImport: createImport({ jobs, objects }),
    getImport: getImport({ jobs, objects }),
    listImports: listImports({ jobs, cursorKey: keyring.cursorKey }),
    createFilterJob: createFilterJob({
      jobs,
      objects,
      topicsFor: topicsFor({ tenantSettings: tenantSettingsStore(doc, config) }),
    }),
    startSesAccountImport: startSesAccountImport({ jobs, objects }),
    getFilterJob: getFilterJob({ jobs, objects }),
  });
};
