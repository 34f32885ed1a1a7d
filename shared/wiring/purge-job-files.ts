import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { purgeJobFiles } from '#app/purge-job-files';
import { type JobsConfig, jobsObjectStore } from './jobs-objects';
import { connectTable, type ServiceConfig, timeBudgetOf, withinDeadline } from './platform';

/** What the purge reads: the table and the jobs bucket; no keyring (it hashes and seals nothing). */
export type PurgeJobFilesConfig = Pick<
  ServiceConfig,
  'tableName' | 'dynamoDbEndpoint' | 'documentClient' | 'traceClient' | 'timeBudget'
> &
  Pick<JobsConfig, 'bucket' | 's3Endpoint' | 'objects'>;

export interface PurgeJobFilesUseCases {
  readonly purgeJobFiles: ReturnType<typeof purgeJobFiles>;
}

/** The composition root of `PurgeJobFiles` (the erasure rule's target): the jobs' items and the jobs bucket. */
export const wirePurgeJobFiles = async (config: PurgeJobFilesConfig): Promise<PurgeJobFilesUseCases> => {
  const budget = timeBudgetOf(config, 'purgeJobFiles');
  const doc = connectTable(config, budget);
  const objects = jobsObjectStore(config, budget.calls);
  return withinDeadline(budget, {
    purgeJobFiles: purgeJobFiles({ objects, jobs: new DynamoDbImportJobRepository(doc, config.tableName) }),
  });
};
