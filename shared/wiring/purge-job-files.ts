import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import type { ObjectPrefixDeleter } from '#app/ports/objects';
import { purgeJobFiles } from '#app/purge-job-files';
import { connectTable, type ServiceConfig, timeBudgetOf, withinDeadline } from './platform';

/** What the purge reads: the table and the jobs bucket; no keyring (it hashes and seals nothing). */
export type PurgeJobFilesConfig = Pick<
  ServiceConfig,
  'tableName' | 'dynamoDbEndpoint' | 'documentClient' | 'traceClient' | 'timeBudget'
> & {
  readonly bucket?: string;
  readonly s3Endpoint?: string;
  /** A ready store (the local stand-in's, over s3rver); else an S3 store of `bucket`. */
  readonly objects?: ObjectPrefixDeleter;
};

export interface PurgeJobFilesUseCases {
  readonly purgeJobFiles: ReturnType<typeof purgeJobFiles>;
}

/** The composition root of `PurgeJobFiles` (the erasure rule's target): the jobs' items and the jobs bucket. */
export const wirePurgeJobFiles = async (config: PurgeJobFilesConfig): Promise<PurgeJobFilesUseCases> => {
  const budget = timeBudgetOf(config, 'purgeJobFiles');
  const doc = connectTable(config, budget);
  const objects = config.objects ?? s3Store(config, budget.calls);
  return withinDeadline(budget, {
    purgeJobFiles: purgeJobFiles({ objects, jobs: new DynamoDbImportJobRepository(doc, config.tableName) }),
  });
};

const s3Store = (
  config: PurgeJobFilesConfig,
  limits: Parameters<typeof createS3Client>[0]['limits'],
): ObjectPrefixDeleter => {
  if (!config.bucket) throw new Error('the jobs bucket is not configured');
  const client = createS3Client({
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
    ...(limits ? { limits } : {}),
  });
  return new S3ObjectStore(config.traceClient ? config.traceClient(client) : client, config.bucket);
};
