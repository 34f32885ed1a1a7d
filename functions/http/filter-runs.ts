import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { readFilterRun } from '../../shared/app/read-filter-run';
import { httpErrors } from '../../shared/lambda/http-errors';
import { jsonResponse } from '../../shared/lambda/http-response';
import { observe } from '../../shared/lambda/observability';
import { principalOf, requirePermission } from '../../shared/lambda/principal';
import { configFromEnv, createServices, type Services } from '../../shared/lambda/services';

/**
 * `GET /v1/campaigns/{campaignId}/runs/{runId}/filtered`: a campaign run's "Filtered contacts", for any role that
 * may read. The tenant is the credential's; another tenant's run id answers 404 like an unknown one.
 */
export const makeHandler = (services: Promise<Services>) => {
  const read = services.then((s) => readFilterRun({ filterRuns: s.filterRuns }));
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
    async (event: APIGatewayProxyEventV2) => {
      const principal = principalOf(event);
      requirePermission(principal, 'read');
      const run = await (await read)({
        tenantId: principal.tenantId,
        campaignId: event.pathParameters?.campaignId ?? '',
        runId: event.pathParameters?.runId ?? '',
      });
      return jsonResponse(200, {
        runId: run.runId,
        campaignId: run.campaignId,
        createdAt: run.createdAt,
        summary: run.summary,
        filtered: run.filtered,
      });
    },
  )
    .use(observe({ name: 'filter-runs' }))
    .use(httpErrors());
};

let deployed: ReturnType<typeof makeHandler> | undefined;

/** The deployed entry point, built on the first request so that importing `makeHandler` needs no configuration. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  deployed ??= makeHandler(createServices(configFromEnv()));
  return deployed(event, context);
};
