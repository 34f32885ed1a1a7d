import type { Context } from 'aws-lambda';
import { IMPORT_ROUTES } from '#shared/admin-api-contract';
import { JOB_KEYS } from '#shared/jobs-contract';
import { wireImportSteps } from '#wiring/import-steps';
import { wireImports } from '#wiring/imports';
import { makeHandler as makeImportsHandler } from '../../functions/http/imports';
import { makeHandler as makeStepsHandler } from '../../functions/step/import-steps';
import { withDevAuthorizer } from '../authorizer';
import type { LocalRoute } from '../http-adapter';
import { MemoryObjectStore } from '../memory-object-store';
import { LocalStepFunctionsRunner } from '../step-functions-runner';
import type { FeatureRoutesContext } from './context';

/**
 * Imports locally: the import routes (same handler as deployed, behind the dev authorizer), the jobs' object
 * store (in memory, the stand-in for the S3 bucket) with `/_local/objects/<key>` honouring its presigned URLs, and
 * the local stand-in for Step Functions, started by an upload as the S3 event starts the state machine.
 */
export const jobsRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const objects = new MemoryObjectStore(context.baseUrl);
  const config = { ...context.config, objects };
  const steps = makeStepsHandler(wireImportSteps(config));
  const runner = new LocalStepFunctionsRunner(steps, objects);
  const imports = makeImportsHandler(wireImports(config));
  const handler = withDevAuthorizer((event) => imports(event, {} as Context), context.devJwtSecret);
  const objectKeyOf = (path: string) => decodeURIComponent(path.replace(/^\/_local\/objects\//, ''));
  return [
    ...IMPORT_ROUTES.map((route) => ({ method: route.method, path: route.path, handler })),
    {
      method: 'PUT',
      path: '/_local/objects/{proxy+}',
      handler: async (event) => {
        const key = objectKeyOf(event.rawPath);
        if (!objects.honours('PUT', key, event.queryStringParameters?.['X-Amz-Signature'])) {
          return { statusCode: 403, body: 'AccessDenied' };
        }
        const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
        await objects.write(key, body);
        // The S3 event: an upload starts its import, which runs on after this answer, as it would in AWS.
        if (key.startsWith(JOB_KEYS.uploadPrefix)) {
          runner
            .run(key)
            .catch((error: unknown) => console.error(`import of ${key} could not be marked failed`, error));
        }
        return { statusCode: 200, body: '' };
      },
    },
    {
      method: 'GET',
      path: '/_local/objects/{proxy+}',
      handler: async (event) => {
        const key = objectKeyOf(event.rawPath);
        if (!objects.honours('GET', key, event.queryStringParameters?.['X-Amz-Signature'])) {
          return { statusCode: 403, body: 'AccessDenied' };
        }
        return { statusCode: 200, headers: { 'content-type': 'text/csv' }, body: objects.text(key) ?? '' };
      },
    },
  ];
};
