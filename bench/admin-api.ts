/**
 * `npm run bench:admin`: the admin API's bulk routes against DynamoDB Local, over real HTTP, as a console would
 * call them (docs/admin-api.md, "Measured").
 *
 * Starts DynamoDB Local and the admin routes, then times: a 10,000-line bulk add (1% invalid lines), the same
 * add repeated (every line already suppressed), a 10,000-value check, and the CSV export of the 10,000 entries.
 * Prints a markdown table with the wall time of each, milliseconds per 1,000 values and the share of API
 * Gateway's 30-second integration timeout it used. DynamoDB Local is a single JVM on this machine, slower than
 * DynamoDB for transactions: the numbers are an upper bound for the code, not a forecast for AWS.
 */
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { localDynamoDbClient } from '../local/clients';
import { mintDevCredential } from '../local/dev-credentials';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, localServerUrl } from '../local/http-adapter';
import { ensureLocalSecrets } from '../local/keys';
import { adminRoutes } from '../local/routes/admin';
import { ensureTable } from '../local/table';

const VALUES = ADMIN_LIMITS.addValues;
const TABLE = 'quietlist-bench-admin';

const dynamoDb = await startDynamoDbLocal();
try {
  const client = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(client, TABLE);
  client.destroy();
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-bench-'));
  const { keyringFile, devJwtSecret } = await ensureLocalSecrets(secretsDir);
  const routes = await adminRoutes({
    tableName: TABLE,
    endpoint: dynamoDb.endpoint,
    baseUrl: 'http://127.0.0.1',
    config: { tableName: TABLE, keysSource: `file:${keyringFile}`, dynamoDbEndpoint: dynamoDb.endpoint },
    devJwtSecret,
  });
  const server = createLocalServer(routes, { maxBodyBytes: ADMIN_LIMITS.textBodyBytes });
  await once(server, 'listening');
  const baseUrl = localServerUrl(server);
  const token = await mintDevCredential({ tenant: 'bench', role: 'admin', user: 'bench' }, devJwtSecret);
  const send = async (method: string, route: string, body?: string, type = 'text/plain') => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 200)}`);
    return performance.now() - started;
  };

  // A warm-up so the JVM and the handler are compiled before anything is timed.
  await send(
    'POST',
    '/v1/suppressions',
    Array.from({ length: 500 }, (_, i) => `warm${i}@example.org`).join('\n'),
  );

  const lines = Array.from({ length: VALUES }, (_, i) =>
    i % 100 === 50 ? `not an address ${i}` : `person.${i}@example${i % 40}.org`,
  );
  const rows: [string, number][] = [
    ['bulk add, 10,000 lines (1% invalid)', await send('POST', '/v1/suppressions', lines.join('\n'))],
    ['bulk add again (all already suppressed)', await send('POST', '/v1/suppressions', lines.join('\n'))],
    [
      'check, 10,000 values (4 keys each)',
      await send('POST', '/v1/suppressions/check', JSON.stringify({ values: lines }), 'application/json'),
    ],
    ['CSV export of the 10,500 entries', await send('GET', '/v1/suppressions/export')],
  ];
  console.log(`\nAdmin API on DynamoDB Local, ${VALUES.toLocaleString('en')} values\n`);
  console.log('| request | wall time | ms per 1,000 values | share of the 30 s API Gateway timeout |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, ms] of rows) {
    console.log(
      `| ${name} | ${(ms / 1000).toFixed(1)} s | ${Math.round(ms / (VALUES / 1000))} | ${((ms / 30_000) * 100).toFixed(0)}% |`,
    );
  }
  server.closeAllConnections();
  server.close();
} finally {
  await dynamoDb.stop();
}
