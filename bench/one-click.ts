/**
 * `npm run bench:one-click`: RFC 8058 one-click unsubscribes against DynamoDB Local (docs/unsubscribe.md).
 *
 * Starts DynamoDB Local, wires the unsubscribe page as its Lambda does (`wireUnsubscribePage`, `makeHandler`) and
 * sends one-click POSTs, each for a value of its own, from 50 concurrent clients. Beside it, the floor: the very
 * TransactWriteItems the clicks sent, replayed bare into the same table under fresh keys (`#floor` after each
 * partition key) from 50 concurrent clients. Not into a second table: DynamoDB Local, measured on 2026-12-03, takes
 * the same transactions about 3× slower into the second of two identical tables (streams, indexes and billing the
 * same), at any concurrency, which made the floor slower than the clicks (ratios of 2.9–4.3×). Clicks and
 * floor alternate, round by round, so a busy machine slows both alike. Prints clicks per second, DynamoDB requests
 * per click and the CPU per click of this process, and the ratio to the floor beside its target (≥ 0.8×).
 *
 * The handler's log and metric lines are formatted as in Lambda but not written while the rounds run.
 *
 * The X-Ray SDK's async hook, which a click paid when the page loaded Powertools' tracer, is measured by
 * `npm run bench:tracer-hooks`: the page no longer loads it (docs/decisions.md, "Tracing in the function or not").
 *
 * Flags: `--clicks N` per round (default 1000), `--runs N` rounds (default 5, as `npm run bench`: the first round
 * of a run is usually the slowest, and the median of five is steadier than of three).
 */
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { sealToken } from '#domain/unsubscribe-token';
import { loadKeys, type ServiceConfig } from '#wiring/platform';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { makeHandler } from '../functions/http/unsubscribe-page';
import { localDynamoDbClient } from '../local/clients';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { ensureLocalSecrets } from '../local/keys';
import { ensureTable } from '../local/table';
import { countingClient, newCounts, type RequestCounts } from './counting-client';
import { withStdoutDropped } from './quiet-stdout';
import { inFlight, median } from './stats';
import { transactWriteFloor, withFreshKeys } from './write-floors';

const { values: flags } = parseArgs({
  options: {
    clicks: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
  },
});
const CLICKS = Math.max(1, Number(flags.clicks));
const RUNS = Math.max(1, Number(flags.runs));
const CLIENTS = 50;
const TABLE = 'quietlist-bench-one-click';
const TARGET = 0.8;

const event = (method: 'GET' | 'POST', token: string): APIGatewayProxyEventV2 =>
  ({
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    pathParameters: { token },
    requestContext: { http: { method, sourceIp: '203.0.113.9', userAgent: 'bench-mail-client/1.0' } },
    ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click', isBase64Encoded: false } : {}),
  }) as unknown as APIGatewayProxyEventV2;

/** The page's handler as its Lambda runs it, and a way to mint one link per (tenant, address). */
const wirePage = async (config: ServiceConfig) => {
  const { keyring } = await loadKeys(config);
  const handler = makeHandler(wireUnsubscribePage(config));
  const send = async (method: 'GET' | 'POST', token: string) => {
    const response = (await handler(
      event(method, token),
      {} as Context,
    )) as APIGatewayProxyStructuredResultV2;
    if (response.statusCode !== 200) throw new Error(`${method} answered ${response.statusCode}`);
  };
  const tokensFor = (tenantId: string, count: number) =>
    Array.from({ length: count }, (_, i) =>
      sealToken(keyring, {
        tenantId,
        contactId: `contact-${i}`,
        kind: 'email',
        value: `reader.${i}@example.org`,
        campaignId: 'bench',
        issuedOn: '2026-11-23',
      }),
    );
  /** Clicks every token once from {@link CLIENTS} clients, after a page view has filled the settings cache. */
  const clickAll = async (tokens: readonly string[]) => {
    await send('GET', tokens[0] as string);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await inFlight(tokens, CLIENTS, (token) => send('POST', token));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuUsPerClick: (used.user + used.system) / tokens.length };
  };
  return { tokensFor, clickAll };
};

const secretsDirOf = async () => await mkdtemp(path.join(tmpdir(), 'quietlist-bench-one-click-'));

const configFor = async (
  endpoint: string,
  secretsDir: string,
  documentClient?: ServiceConfig['documentClient'],
) => {
  const { keyringFile } = await ensureLocalSecrets(secretsDir);
  return {
    tableName: TABLE,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: endpoint,
    ...(documentClient ? { documentClient } : {}),
  };
};

const loadAtStart = loadavg();
const dynamoDb = await startDynamoDbLocal();
try {
  const admin = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(admin, TABLE);
  admin.destroy();
  const doc = createDocumentClient({ endpoint: dynamoDb.endpoint });
  let counts: RequestCounts = newCounts();
  const secretsDir = await secretsDirOf();
  const page = await wirePage(
    await configFor(
      dynamoDb.endpoint,
      secretsDir,
      countingClient(doc, () => counts),
    ),
  );

  process.stdout.write(
    `One-click, ${CLICKS} clicks a round from ${CLIENTS} clients, against its floor, ${RUNS} rounds… `,
  );
  const clickRates: number[] = [];
  const floorRates: number[] = [];
  const cpuPerClick: number[] = [];
  let requestsPerClick = 0;
  let calls: Record<string, number> = {};
  await withStdoutDropped(async () => {
    await page.clickAll(page.tokensFor('warm', 500));
    for (let round = 0; round < RUNS; round++) {
      const tokens = page.tokensFor(`round-${round}`, CLICKS);
      counts = newCounts();
      const clicked = await page.clickAll(tokens);
      // The settings read of the page view that warmed the cache is not a click's.
      const { GetCommand: _settingsRead, ...clickCalls } = counts.calls;
      calls = clickCalls;
      requestsPerClick = Object.values(clickCalls).reduce((sum, n) => sum + n, 0) / CLICKS;
      clickRates.push(CLICKS / (clicked.wallMs / 1000));
      cpuPerClick.push(clicked.cpuUsPerClick);
      const started = performance.now();
      await transactWriteFloor(doc, TABLE, withFreshKeys(counts.transactWrites, '#floor'), CLIENTS);
      floorRates.push(counts.transactWrites.length / ((performance.now() - started) / 1000));
    }
  });
  const ratios = clickRates.map((rate, round) => rate / (floorRates[round] as number));
  console.log('done');

  const ratio = median(ratios);
  console.log(
    [
      '',
      `One-click unsubscribe through the wired handler, DynamoDB Local, ${CLIENTS} concurrent clients (load average at start ${loadAtStart.map((load) => load.toFixed(1)).join(' ')})`,
      '',
      '| | clicks (transactions) / s, median | DynamoDB requests per click | CPU per click, this process |',
      '| --- | ---: | ---: | ---: |',
      `| one-click POST (handler, use case, repository) | ${Math.round(median(clickRates))} | ${requestsPerClick.toFixed(2)} (${Object.entries(
        calls,
      )
        .map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`)
        .join(' + ')}) | ${Math.round(median(cpuPerClick))} µs |`,
      `| floor: the same TransactWriteItems, bare | ${Math.round(median(floorRates))} | 1 | – |`,
      '',
      `one-click / floor: ${ratio.toFixed(2)}× (rounds: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')}; target ≥ ${TARGET}×) ${ratio >= TARGET ? 'met' : 'NOT MET'}`,
    ].join('\n'),
  );
} finally {
  await dynamoDb.stop();
}
