import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { suppressValue } from '#app/suppress-value';
import type { Keyring } from '#domain/keyring';
import { sealToken } from '#domain/unsubscribe-token';
import type { ValueHasher } from '#domain/value-hash';
import { loadKeys } from '#wiring/platform';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { makeHandler } from '../../functions/http/unsubscribe-page';
import { ensureLocalSecrets } from '../../local/keys';
import { interceptedClient } from '../support/filter-fixture';
import { type TestTable, testTable, uniqueTenant } from '../support/repositories';

let table: TestTable;
let keyring: Keyring;
let hashValue: ValueHasher;
/** The DynamoDB commands the page sent since the last reset, by class name. */
let sent: string[] = [];
let handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  table = await testTable();
  const { keyringFile } = await ensureLocalSecrets(
    await mkdtemp(path.join(tmpdir(), 'quietlist-one-click-')),
  );
  const config = {
    tableName: table.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
    documentClient: interceptedClient(table.doc, (command) => {
      sent.push((command as object).constructor.name);
      return undefined;
    }),
  };
  ({ keyring, hashValue } = await loadKeys(config));
  const handler = makeHandler(wireUnsubscribePage(config));
  handle = async (event) => (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
});

const tokenFor = (tenantId: string, email: string) =>
  sealToken(keyring, { tenantId, contactId: 'c-1', kind: 'email', value: email, issuedOn: '2026-11-23' });

const request = (method: 'GET' | 'POST', token: string): APIGatewayProxyEventV2 =>
  ({
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    pathParameters: { token },
    requestContext: { http: { method, sourceIp: '203.0.113.9', userAgent: 'mail-client/1.0' } },
    ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click', isBase64Encoded: false } : {}),
  }) as unknown as APIGatewayProxyEventV2;

/** Sends a one-click POST and answers its status with the DynamoDB commands it cost. */
const oneClick = async (token: string) => {
  sent = [];
  const response = await handle(request('POST', token));
  return { status: response.statusCode, sent };
};

const eventsOf = async (tenantId: string, email: string) =>
  (
    await new DynamoDbActivityLog(table.doc, table.tableName).listValueActivityNewestFirst(
      { tenantId, kind: 'email', valueHash: hashValue('email', email) },
      { limit: 10 },
    )
  ).items;

describe('the DynamoDB requests of a one-click unsubscribe', () => {
  it('is one TransactWriteItems when the settings are cached, for a new value and for a repeat', async () => {
    const tenant = uniqueTenant();
    // A page view of the tenant fills the container's settings cache, as the confirmation page does.
    expect((await handle(request('GET', tokenFor(tenant, 'warm@example.com')))).statusCode).toBe(200);

    expect(await oneClick(tokenFor(tenant, 'jane@example.com'))).toEqual({
      status: 200,
      sent: ['TransactWriteCommand'],
    });
    expect(await oneClick(tokenFor(tenant, 'jane@example.com'))).toEqual({
      status: 200,
      sent: ['TransactWriteCommand'],
    });
    expect((await eventsOf(tenant, 'jane@example.com')).map((event) => event.source)).toEqual([
      'list_unsubscribe',
    ]);
  });

  it('joins a value another source holds with one more transaction, and writes its one event', async () => {
    const tenant = uniqueTenant();
    await handle(request('GET', tokenFor(tenant, 'warm@example.com')));
    await suppressValue({
      suppressions: new DynamoDbSuppressionRepository(table.doc, table.tableName),
      hashValue,
    })({
      tenantId: tenant,
      value: { kind: 'email', value: 'held@example.com', display: 'held@example.com' },
      source: 'bounce',
      actor: { type: 'system', name: 'ses' },
      at: new Date(),
    });

    expect(await oneClick(tokenFor(tenant, 'held@example.com'))).toEqual({
      status: 200,
      sent: ['TransactWriteCommand', 'TransactWriteCommand'],
    });
    const sources = (await eventsOf(tenant, 'held@example.com')).map((event) => event.source);
    expect(sources.sort()).toEqual(['bounce', 'list_unsubscribe']);
  });
});
