/**
 * `npm run cost`: what one million recipients filtered and ten thousand unsubscribes cost per month at on-demand
 * prices (docs/deploy.md, "Cost").
 *
 * - The filter's request counts come from bench/results/latest.json (`npm run bench`): BatchGetItem calls and
 *   keys looked up per 1,000 recipients, the run report's write, and the run's duration.
 * - Unsubscribes are measured here: the real public endpoint handler (`functions/http/unsubscribe-page.ts`) on
 *   DynamoDB Local, each recipient opening the page (GET) then pressing the button (POST), and as many one-click
 *   POSTs (RFC 8058). Every DynamoDB call goes through a client that asks for `ReturnConsumedCapacity: INDEXES`
 *   and adds up the units DynamoDB reports, indexes included.
 *
 * Prints a markdown table and writes bench/results/cost.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import type { FilteredRecipient, FilterSummary } from '#app/ports/filter-runs';
import type { FilterReason } from '#domain/filter-reasons';
import { logger } from '#lambda/logger';
import { loadKeys } from '#wiring/platform';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { makeHandler } from '../functions/http/unsubscribe-page';
import { localDynamoDbClient } from '../local/clients';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { ensureLocalSecrets } from '../local/keys';
import { ensureTable } from '../local/table';

/** us-east-1 list prices, on demand (DynamoDB after the November 2024 reduction). */
export const PRICES = {
  dynamoDbPerMillionReadUnits: 0.125,
  dynamoDbPerMillionWriteUnits: 0.625,
  lambdaArmPerGbSecond: 0.000_013_333_4,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
} as const;

const FILTERED_RECIPIENTS = 1_000_000;
const UNSUBSCRIBES = 10_000;
/** Recipients per filter invocation: the filter's documented maximum batch, so the fewest invocations. */
const RECIPIENTS_PER_RUN = 10_000;
/** Memory of the deployed functions (infra/stacks): filter 1024 MB, public endpoint 256 MB. */
const FILTER_GB = 1;
const PAGE_GB = 0.25;
/** Billed duration assumed per public request: far above what it measures locally, so the note errs high. */
const PAGE_MS = 100;
const MEASURED_UNSUBSCRIBES = 200;
const TABLE = 'quietlist-cost';

interface Units {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

/** Commands that write: DynamoDB reports their units as `CapacityUnits` (table and indexes), like reads'. */
const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'BatchWriteCommand',
  'TransactWriteCommand',
]);

/** A document client that asks DynamoDB for consumed capacity on every call and adds it to `units`. */
const capacityCountingClient = (doc: DynamoDBDocumentClient, units: () => Units): DynamoDBDocumentClient => {
  const wrapped = Object.create(doc) as DynamoDBDocumentClient;
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  wrapped.send = (async (command: { constructor: { name: string }; input?: Record<string, unknown> }) => {
    if (command.input) command.input.ReturnConsumedCapacity = 'INDEXES';
    const output = (await send(command)) as { ConsumedCapacity?: unknown };
    const counted = units();
    counted.calls++;
    const consumed = [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[];
    const capacity = consumed.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
    if (WRITES.has(command.constructor.name)) counted.writeUnits += capacity;
    else counted.readUnits += capacity;
    return output;
  }) as DynamoDBDocumentClient['send'];
  return wrapped;
};

const event = (token: string, method: 'GET' | 'POST', body?: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `${method} /u/{token}`,
    rawPath: `/u/${token}`,
    rawQueryString: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'cost-bench' },
    pathParameters: { token },
    requestContext: {
      requestId: randomBytes(8).toString('hex'),
      http: {
        method,
        path: `/u/${token}`,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'cost-bench',
      },
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  }) as unknown as APIGatewayProxyEventV2;

const money = (dollars: number) => `$${dollars < 0.01 ? dollars.toFixed(4) : dollars.toFixed(2)}`;

const bench = JSON.parse(await readFile(new URL('./results/latest.json', import.meta.url), 'utf8')) as {
  date: string;
  scenario: { recipients: number; lookups: number };
  filter: {
    medianMs: number;
    calls: Record<string, number>;
    readUnitsAtOneHalfPerKeyPer1000: number;
    summary: FilterSummary;
  };
};

