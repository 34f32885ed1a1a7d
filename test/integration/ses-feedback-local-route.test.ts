import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalServer, localServerUrl } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { localRoutes } from '../../local/routes';
import { simulatedSnsEvent } from '../../local/simulate';
import { type TestAdapters, testAdapters } from '../support/adapters';
import { testTable, uniqueTenant } from '../support/repositories';

let server: Server;
let url: string;
let services: TestAdapters;

beforeAll(async () => {
  const table = await testTable();
  const secretsDir = await mkdtemp(join(tmpdir(), 'quietlist-feedback-route-'));
  server = createLocalServer(
    await localRoutes({
      tableName: table.tableName,
      endpoint: table.endpoint,
      baseUrl: 'http://127.0.0.1',
      secretsDir,
    }),
    { port: 0 },
  );
  await once(server, 'listening');
  url = `${localServerUrl(server)}/_local/sns/feedback`;
  const { keyringFile } = await ensureLocalSecrets(secretsDir);
  services = await testAdapters({
    tableName: table.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
  });
});

afterAll(() => {
  server?.close();
});

const post = (body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const entryOf = (tenantId: string, address: string) =>
  services.suppressions.getSuppression({
    tenantId,
    kind: 'email',
    valueHash: services.hashValue('email', address),
  });

describe('POST /_local/sns/feedback', () => {
  it('delivers an SNS event to the feedback handler as SNS -> SQS would and answers with its result', async () => {
    const tenant = uniqueTenant();
    const response = await post(simulatedSnsEvent('bounce', 'Route.Bounce@Example.com', tenant));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ batchItemFailures: [] });
    const entry = await entryOf(tenant, 'route.bounce@example.com');
    expect(entry?.sources.bounce?.detail).toMatchObject({
      bounceType: 'Permanent',
      bounceSubType: 'General',
    });
  });

  it('answers with the failed record when one record of the event is poison', async () => {
    const tenant = uniqueTenant();
    const good = simulatedSnsEvent('complaint', 'route.complaint@example.com', tenant).Records[0];
    const poison = { EventSource: 'aws:sns', Sns: { Message: 'not an SES message' } };
    const response = await post({ Records: [good, poison, good] });

    expect(response.status).toBe(200);
    const body = (await response.json()) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(body.batchItemFailures).toHaveLength(1);
    expect((await entryOf(tenant, 'route.complaint@example.com'))?.sources.spam_complaint).toBeDefined();
  });

  it('suppresses after the third simulated soft bounce', async () => {
    const tenant = uniqueTenant();
    for (let bounce = 1; bounce <= 3; bounce++) {
      expect(await entryOf(tenant, 'route.soft@example.com')).toBeUndefined();
      const response = await post(simulatedSnsEvent('soft-bounce', 'route.soft@example.com', tenant));
      expect(await response.json()).toEqual({ batchItemFailures: [] });
    }
    expect((await entryOf(tenant, 'route.soft@example.com'))?.sources.bounce?.detail?.reason).toBe(
      '3 transient bounces within 7 days',
    );
  });

  it('refuses a body that is not an SNS event', async () => {
    const notJson = await post('{');
    expect(notJson.status).toBe(400);
    const notSns = await post({ Records: [{ EventSource: 'aws:sqs', body: '{}' }] });
    expect(notSns.status).toBe(400);
    expect(((await notSns.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });
});
