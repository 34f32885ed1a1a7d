import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import type { AccountSuppressionListReader } from '#app/ports/account-suppression-list';
import type { ObjectStore } from '#app/ports/objects';
import type { ServiceConfig } from './platform';

/** The jobs' own configuration: their bucket (or, locally and in tests, a ready object store). */
export interface JobsConfig {
  readonly bucket?: string;
  readonly s3Endpoint?: string;
  /** A ready store (the local stand-in); else an S3 store of `bucket`. */
  readonly objects?: ObjectStore;
  /** The SES account-level list an SES account-list import reads. @default SESv2 of the function's account */
  readonly accountList?: AccountSuppressionListReader;
  /**
   * Seconds a filter job's run reports are kept: the synchronous filter's (`QUIETLIST_FILTER_REPORT_TTL_DAYS`).
   * @default DEFAULT_FILTER_REPORT_TTL_DAYS days
   */
  readonly filterReportTtlSeconds?: number;
}

/**
 * The jobs' object store, from their configuration: the import routes, the import steps and the erasure's purge
 * of job files all reach the bucket through it.
 */
export const jobsObjectStore = (
  config: Pick<ServiceConfig, 'traceClient'> & Pick<JobsConfig, 'bucket' | 's3Endpoint' | 'objects'>,
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
