import { UnavailableError } from '#domain/errors';
import * as z from '#domain/zod';
import { filterReportTtlSecondsFromEnv } from '#lambda/filter-config';
import { toErrorResponse } from '#lambda/http-errors';
import { parseJsonDocument } from '#lambda/http-request';
import { isInvokeError } from '#lambda/invoke-errors';
import { wireFilter } from '#wiring/filter';
import { wireFilterRuns } from '#wiring/filter-runs';
import { makeHandler as makeFilterRunsHandler } from '../../functions/http/filter-runs';
import { makeHandler as makeFilterHandler } from '../../functions/invoke/filter';
import { withDevAuthorizer } from '../authorizer';
import type { LocalRoute } from '../http-adapter';
import { lambdaContext } from '../lambda-context';
import type { FeatureRoutesContext } from './context';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

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
          // Any JSON: the filter validates the payload itself, as the deployed function does.
          payload = parseJsonDocument(
            event.isBase64Encoded
              ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
              : (event.body ?? ''),
            z.unknown(),
            undefined,
          );
        } catch (error) {
          return toErrorResponse(error);
        }
        try {
          const result = await filter(payload, lambdaContext('quietlist-filter', 60_000));
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
        (event) => filterRuns(event, lambdaContext('quietlist-filter-runs', 10_000)),
        context.devJwtSecret,
      ),
    },
  ];
};
