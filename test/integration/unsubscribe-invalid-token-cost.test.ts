import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyring } from '#domain/keyring';
import { sealToken, tokenDay, type UnsubscribeTokenPayload } from '#domain/unsubscribe-token';
import { deployedHandler } from '#lambda/deployed-handler';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { countingClient, newCounts, type RequestCounts } from '../../bench/counting-client';
import { makeHandler } from '../../functions/http/unsubscribe-page';
import { testTable, uniqueTenant } from '../support/repositories';
import { type SecretsManagerStub, startSecretsManagerStub } from '../support/secrets-manager-stub';
import { tamperedInTheMiddle } from '../support/tamper';

/**
 * A flood of bad tokens must be the cheapest thing the public endpoint does (issue #16): refused before any
 * DynamoDB request, with the keyring fetched from Secrets Manager once for the life of the container. Counted on
 * the wire: every table call through a counting document client on DynamoDB Local, every secret fetch at a
 * Secrets Manager endpoint the real SDK client talks to, through the entry point's own start-once wrapper.
 */

const SECRET_ID = 'quietlist-test-keyring';
const KEYRING_JSON = JSON.stringify({ bootstrapKey: randomBytes(32).toString('base64') });
const keyring = parseKeyring(KEYRING_JSON);

/** The SDK settings the test changes, put back afterwards. */
const SDK_ENV = [
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;
const savedEnv = Object.fromEntries(SDK_ENV.map((name) => [name, process.env[name]]));

let secrets: SecretsManagerStub;
let counts: RequestCounts = newCounts();
let handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  secrets = await startSecretsManagerStub(SECRET_ID, KEYRING_JSON);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  const table = await testTable();
  // As the Lambda entry point builds it (functions/http/unsubscribe-page.ts), with a deployed keys source: a
  // Secrets Manager secret id, not a file.
  const handler = deployedHandler(makeHandler, () =>
    wireUnsubscribePage({
      tableName: table.tableName,
      keysSource: SECRET_ID,
      documentClient: countingClient(table.doc, () => counts),
    }),
  );
  handle = async (event) => (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
});

afterAll(async () => {
  for (const name of SDK_ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await secrets?.close();
});

/** A request to `/u/{token}` as API Gateway hands it over; POSTs carry the RFC 8058 one-click body. */
const pageEvent = (method: 'GET' | 'HEAD' | 'POST', token: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `${method} /u/{token}`,
    rawPath: `/u/${token}`,
    rawQueryString: '',
    headers: {
      'user-agent': 'Mozilla/5.0 (flood)',
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    pathParameters: { token },
    requestContext: {
      http: {
        method,
        path: `/u/${token}`,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.66',
        userAgent: 'flood',
      },
      requestId: randomBytes(8).toString('hex'),
      routeKey: `${method} /u/{token}`,
      stage: '$default',
    },
    ...(method === 'POST'
      ? { body: Buffer.from('List-Unsubscribe=One-Click').toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  }) as unknown as APIGatewayProxyEventV2;

const payload = (): UnsubscribeTokenPayload => ({
  tenantId: uniqueTenant(),
  contactId: 'contact-1',
  kind: 'email',
  value: 'jane.doe@example.com',
  issuedOn: tokenDay(new Date()),
});

/** Every way a token can be bad, each built fresh so no two requests are alike. */
const BAD_TOKENS: Record<string, () => string> = {
  garbage: () => randomBytes(12).toString('hex'),
  'not base64url': () => 'not a token!',
  overlong: () => 'A'.repeat(5000),
  tampered: () => tamperedInTheMiddle(sealToken(keyring, payload())),
  truncated: () => sealToken(keyring, payload()).slice(0, -6),
  'unknown key id': () => sealToken({ activeLinkKey: 'k9', linkKeys: { k9: randomBytes(32) } }, payload()),
  'forged under a real key id': () =>
    sealToken({ activeLinkKey: 'k1', linkKeys: { k1: randomBytes(32) } }, payload()),
  'another version': () => {
    const bytes = Buffer.from(sealToken(keyring, payload()), 'base64url');
    bytes[0] = 2;
    return bytes.toString('base64url');
  },
};

const ROUNDS = 5;

describe('a flood of invalid tokens on the unsubscribe endpoint', () => {
  it('is refused with the invalid-link page before any table request, the keyring fetched once', async () => {
    counts = newCounts();
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const make of Object.values(BAD_TOKENS)) {
        for (const method of ['GET', 'HEAD', 'POST'] as const) {
          statuses.push((await handle(pageEvent(method, make()))).statusCode ?? 0);
        }
      }
    }

    const requests = ROUNDS * Object.keys(BAD_TOKENS).length * 3;
    expect(statuses).toEqual(Array(requests).fill(400));
    expect(counts.calls).toEqual({});
    expect(secrets.operations).toEqual(['GetSecretValue']);
  });

  it('still reads the table for a valid token (the counter sees what the flood did not do)', async () => {
    counts = newCounts();
    const response = await handle(pageEvent('GET', sealToken(keyring, payload())));

    expect(response.statusCode).toBe(200);
    expect(Object.values(counts.calls).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    // Same container: no second fetch.
    expect(secrets.operations).toEqual(['GetSecretValue']);
  });
});
