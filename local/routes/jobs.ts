import type { Context } from 'aws-lambda';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import { filterReportTtlSecondsFromEnv } from '#lambda/filter-config';
import { IMPORT_ROUTES } from '#shared/admin-api-contract';
import { JOB_KEYS } from '#shared/jobs-contract';
import { wireImportSteps } from '#wiring/import-steps';
import { wireImports } from '#wiring/imports';
import { wirePurgeJobFiles } from '#wiring/purge-job-files';
import { makeHandler as makePurgeHandler } from '../../functions/event/purge-job-files';
import { makeHandler as makeImportsHandler } from '../../functions/http/imports';
import { makeHandler as makeStepsHandler } from '../../functions/step/import-steps';
import { withDevAuthorizer } from '../authorizer';
import { localErasureJobFilesRule } from '../erasure-job-files-rule';
import type { LocalRoute } from '../http-adapter';
import { MemoryObjectStore } from '../memory-object-store';
import { LocalStepFunctionsRunner } from '../step-functions-runner';
import type { FeatureRoutesContext } from './context';

/**
 * Jobs locally: the job routes (same handler as deployed, behind the dev authorizer), the jobs' object store —
 * the S3 adapter over s3rver when `npm start` runs one, else an in-memory store whose presigned URLs
 * `/_local/objects/<key>` honours — and the local stand-in for Step Functions, started by each upload as the
 * bucket's Object Created event starts the state machine; with s3rver and the outbound-events stand-in, the erasure
 * rule's stand-in too (an `Erasure Completed` deletes the workspace's job files).
 */
export const jobsRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const memory = new MemoryObjectStore(context.baseUrl);
  const objects = context.s3
    ? new S3ObjectStore(createS3Client({ endpoint: context.s3.endpoint }), context.s3.bucket)
    : memory;
  const config = { ...context.config, objects, filterReportTtlSeconds: filterReportTtlSecondsFromEnv() };
  const steps = makeStepsHandler(wireImportSteps(config));
  const runner = new LocalStepFunctionsRunner(steps, objects);
  const start = (key: string) => {
    runner
      .run(key)
      .catch((error: unknown) => console.error(`import of ${key} could not be marked failed`, error));
  };
  // The S3 event: an upload starts its job, as the bucket's Object Created event starts the state machine.
  context.s3?.onObjectCreated((key) => {
    if (key.startsWith(JOB_KEYS.uploadPrefix)) start(key);
  });
  // The erasure rule's stand-in: an `Erasure Completed` deletes the workspace's files from s3rver, as deployed.
  if (context.s3 && context.onOutboundEvent) {
    const purge = makePurgeHandler(
      wirePurgeJobFiles({
        tableName: context.tableName,
        dynamoDbEndpoint: context.endpoint,
        objects,
      }),
    );
    context.onOutboundEvent(
      localErasureJobFilesRule(purge, {
        onError: (error) =>
          console.error(`job files not deleted (the erasure rule's DLQ, deployed): ${error.message}`),
      }),
    );
  }
  const imports = makeImportsHandler(wireImports(config));
  const handler = withDevAuthorizer((event) => imports(event, {} as Context), context.devJwtSecret);
  const objectKeyOf = (path: string) => decodeURIComponent(path.replace(/^\/_local\/objects\//, ''));
  const routes = IMPORT_ROUTES.map((route) => ({ method: route.method, path: route.path, handler }));
  if (context.s3) return routes;
  // Without a local S3 server, the in-memory store's presigned URLs are served here.
  return [
    ...routes,
    {
      method: 'PUT',
      path: '/_local/objects/{proxy+}',
      handler: async (event) => {
        const key = objectKeyOf(event.rawPath);
        if (!memory.honours('PUT', key, event.queryStringParameters?.['X-Amz-Signature'])) {
          return { statusCode: 403, body: 'AccessDenied' };
        }
        const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
        await memory.write(key, body);
        if (key.startsWith(JOB_KEYS.uploadPrefix)) start(key);
        return { statusCode: 200, body: '' };
      },
    },
    {
      method: 'GET',
      path: '/_local/objects/{proxy+}',
      handler: async (event) => {
        const key = objectKeyOf(event.rawPath);
        if (!memory.honours('GET', key, event.queryStringParameters?.['X-Amz-Signature'])) {
          return { statusCode: 403, body: 'AccessDenied' };
        }
        return { statusCode: 200, headers: { 'content-type': 'text/csv' }, body: memory.text(key) ?? '' };
      },
    },
  ];
};