// The handler logs every unsubscribe; the table below is the output.
logger.setLogLevel('WARN');
const dynamoDb = await startDynamoDbLocal();
try {
  const admin = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(admin, TABLE);
  admin.destroy();
  let units: Units = { calls: 0, readUnits: 0, writeUnits: 0 };
  const doc = capacityCountingClient(createDocumentClient({ endpoint: dynamoDb.endpoint }), () => units);
  const { keyringFile } = await ensureLocalSecrets(await mkdtemp(path.join(tmpdir(), 'quietlist-cost-')));
  const config = { tableName: TABLE, keysSource: `file:${keyringFile}`, documentClient: doc };
  const { keyring } = await loadKeys(config);
  const buildLink = createUnsubscribeLinkBuilder({
    keyring,
    publicBaseUrl: 'https://unsubscribe.example.com',
  });
  const filterRuns = new DynamoDbFilterRunRepository(doc, TABLE);
  const handler = makeHandler(wireUnsubscribePage(config));
  const call = async (request: APIGatewayProxyEventV2) => {
    const response = await handler(request, {} as Context);
    if (response.statusCode !== 200) throw new Error(`${request.routeKey} answered ${response.statusCode}`);
  };
  const tokenOf = (i: number) => {
    const url = buildLink({
      tenantId: 'cost',
      contactId: `c-${i}`,
      email: `person${i}@example.com`,
      campaignId: 'c-1',
    }).url;
    return url.slice(url.lastIndexOf('/') + 1);
  };

  // Warm-up (first calls load tenant settings and open connections), then measured runs of each path.
  await call(event(tokenOf(-1), 'GET'));
  units = { calls: 0, readUnits: 0, writeUnits: 0 };
  for (let i = 0; i < MEASURED_UNSUBSCRIBES; i++) {
    const token = tokenOf(i);
    await call(event(token, 'GET'));
    await call(event(token, 'POST', 'action=unsubscribe'));
  }
  const page = units;
  units = { calls: 0, readUnits: 0, writeUnits: 0 };
  for (let i = 0; i < MEASURED_UNSUBSCRIBES; i++) {
    await call(event(tokenOf(MEASURED_UNSUBSCRIBES + i), 'POST', 'List-Unsubscribe=One-Click'));
  }
  const oneClick = units;

  const perUnsubscribe = (measured: Units) => ({
    dynamoDbCalls: measured.calls / MEASURED_UNSUBSCRIBES,
    readUnits: measured.readUnits / MEASURED_UNSUBSCRIBES,
    writeUnits: measured.writeUnits / MEASURED_UNSUBSCRIBES,
  });
  const viaPage = perUnsubscribe(page);
  const viaOneClick = perUnsubscribe(oneClick);

  // The run report of the benchmark's run, written as the filter writes it: its filtered recipients with their
  // reasons (same counts per reason), measured in write units.
  const { summary } = bench.filter;
  const filtered: FilteredRecipient[] = (
    Object.entries(summary.byReason) as [FilterReason, number][]
  ).flatMap(([reason, count]) =>
    Array.from({ length: count }, (_, i) => ({ contactId: `contact-${reason}-${i}`, reasons: [reason] })),
  );
  units = { calls: 0, readUnits: 0, writeUnits: 0 };
  await filterRuns.saveFilterRun(
    {
      tenantId: 'cost',
      runId: '01JZ0000000000000000000000',
      campaignId: 'c-1',
      createdAt: new Date().toISOString(),
      summary,
      filtered,
    },
    90 * 86_400,
  );
  const reportWriteUnits = units.writeUnits;

  // Filter: 1,000,000 recipients in runs of 10,000, counts scaled from the benchmark's run of its own size.
  const runs = FILTERED_RECIPIENTS / RECIPIENTS_PER_RUN;
  const scale = FILTERED_RECIPIENTS / bench.scenario.recipients;
  const filterReadUnits = (bench.filter.readUnitsAtOneHalfPerKeyPer1000 * FILTERED_RECIPIENTS) / 1000;
  const filterWriteUnits = (runs * reportWriteUnits * RECIPIENTS_PER_RUN) / bench.scenario.recipients;
  const filterSeconds = (bench.filter.medianMs / 1000) * scale;
  const filterCost = {
    dynamoDbReads: (filterReadUnits / 1e6) * PRICES.dynamoDbPerMillionReadUnits,
    dynamoDbWrites: (filterWriteUnits / 1e6) * PRICES.dynamoDbPerMillionWriteUnits,
    lambdaCompute: filterSeconds * FILTER_GB * PRICES.lambdaArmPerGbSecond,
    lambdaRequests: (runs / 1e6) * PRICES.lambdaPerMillionRequests,
  };

  // Unsubscribes: half through the page (GET + POST), half one-click (one POST).
  const half = UNSUBSCRIBES / 2;
  const requests = half * 2 + half;
  const readUnits = half * (viaPage.readUnits + viaOneClick.readUnits);
  const writeUnits = half * (viaPage.writeUnits + viaOneClick.writeUnits);
  const unsubscribeCost = {
    dynamoDbReads: (readUnits / 1e6) * PRICES.dynamoDbPerMillionReadUnits,
    dynamoDbWrites: (writeUnits / 1e6) * PRICES.dynamoDbPerMillionWriteUnits,
    lambdaCompute: requests * (PAGE_MS / 1000) * PAGE_GB * PRICES.lambdaArmPerGbSecond,
    lambdaRequests: (requests / 1e6) * PRICES.lambdaPerMillionRequests,
    httpApi: (requests / 1e6) * PRICES.httpApiPerMillionRequests,
  };
  const total = (costs: Record<string, number>) =>
    Object.values(costs).reduce((sum, value) => sum + value, 0);

  const result = {
    date: new Date().toISOString(),
    prices: PRICES,
    filterBenchmark: {
      date: bench.date,
      recipients: bench.scenario.recipients,
      medianMs: bench.filter.medianMs,
    },
    filter: {
      recipients: FILTERED_RECIPIENTS,
      invocations: runs,
      batchGetItemCalls: (bench.filter.calls.BatchGetCommand ?? 0) * scale,
      readUnits: filterReadUnits,
      writeUnits: filterWriteUnits,
      gbSeconds: filterSeconds * FILTER_GB,
      cost: filterCost,
      total: total(filterCost),
    },
    unsubscribes: {
      count: UNSUBSCRIBES,
      measuredPerUnsubscribe: { page: viaPage, oneClick: viaOneClick },
      httpRequests: requests,
      readUnits,
      writeUnits,
      cost: unsubscribeCost,
      total: total(unsubscribeCost),
    },
  };
  await writeFile(new URL('./results/cost.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

  const row = (what: string, quantity: string, cost: number) => `| ${what} | ${quantity} | ${money(cost)} |`;
  console.log(
    [
      `| 1,000,000 recipients filtered (${runs} runs of ${RECIPIENTS_PER_RUN.toLocaleString('en')}) | quantity | cost |`,
      '| --- | --- | --- |',
      row(
        'DynamoDB reads (BatchGetItem, 0.5 RRU per key)',
        `${filterReadUnits.toLocaleString('en')} RRU`,
        filterCost.dynamoDbReads,
      ),
      row(
        `DynamoDB writes (run reports, ${reportWriteUnits} WRU each)`,
        `${filterWriteUnits} WRU`,
        filterCost.dynamoDbWrites,
      ),
      row('Lambda compute (1 GB, arm64)', `${Math.round(filterSeconds)} GB-s`, filterCost.lambdaCompute),
      row('Lambda requests', `${runs}`, filterCost.lambdaRequests),
      `| **total** | | **${money(total(filterCost))}** |`,
      '',
      `| 10,000 unsubscribes (half page, half one-click) | quantity | cost |`,
      '| --- | --- | --- |',
      `| measured per page unsubscribe (GET + POST) | ${viaPage.dynamoDbCalls} calls, ${viaPage.readUnits} RRU, ${viaPage.writeUnits} WRU | |`,
      `| measured per one-click unsubscribe (POST) | ${viaOneClick.dynamoDbCalls} calls, ${viaOneClick.readUnits} RRU, ${viaOneClick.writeUnits} WRU | |`,
      row('DynamoDB reads', `${readUnits.toLocaleString('en')} RRU`, unsubscribeCost.dynamoDbReads),
      row('DynamoDB writes', `${writeUnits.toLocaleString('en')} WRU`, unsubscribeCost.dynamoDbWrites),
      row('API Gateway HTTP API requests', requests.toLocaleString('en'), unsubscribeCost.httpApi),
      row(
        `Lambda compute (256 MB, ${PAGE_MS} ms billed each)`,
        `${requests * (PAGE_MS / 1000) * PAGE_GB} GB-s`,
        unsubscribeCost.lambdaCompute,
      ),
      row('Lambda requests', requests.toLocaleString('en'), unsubscribeCost.lambdaRequests),
      `| **total** | | **${money(total(unsubscribeCost))}** |`,
    ].join('\n'),
  );
} finally {
  await dynamoDb.stop();
}
