import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DEFAULT_CLAIMS } from '#domain/roles';
import { ulid } from '#domain/ulid';
import { ENV } from '#shared/table-contract';
import { handler } from '../../functions/http/filter-runs';
import { freshTable } from '../support/dynamodb';

/**
 * The filtered-contacts route's deployed entry, configured as its Lambda is: the table's name and nothing else. It
 * is given no keyring (it reads run reports and no key, infra/stacks/admin-api-stack.ts), so its entry must start
 * without one.
 */
const saved: Record<string, string | undefined> = {};
const setEnv = (name: string, value: string | undefined) => {
  saved[name] = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
};

const eventFor = (tenant: string, campaignId: string, runId: string) =>
  ({
    routeKey: 'GET /v1/campaigns/{campaignId}/runs/{runId}/filtered',
    rawPath: `/v1/campaigns/${campaignId}/runs/${runId}/filtered`,
    pathParameters: { campaignId, runId },
    headers: {},
    requestContext: {
      requestId: 'r-1',
      http: { method: 'GET', path: `/v1/campaigns/${campaignId}/runs/${runId}/filtered` },
      authorizer: {
        jwt: { claims: { sub: 'u-1', [DEFAULT_CLAIMS.tenant]: tenant, [DEFAULT_CLAIMS.role]: 'viewer' } },
      },
    },
  }) as unknown as APIGatewayProxyEventV2;

const invoke = async (event: APIGatewayProxyEventV2) =>
  (await handler(event, { awsRequestId: 'r-1' } as Context)) as APIGatewayProxyStructuredResultV2;

let runId: string;

beforeAll(async () => {
  const table = await freshTable();
  const doc = createDocumentClient({ endpoint: table.endpoint });
  runId = ulid();
  await new DynamoDbFilterRunRepository(doc, table.tableName).saveFilterRun(
    {
      tenantId: 'acme',
      runId,
      campaignId: 'c-42',
      createdAt: new Date().toISOString(),
      summary: { received: 2, eligible: 1, filtered: 1, byReason: { unsubscribed: 1 } },
      filtered: [{ contactId: 'c-1', reasons: ['unsubscribed'] }],
    },
    3600,
  );
  setEnv(ENV.tableName, table.tableName);
  setEnv(ENV.dynamoDbEndpoint, table.endpoint);
  setEnv(ENV.keysSecret, undefined);
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the filtered-contacts entry, deployed without a keyring', () => {
  it("answers a run's filtered contacts from the table alone", async () => {
    const response = await invoke(eventFor('acme', 'c-42', runId));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      runId,
      campaignId: 'c-42',
      filtered: [{ contactId: 'c-1', reasons: ['unsubscribed'] }],
    });
  });

  it("answers another tenant's run id as unknown", async () => {
    const response = await invoke(eventFor('other', 'c-42', runId));
    expect(response.statusCode).toBe(404);
  });
});
