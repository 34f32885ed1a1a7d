import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { UnavailableError } from '#domain/errors';
import { filterReportTtlSecondsFromEnv } from '#lambda/filter-config';
import { isInvokeError } from '#lambda/invoke-errors';
import { wireFilter } from '#wiring/filter';
import { wireFilterRuns } from '#wiring/filter-runs';
import { makeHandler as makeFilterRunsHandler } from '../../functions/http/filter-runs';
import { makeHandler as makeFilterHandler } from '../../functions/invoke/filter';
import { withDevAuthorizer } from '../authorizer';
import type { LocalRoute } from '../http-adapter';
import type { FeatureRoutesContext } from '../routes';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** The context Lambda hands an invoked function, as far as the handlers and middy read it. */
const invokeContext = (functionName: string, timeoutMs: number): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
};

/**
 * The pre-send filter locally:
 * - `POST /_local/invoke/filter` invokes the filter handler with the JSON body as its payload, as a pipeline's
 *   Lambda Invoke would: 200 with the answer; 400 with the `{ "error": … }` the function returns for a refused
 *   request; 503 when it fails with `UnavailableError` (deployed: a function error the invoker retries);
 * - `GET /v1/campaigns/{campaignId}/runs/{runId}/filtered`, the admin API's "Filtered contacts", behind the dev
 *   JWT authorizer.
 */
export const filterRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const filter = makeFilterHandler(
    Promise.resolve(await wireFilter(context.config, { reportTtlSeconds: filterReportTtlSecondsFromEnv() })),
  );
  const filterRuns = makeFilterRunsHandler(Promise.resolve(await wireFilterRuns(context.config)));
  return [
    {
      method: 'POST',
      path: '/_local/invoke/filter',
      handler: async (event) => {
        let payload: unknown;
        try {
          const body = event.isBase64Encoded
            ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
            : event.body;
          payload = JSON.parse(body ?? '');
        } catch {
          return json(400, {
            error: { code: 'invalid_input', message: '(payload): the body is not valid JSON' },
          });
        }
        try {
          const result = await filter(payload, invokeContext('quietlist-filter', 60_000));
          return json(isInvokeError(result) ? 400 : 200, result);
        } catch (error) {
          if (error instanceof UnavailableError)
            return json(503, { error: { code: error.code, message: error.message } });
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: '/v1/campaigns/{campaignId}/runs/{runId}/filtered',
      handler: withDevAuthorizer(
        (event) => filterRuns(event, invokeContext('quietlist-filter-runs', 10_000)),
        context.devJwtSecret,
      ),
    },
  ];
};
