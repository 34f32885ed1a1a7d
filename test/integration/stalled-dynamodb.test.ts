import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyring } from '#adapters/secrets/load-keyring';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { UnavailableError } from '#domain/errors';
import { ANSWER_MARGIN_MS, type TimeBudget } from '#shared/time-budgets';
import { wireFilter } from '#wiring/filter';
import type { ServiceConfig } from '#wiring/platform';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { makeHandler as makePageHandler } from '../../functions/http/unsubscribe-page';
import { makeHandler as makeFilterHandler } from '../../functions/invoke/filter';
import { makeHandler as makeFeedbackHandler } from '../../functions/queue/ses-feedback';
import { localDynamoDbClient } from '../../local/clients';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { createLocalServer, localServerUrl } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { lambdaContext } from '../../local/lambda-context';
import { ensureTable } from '../../local/table';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';
import { uniqueTenant } from '../support/repositories';
import { prepare, sqsRecords } from '../support/ses-feedback';

/**
 * A DynamoDB that accepts connections and never answers: a DynamoDB Local of this file's own, paused with SIGSTOP
 * (the kernel still completes TCP handshakes, so it is the request timeout or the deadline that must end the wait,
 * as with a stalled endpoint). Each function must give its fail-closed answer before its budget runs out.
 */
const BUDGETS: readonly {
  readonly cut: string;
  readonly budget: TimeBudget;
  readonly answersWithinMs: number;
}[] = [
  {
    // Each call ends after two attempts of 300 ms; the deadline is far away, so the SDK's timeouts alone end it.
    cut: "the SDK's request timeouts",
    budget: {
      lambdaTimeoutSeconds: 25,
      deadlineMs: 20_000,
      calls: { connectionTimeoutMs: 200, requestTimeoutMs: 300, maxAttempts: 2 },
      keyring: { connectionTimeoutMs: 200, requestTimeoutMs: 300, maxAttempts: 2 },
    },
    answersWithinMs: 5_000,
  },
  {
    // Each call would wait a minute; the deadline aborts it.
    cut: 'the deadline',
    budget: {
      lambdaTimeoutSeconds: 10,
      deadlineMs: 1_000,
      calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 60_000, maxAttempts: 3 },
      keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 60_000, maxAttempts: 3 },
    },
    answersWithinMs: 1_000 + ANSWER_MARGIN_MS,
  },
];

let dynamoDb: DynamoDbLocal | undefined;
let paused = false;
let secretsDir: string;
let server: Server | undefined;
let baseConfig: Omit<ServiceConfig, 'timeBudget'>;

const pause = () => {
  if (!dynamoDb) throw new Error('DynamoDB Local did not start');
  process.kill(dynamoDb.pid, 'SIGSTOP');
  paused = true;
};

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal({ startTimeoutMs: 40_000 });
  const tableName = `quietlist-stalled-${randomBytes(4).toString('hex')}`;
  const client = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(client, tableName);
  client.destroy();
  secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-stalled-'));
  const { keyringFile } = await ensureLocalSecrets(secretsDir);
  baseConfig = {
    tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: dynamoDb.endpoint,
    publicBaseUrl: 'https://unsubscribe.example.test',
  };
  pause();
}, 60_000);

afterAll(async () => {
  server?.close();
  // Resume before stopping, and stop whatever happened: no Java process may outlive the file.
  if (dynamoDb && paused) {
    try {
      process.kill(dynamoDb.pid, 'SIGCONT');
    } catch {
      // Already gone: stop() below has nothing left to do.
    }
  }
  await dynamoDb?.stop();
  if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
});

const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> => {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
};

describe.each(BUDGETS)('with DynamoDB stalled, cut by $cut', ({ budget, answersWithinMs }) => {
  const config = (): ServiceConfig => ({ ...baseConfig, timeBudget: budget });

  it('the filter fails closed: nothing decided, retry', async () => {
    const filter = makeFilterHandler(wireFilter(config(), { reportTtlSeconds: 3600 }));
    const payload = {
      tenantId: uniqueTenant(),
      campaignId: 'c-42',
      category: 'marketing',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      recipients: [{ contactId: 'c1', email: 'jane@example.com' }],
    };

    const { result, elapsedMs } = await timed(() =>
      filter(payload, lambdaContext('quietlist-filter', 60_000)).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );

    expect(result).toBeInstanceOf(UnavailableError);
    expect((result as Error).message).toMatch(/Nothing was decided; retry the call/);
    expect(elapsedMs).toBeLessThan(answersWithinMs);
  }, 15_000);

  it.each([
    ['a one-click POST', 'List-Unsubscribe=One-Click'],
    ["the page's confirm POST", 'action=unsubscribe'],
  ])(
    'the unsubscribe page answers %s with its 503 retry page',
    async (_, body) => {
      const page = makePageHandler(wireUnsubscribePage(config()));
      server = createLocalServer([
        { method: 'POST', path: '/u/{token}', handler: (event) => page(event, {} as Context) },
      ]);
      await once(server, 'listening');
      const link = createUnsubscribeLinkBuilder({
        keyring: await loadKeyring(baseConfig.keysSource),
        publicBaseUrl: localServerUrl(server),
      })({ tenantId: uniqueTenant(), contactId: 'c1', email: 'jane@example.com', campaignId: 'c-42' });

      const { result, elapsedMs } = await timed(async () => {
        const response = await fetch(link.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        return { status: response.status, text: await response.text() };
      });
      server.close();
      server = undefined;

      expect(result.status).toBe(503);
      expect(result.text).toContain('Please try again in a few minutes.');
      expect(elapsedMs).toBeLessThan(answersWithinMs);
    },
    15_000,
  );

  it('SES feedback reports every record of the batch as failed, so SQS retries them', async () => {
    const feedback = makeFeedbackHandler(
      wireSesFeedback(config(), { transientBounces: { threshold: 3, windowDays: 7 } }),
    );
    const tenant = uniqueTenant();
    const records = sqsRecords(
      prepare('event-bounce.json', { tenant }).message,
      prepare('notification-complaint-feedback.json', { tenant }).message,
    );

    const { result, elapsedMs } = await timed(() => feedback({ Records: records }, {} as Context));

    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      records.map((record) => record.messageId).sort(),
    );
    expect(elapsedMs).toBeLessThan(answersWithinMs);
  }, 15_000);
});
