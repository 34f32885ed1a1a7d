import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { PurgeJobFilesReport } from '#app/purge-job-files';
import { InvalidInputError } from '#domain/errors';
import { deployedHandler } from '#lambda/deployed-handler';
import { optionalEnv, requireEnv } from '#lambda/env';
import { logger } from '#lambda/logger';
import { observe } from '#lambda/observability';
import { tableConfigFromEnv } from '#lambda/service-config';
import { traceAwsClient, traceHandler } from '#lambda/tracing';
import { ERASURE_COMPLETED_PATTERN } from '#shared/events-contract';
import { JOBS_ENV } from '#shared/jobs-contract';
import { type PurgeJobFilesUseCases, wirePurgeJobFiles } from '#wiring/purge-job-files';

/** The detail-type the erasure rule matches (ERASURE_COMPLETED_PATTERN), and the only one this function takes. */
const ERASURE_COMPLETED = ERASURE_COMPLETED_PATTERN['detail-type'][0];

/** What the function reads of `Erasure Completed` (docs/events/erasure-completed.schema.json). */
export type ErasureCompletedEvent = EventBridgeEvent<
  string,
  { readonly tenantId?: unknown; readonly eventId?: unknown }
>;

/**
 * `PurgeJobFiles`, the target of the erasure rule on the Quietlist bus: an `Erasure Completed` event deletes every
 * job file of its workspace (shared/app/purge-job-files.ts). A failure throws: EventBridge retries the target, then
 * parks the event in the rule's dead-letter queue. The local stand-in of the rule calls this same handler.
 */
export const makeHandler = (useCases: Promise<PurgeJobFilesUseCases>) =>
  middy(async (event: ErasureCompletedEvent, _context: Context): Promise<PurgeJobFilesReport> => {
    if (event['detail-type'] !== ERASURE_COMPLETED) {
      throw new InvalidInputError(`detail-type: "${event['detail-type']}" is not "${ERASURE_COMPLETED}"`);
    }
    const { tenantId, eventId } = event.detail ?? {};
    if (typeof tenantId !== 'string') throw new InvalidInputError('detail.tenantId: must be a string');
    if (typeof eventId !== 'string') throw new InvalidInputError('detail.eventId: must be a string');
    const report = await (await useCases).purgeJobFiles({ tenantId, erasureId: eventId, at: new Date() });
    logger.info('job files erased', {
      tenantId,
      erasureId: eventId,
      ...report,
      jobIds: report.jobIds.length,
    });
    return report;
  }).use(observe({ name: 'purge-job-files', trace: traceHandler }));

/** The Lambda entry point (see `deployedHandler`). */
export const handler = deployedHandler(makeHandler, () => {
  const endpoint = optionalEnv(JOBS_ENV.s3Endpoint);
  return wirePurgeJobFiles({
    ...tableConfigFromEnv(),
    bucket: requireEnv(JOBS_ENV.bucket),
    traceClient: traceAwsClient,
    ...(endpoint ? { s3Endpoint: endpoint } : {}),
  });
});
