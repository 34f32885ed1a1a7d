/**
 * `npm run bench:admin`: the admin API's bulk routes against DynamoDB Local, over real HTTP, as a console would
 * call them (docs/admin-api.md, "Measured").
 *
 * Starts DynamoDB Local and the admin routes, then times: a 10,000-line bulk add (1% invalid lines), the same
 * add repeated (every line already suppressed), a 10,000-value check, and the CSV export of the 10,000 entries.
 * Prints a markdown table with the wall time of each, milliseconds per 1,000 values and the share of API
 * Gateway's 30-second integration timeout it used. DynamoDB Local is a single JVM on this machine, slower than
 * DynamoDB for transactions: the numbers are an upper bound for the code, not a forecast for AWS.
 *
 * The bulk add is also held against its floor (target ≤ 2×): the entries and events it wrote, put again by bare
 * BatchWriteItem calls under fresh keys (`#floor` after each partition key) into the same table, as many calls in
 * flight as the bulk add has transactions; and, to tell the transactions' own price from our code's, the bulk add's
 * transactions replayed bare under other fresh keys (`#replay`). The same table for all three: DynamoDB Local,
 * measured on 2026-12-03, takes the same writes about 3× slower into the second of two identical tables
 * (bench/one-click.ts), which flattered the floor ratio when the floors had tables of their own. Bulk add and
 * floors alternate, each round on a fresh tenant, so a machine busy with other work slows all alike; the CPU the
 * bulk add's own steps take (parse, hash, build, marshal) is timed apart. `--runs N` rounds (default 3). Writes
 * bench/results/admin.json.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { addSourceItems } from '#adapters/dynamodb/entry-write-items';
import { buildSuppressionCommand } from '#app/suppress-value';
import { WRITE_CONCURRENCY } from '#app/suppress-values';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import type { NormalizedValue } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import { createValueHasher } from '#domain/value-hash';
import { localDynamoDbClient } from '../local/clients';
import { mintDevCredential } from '../local/dev-credentials';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, localServerUrl } from '../local/http-adapter';
import { ensureLocalSecrets } from '../local/keys';
import { adminRoutes } from '../local/routes/admin';
import { ensureTable } from '../local/table';
import { countingClient, newCounts, type RequestCounts } from './counting-client';
import { withStdoutDropped } from './quiet-stdout';
import { median } from './stats';
import { batchWriteFloor, itemsPutBy, transactWriteFloor, withFreshKeys } from './write-floors';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Math.max(1, Number(flags.runs));
const VALUES = ADMIN_LIMITS.addValues;
const TABLE = 'quietlist-bench-admin';
const FLOOR_TARGET = 2;

/** Milliseconds of this process's CPU (user + system) that `work` took. */
const cpuMs = async (work: () => unknown): Promise<number> => {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

const loadAtStart = loadavg();
const dynamoDb = await startDynamoDbLocal();
try {
  const client = localDynamoDbClient(dynamoDb.endpoint);
  // No stream: DynamoDB Local records every write of a streamed table under its one lock, which slowed the floors
  // until their BatchWriteItem calls failed ("too long waiting for a lock"), while DynamoDB's stream costs the
  // writer nothing.
  await ensureTable(client, TABLE, { stream: false });
  client.destroy();
  let counts: RequestCounts = newCounts();
  const doc = createDocumentClient({ endpoint: dynamoDb.endpoint });
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-bench-'));
  const { keyringFile, devJwtSecret } = await ensureLocalSecrets(secretsDir);
  const routes = await adminRoutes({
    tableName: TABLE,
    endpoint: dynamoDb.endpoint,
    baseUrl: 'http://127.0.0.1',
    config: {
      tableName: TABLE,
      keysSource: `file:${keyringFile}`,
      dynamoDbEndpoint: dynamoDb.endpoint,
      documentClient: countingClient(doc, () => counts),
    },
    devJwtSecret,
  });
  const server = createLocalServer(routes, { maxBodyBytes: ADMIN_LIMITS.textBodyBytes });
  await once(server, 'listening');
  const baseUrl = localServerUrl(server);
  let token = await mintDevCredential({ tenant: 'bench', role: 'admin', user: 'bench' }, devJwtSecret);
  // The handler's log lines and metrics records are formatted as in Lambda but not printed (quiet-stdout.ts).
  const send = (method: string, route: string, body?: string, type = 'text/plain') =>
    withStdoutDropped(async () => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': type }),
        },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      if (response.status !== 200)
        throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 200)}`);
      return performance.now() - started;
    });

  // A warm-up so the JVM and the handler are compiled before anything is timed.
  await send(
    'POST',
    '/v1/suppressions',
    Array.from({ length: 500 }, (_, i) => `warm${i}@example.org`).join('\n'),
  );

  const lines = Array.from({ length: VALUES }, (_, i) =>
    i % 100 === 50 ? `not an address ${i}` : `person.${i}@example${i % 40}.org`,
  );

  // Bulk add and floor, round by round, each round on a tenant of its own so every line is a new entry.
  process.stdout.write(
    `Bulk add of ${VALUES.toLocaleString('en')} lines against its floor, ${RUNS} rounds… `,
  );
  const bulkMs: number[] = [];
  const floorMs: number[] = [];
  const transactMs: number[] = [];
  const bulkCpuMs: number[] = [];
  let bulkCounts = counts;
  let floorCalls = 0;
  let floorItems = 0;
  for (let round = 0; round < RUNS; round++) {
    token = await mintDevCredential({ tenant: `bench-${round}`, role: 'admin', user: 'bench' }, devJwtSecret);
    counts = newCounts();
    let ms = 0;
    bulkCpuMs.push(
      await cpuMs(async () => {
        ms = await send('POST', '/v1/suppressions', lines.join('\n'));
      }),
    );
    bulkMs.push(ms);
    bulkCounts = counts;
    counts = newCounts();
    const items = itemsPutBy(withFreshKeys(bulkCounts.transactWrites, '#floor'));
    floorItems = items.length;
    let started = performance.now();
    floorCalls = await batchWriteFloor(doc, TABLE, items, WRITE_CONCURRENCY);
    floorMs.push(performance.now() - started);
    started = performance.now();
    await transactWriteFloor(
      doc,
      TABLE,
      withFreshKeys(bulkCounts.transactWrites, '#replay'),
      WRITE_CONCURRENCY,
    );
    transactMs.push(performance.now() - started);
  }
  const ratios = bulkMs.map((ms, round) => ms / (floorMs[round] as number));
  console.log('done');

  // The CPU of the bulk add's own steps, apart from any request, on the same lines.
  const hashValue = createValueHasher(randomBytes(32));
  let parsed: NormalizedValue[] = [];
  const steps: [string, number][] = [
    [
      'parse and validate (guess the kind, normalize)',
      await cpuMs(() => {
        parsed = lines.flatMap((line) => {
          const result = parseAnyValue(line, {});
          return result.ok ? [result.value] : [];
        });
      }),
    ],
    [
      'hash (HMAC-SHA256 per value)',
      await cpuMs(() => parsed.map((value) => hashValue(value.kind, value.value))),
    ],
  ];
  const at = new Date();
  let commands: ReturnType<typeof buildSuppressionCommand>[] = [];
  steps.push([
    'build the commands (hash, record, event id)',
    await cpuMs(() => {
      commands = parsed.map((value) =>
        buildSuppressionCommand(hashValue, {
          tenantId: 'cpu',
          value,
          source: 'admin',
          actor: { type: 'user', userId: 'bench' },
          at,
        }),
      );
    }),
  ]);
  steps.push([
    'transaction items and their marshalling',
    await cpuMs(() =>
      commands.flatMap((command) =>
        addSourceItems(TABLE, command, 'create').map((action) =>
          marshall(action.Put?.Item ?? {}, { removeUndefinedValues: true }),
        ),
      ),
    ),
  ]);

  const rows: [string, number][] = [
    [`bulk add, 10,000 lines (1% invalid), median of ${RUNS}`, median(bulkMs)],
    ['bulk add again (all already suppressed)', await send('POST', '/v1/suppressions', lines.join('\n'))],
    [
      'check, 10,000 values (4 keys each)',
      await send('POST', '/v1/suppressions/check', JSON.stringify({ values: lines }), 'application/json'),
    ],
    ['CSV export of the 10,000 entries', await send('GET', '/v1/suppressions/export')],
  ];
  const perLine = (n: number) => (n / VALUES).toFixed(3);
  const bulkRequests = Object.values(bulkCounts.calls).reduce((sum, n) => sum + n, 0);
  console.log(
    `\nAdmin API on DynamoDB Local, ${VALUES.toLocaleString('en')} values (load average at start ${loadAtStart.map((load) => load.toFixed(1)).join(' ')})\n`,
  );
  console.log('| request | wall time | ms per 1,000 values | share of the 30 s API Gateway timeout |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, ms] of rows) {
    console.log(
      `| ${name} | ${(ms / 1000).toFixed(1)} s | ${Math.round(ms / (VALUES / 1000))} | ${((ms / 30_000) * 100).toFixed(0)}% |`,
    );
  }
  const ratio = median(ratios);
  console.log(
    [
      '',
      `Bulk add against its floor (bare BatchWriteItem of the same ${floorItems.toLocaleString('en')} items, entries and events, ${floorCalls} calls, ${WRITE_CONCURRENCY} in flight like the bulk add's transactions):`,
      '',
      '| | wall time (median) | DynamoDB requests | per line |',
      '| --- | ---: | ---: | ---: |',
      `| bulk add over HTTP | ${(median(bulkMs) / 1000).toFixed(1)} s | ${bulkRequests} (${Object.entries(
        bulkCounts.calls,
      )
        .map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`)
        .join(' + ')}) | ${perLine(bulkRequests)} |`,
      `| the bulk add's TransactWriteItems replayed bare | ${(median(transactMs) / 1000).toFixed(1)} s | ${bulkCounts.transactWrites.length} | ${perLine(bulkCounts.transactWrites.length)} |`,
      `| floor: bare BatchWriteItem | ${(median(floorMs) / 1000).toFixed(1)} s | ${floorCalls} | ${perLine(floorCalls)} |`,
      '',
      `bulk add / floor: ${ratio.toFixed(2)}× (rounds: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')}; target ≤ ${FLOOR_TARGET}×) ${ratio <= FLOOR_TARGET ? 'met' : 'NOT MET'}`,
      `bare transactions / floor: ${median(transactMs.map((ms, round) => ms / (floorMs[round] as number))).toFixed(2)}× (what DynamoDB Local charges for the all-or-nothing writes alone)`,
      `CPU of this process (handler and HTTP) per bulk add: ${Math.round(median(bulkCpuMs))} ms, ${((median(bulkCpuMs) / VALUES) * 1000).toFixed(0)} µs a line`,
      '',
      '| step of the bulk add, alone | CPU for 10,000 lines |',
      '| --- | ---: |',
      ...steps.map(([name, ms]) => `| ${name} | ${Math.round(ms)} ms |`),
    ].join('\n'),
  );
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('./results/admin.json', import.meta.url),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        loadAverageAtStart: loadAtStart.map((load) => Number(load.toFixed(2))),
        loadAverageAtEnd: loadavg().map((load) => Number(load.toFixed(2))),
        lines: VALUES,
        writeConcurrency: WRITE_CONCURRENCY,
        bulkAddMs: bulkMs.map(Math.round),
        floorMs: floorMs.map(Math.round),
        bareTransactionsMs: transactMs.map(Math.round),
        ratio: Number(ratio.toFixed(2)),
        roundRatios: ratios.map((r) => Number(r.toFixed(2))),
        target: FLOOR_TARGET,
        requests: bulkCounts.calls,
        floorCalls,
        cpuUsPerLine: Math.round((median(bulkCpuMs) / VALUES) * 1000),
        steps: Object.fromEntries(steps.map(([name, ms]) => [name, Math.round(ms)])),
        otherRequestsMs: Object.fromEntries(rows.slice(1).map(([name, ms]) => [name, Math.round(ms)])),
      },
      null,
      2,
    )}\n`,
  );
  server.closeAllConnections();
  server.close();
} finally {
  await dynamoDb.stop();
}
