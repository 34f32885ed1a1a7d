import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import type { Keyring } from '#domain/keyring';
import { sealToken, tokenDay } from '#domain/unsubscribe-token';
import { loadKeys } from '#wiring/platform';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { makeHandler } from '../../functions/http/unsubscribe-page';
import { PublicApiStack } from '../../infra/stacks/public-api-stack';
import { ensureLocalSecrets } from '../../local/keys';
import { prefixesOf, requestsOutside, synthesizedTableGrants, type TableGrant } from '../support/iam-grants';
import { type TestTable, testTable, uniqueTenant } from '../support/repositories';
import { recordRequests, type TableRequest } from '../support/table-requests';

/**
 * The public page's table grants against what it really sends (test/support/iam-grants.ts): every page and form a
 * recipient can use, run through the page's composition root on DynamoDB Local, held to the policy the public API
 * stack synthesizes. Tenant settings are read there, never written.
 */

const grantsOfPage = (): TableGrant[] =>
  synthesizedTableGrants(
    (app, data) => new PublicApiStack(app, 'PublicApi', { ...data, rateLimit: 20, burstLimit: 40 }),
    'UnsubscribePage',
  );

let table: TestTable;
let keyring: Keyring;
let grants: TableGrant[];
const sent: TableRequest[] = [];
let handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  grants = grantsOfPage();
  table = await testTable();
  const { keyringFile } = await ensureLocalSecrets(await mkdtemp(path.join(tmpdir(), 'quietlist-page-iam-')));
  const config = {
    tableName: table.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
    documentClient: table.doc,
  };
  ({ keyring } = await loadKeys(config));
  const handler = makeHandler(wireUnsubscribePage(config));
  handle = async (event) => (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  recordRequests(table.doc, sent);
}, 120_000);

const request = (method: 'GET' | 'POST', token: string, body?: string): APIGatewayProxyEventV2 =>
  ({
    headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
    pathParameters: { token },
    requestContext: { http: { method, sourceIp: '203.0.113.9', userAgent: 'browser/1.0' } },
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
  }) as unknown as APIGatewayProxyEventV2;

describe("the unsubscribe page's table grants", () => {
  it('cover every page and form a recipient can use, and allow no settings write', async () => {
    const tenantId = uniqueTenant();
    await new DynamoDbTenantSettingsRepository(table.doc, table.tableName).putTenantSettings(tenantId, {
      displayName: 'Acme',
      topics: [
        { id: 'news', name: 'News', defaultSubscribed: true },
        { id: 'beta', name: 'Beta', defaultSubscribed: false },
      ],
    });
    sent.length = 0;
    const link = (email: string, topic?: string) =>
      sealToken(keyring, {
        tenantId,
        contactId: 'c-1',
        kind: 'email',
        value: email,
        campaignId: 'c-42',
        issuedOn: tokenDay(new Date()),
        ...(topic === undefined ? {} : { topic }),
      });
    const steps: [string, APIGatewayProxyEventV2][] = [
      ['the confirm page', request('GET', link('jane@example.com'))],
      ['one-click', request('POST', link('jane@example.com'), 'List-Unsubscribe=One-Click')],
      ['resubscribe', request('POST', link('jane@example.com'), 'action=resubscribe')],
      ['unsubscribe from everything', request('POST', link('sam@example.com'), 'action=unsubscribe')],
      ['a topic link', request('GET', link('ann@example.com', 'news'))],
      [
        'save preferences',
        request('POST', link('ann@example.com', 'news'), 'action=save&shown=news&shown=beta'),
      ],
      ['pause', request('POST', link('ann@example.com'), 'action=pause&days=30')],
      ['resume', request('POST', link('ann@example.com'), 'action=resume')],
    ];
    for (const [name, event] of steps) {
      expect((await handle(event)).statusCode, name).toBe(200);
    }

    expect(sent.filter((each) => each.index !== undefined)).toEqual([]);
    expect(requestsOutside(sent, grants)).toEqual([]);
    expect(prefixesOf(sent)).toEqual(['SUP', 'TEN']);
    // Settings: read by the page, and no statement would let it write them.
    const settingsWrite = { action: 'PutItem', pk: `TEN#${tenantId}` };
    expect(requestsOutside([settingsWrite, { ...settingsWrite, action: 'UpdateItem' }], grants)).toHaveLength(
      2,
    );
  });
});
