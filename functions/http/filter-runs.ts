import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { deployedHandler } from '#lambda/deployed-handler';
import { httpErrors } from '#lambda/http-errors';
import { jsonResponse } from '#lambda/http-response';
import { observe } from '#lambda/observability';
import { principalOf, requirePermission } from '#lambda/principal';
import { tableConfigFromEnv } from '#lambda/service-config';
import { traceAwsClient, traceHandler } from '#lambda/tracing';
import { type FilterRunsUseCases, wireFilterRuns } from '#wiring/filter-runs';

/**
 * `GET /v1/campaigns/{campaignId}/runs/{runId}/filtered`: a campaign run's "Filtered contacts", for any role that
 * may read. The tenant is the credential's; another tenant's run id answers 404 like an unknown one.
 */
export const makeHandler = (useCases: Promise<FilterRunsUseCases>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async (event: APIGatewayProxyEventV2) => {
    const principal = principalOf(event);
    requirePermission(principal, 'read');
    const run = await (await useCases).readFilterRun({
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
  })
    .use(observe({ name: 'filter-runs', trace: traceHandler }))
    .use(httpErrors());

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
// The table alone: the function is given no keyring (it needs none), so not configFromEnv, which requires one.
export const handler = deployedHandler(makeHandler, () =>
  wireFilterRuns({ ...tableConfigFromEnv(), traceClient: traceAwsClient }),
);
