import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { can } from '#domain/roles';
import { ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';
import { AdminApiStack } from '../../infra/stacks/admin-api-stack';
import { DataStack } from '../../infra/stacks/data-stack';
import { mintDevCredential } from '../../local/dev-credentials';
import { createLocalServer, localServerUrl } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { adminRoutes } from '../../local/routes/admin';
import { SAMPLE } from '../support/admin-samples';
import {
  prefixesOf,
  recordRequests,
  requestsOutside,
  type TableGrant,
  type TableRequest,
  tableGrantsOf,
} from '../support/iam-grants';
import { testTable, uniqueTenant } from '../support/repositories';

/**
 * The admin function's table grants against what it really sends (test/support/iam-grants.ts): every route of
 * ADMIN_ROUTES, through the function's composition root on DynamoDB Local, held to the policy the admin API stack
 * synthesizes from the routes' ports (infra/port-grants.ts).
 */

const grantsOfAdminFunction = (): TableGrant[] => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const data = new DataStack(app, 'Data');
  const stack = new AdminApiStack(app, 'AdminApi', {
    table: data.table as ITableV2,
    keys: data.keys as ISecret,
    jwtIssuer: 'https://issuer.example.com/',
    jwtAudience: ['console'],
    publicBaseUrl: 'https://unsubscribe.example.com',
  });
  return tableGrantsOf(Template.fromStack(stack), 'AdminApiFunction');
};

let grants: TableGrant[];
let server: Server;
let baseUrl: string;
let devJwtSecret: string;
const sent: TableRequest[] = [];

beforeAll(async () => {
  grants = grantsOfAdminFunction();
  const table = await testTable();
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-admin-iam-'));
  const secrets = await ensureLocalSecrets(secretsDir);
  devJwtSecret = secrets.devJwtSecret;
  // The function's own client, recorded; nothing else writes through it.
  const doc = createDocumentClient({ endpoint: table.endpoint });
  recordRequests(doc, sent);
  const routes = await adminRoutes({
    tableName: table.tableName,
    endpoint: table.endpoint,
    baseUrl: 'http://127.0.0.1',
    secretsDir,
    config: {
      tableName: table.tableName,
      keysSource: `file:${secrets.keyringFile}`,
      dynamoDbEndpoint: table.endpoint,
      defaultPhoneCountry: 'US',
      documentClient: doc,
    },
    devJwtSecret,
  });
  server = createLocalServer(routes, { maxBodyBytes: 2 * ADMIN_LIMITS.textBodyBytes });
  await once(server, 'listening');
  baseUrl = localServerUrl(server);
}, 120_000);

afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe("the admin function's table grants", () => {
  it('cover every route of the admin API', async () => {
    const tenant = uniqueTenant();
    const send = async (method: string, route: string, body: unknown, operator: boolean) => {
      const token = await mintDevCredential(
        { tenant, role: operator ? 'operator' : 'admin', user: 'iam-check' },
        devJwtSecret,
      );
      return fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    };
    // Data for the reads to find first: entries of each kind, a contact's unsubscribe (do-not-contact), topics and
    // an SMS number in the settings.
    const setup: [string, string, unknown][] = [
      [
        'PUT',
        '/v1/settings',
        {
          displayName: 'Acme',
          smsNumbers: ['+15550100123'],
          topics: [{ id: 'news', name: 'News', defaultSubscribed: true }],
        },
      ],
      ['POST', '/v1/suppressions', { values: ['sample@example.com', '+1 212 555 0100', '@competitor.com'] }],
      ['POST', '/v1/contacts/c-roles/unsubscribe', { emails: ['jane@example.com'], doNotContact: true }],
    ];
    for (const [method, route, body] of setup) {
      const response = await send(method, route, body, false);
      expect(response.status, `${method} ${route}: ${await response.clone().text()}`).toBeLessThan(300);
    }
    for (const route of ADMIN_ROUTES) {
      const key = routeKeyOf(route);
      const sample = SAMPLE[key];
      if (!sample) throw new Error(`no sample request for ${key}`);
      const operator = !can('admin', route.permission);
      const response = await send(route.method, sample.path, sample.body, operator);
      // Answered by the use case, not refused for a permission or a malformed request: its reads and writes ran.
      expect(response.status, `${key}: ${await response.clone().text()}`).toBeLessThan(400);
    }

    expect(requestsOutside(sent, grants)).toEqual([]);
    expect(prefixesOf(sent)).toEqual(expect.arrayContaining(['CON', 'ERA', 'SMSNUM', 'STAT', 'SUP', 'TEN']));
  });
});
