/**
 * `npm run bench:tracer-hooks`: what the X-Ray SDK's async hooks cost per request on the two hot paths, the
 * RFC 8058 one-click unsubscribe (the unsubscribe page's handler) and a filter run (the filter's handler), against
 * DynamoDB Local. docs/decisions.md, "Tracing in the function or not", reads it.
 *
 * Loading Powertools' tracer loads `aws-xray-sdk-core`, which at once creates its cls-hooked namespace: an
 * `async_hooks` hook that runs on every async resource (every promise) of the process for its whole life, traced
 * or not. This bench runs the same requests in fresh Node.js processes, alternately with the X-Ray SDK loaded
 * first (the hooks on, nothing else: outside Lambda the tracer records nothing) and without it, round by round,
 * and compares the CPU time the process spent per request (user + system, `process.cpuUsage`: the emulator runs
 * in its own process, so its work is not counted, and other work on the machine inflates it less than the wall
 * clock). Inside Lambda the tracer also builds and sends a subsegment per handler and per AWS call, on top of
 * this. Prints a markdown table; writes bench/results/tracer-hooks.json. Flags: `--rounds N` (default 4),
 * `--clicks N` one-click unsubscribes per process (default 100), `--filters N` filter runs of 1,000 recipients per
 * process (default 4).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { median } from './stats';

const { values: flags } = parseArgs({
  options: {
    child: { type: 'string' },
    rounds: { type: 'string', default: '4' },
    clicks: { type: 'string', default: '100' },
    filters: { type: 'string', default: '4' },
  },
});
const RECIPIENTS_PER_FILTER = 1_000;
const TABLE = 'quietlist-bench-hooks';
const TENANT = 'bench-hooks';

interface ChildResult {
  readonly hooks: boolean;
  readonly clickCpuMs: number;
  readonly clickWallMs: number;
  readonly filterCpuMs: number;
  readonly filterWallMs: number;
}

const CONTEXT = {
  functionName: 'bench',
  awsRequestId: 'bench-request',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  memoryLimitInMB: '256',
  // Far from middy's early timeout: DynamoDB Local on a busy machine is slower than DynamoDB.
  getRemainingTimeInMillis: () => 600_000,
} as unknown as Context;

/** Per request: CPU (user + system) and wall milliseconds, over `count` sequential calls of `request`. */
const measure = async (count: number, request: (n: number) => Promise<unknown>) => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let n = 0; n < count; n++) await request(n);
  const { user, system } = process.cpuUsage(cpu);
  return { cpuMs: (user + system) / 1000 / count, wallMs: (performance.now() - started) / count };
};

/** One process: the hot paths as deployed, through their handlers, with or without the X-Ray SDK's hooks. */
const child = async (hooks: boolean): Promise<ChildResult> => {
  // What `import '@aws-lambda-powertools/tracer'` does first: load the X-Ray SDK, whose namespace hooks async_hooks.
  if (hooks) await import('aws-xray-sdk-core');
  const { makeHandler: pageHandler } = await import('../functions/http/unsubscribe-page');
  const { makeHandler: filterHandler } = await import('../functions/invoke/filter');
  const { wireUnsubscribePage } = await import('#wiring/unsubscribe-page');
  const { wireFilter } = await import('#wiring/filter');
  const { wireUnsubscribeLinks } = await import('#wiring/unsubscribe-links');
  const config = {
    tableName: TABLE,
    keysSource: `file:${process.env.BENCH_KEYRING}`,
    dynamoDbEndpoint: process.env.BENCH_DYNAMODB ?? 'http://127.0.0.1:8000',
    publicBaseUrl: 'https://unsubscribe.example.com',
  };
  const page = pageHandler(wireUnsubscribePage(config));
  const filter = filterHandler(wireFilter(config, { reportTtlSeconds: 3600 }));
  const { buildUnsubscribeLink } = await wireUnsubscribeLinks(config);
  const run = `${process.pid}-${Date.now()}`;
  const clicks = Number(flags.clicks);
  const filters = Number(flags.filters);
  const tokens = Array.from({ length: clicks + 5 }, (_, n) => {
    const { url } = buildUnsubscribeLink({
      tenantId: TENANT,
      contactId: `c-${run}-${n}`,
      email: `r${n}.${run}@hooks.example`,
    });
    return new URL(url).pathname.split('/').pop() ?? '';
  });
  const oneClick = (n: number) =>
    page(
      {
        routeKey: 'POST /u/{token}',
        rawPath: `/u/${tokens[n]}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
        isBase64Encoded: false,
        pathParameters: { token: tokens[n] },
        requestContext: {
          requestId: `click-${n}`,
          http: { method: 'POST', sourceIp: '203.0.113.7', userAgent: 'bench', path: `/u/${tokens[n]}` },
        },
      } as unknown as APIGatewayProxyEventV2,
      CONTEXT,
    );
  const audience = (n: number) => ({
    tenantId: TENANT,
    campaignId: `bench-${n}`,
    category: 'marketing',
    channels: ['email', 'phone'],
    template: { html: '<a href="[[unsubscribe_link]]">Unsubscribe</a> [[postal_address]]' },
    recipients: Array.from({ length: RECIPIENTS_PER_FILTER }, (_, r) => ({
      contactId: `c-${r}`,
      email: `r${r}@audience${r % 50}.example`,
      phone: `+1646555${String(r).padStart(4, '0')}`,
    })),
  });
  // Warm-up: the keyring, the clients, the first connections and the JIT.
  for (let n = 0; n < 5; n++) await oneClick(clicks + n);
  await filter(audience(-1), CONTEXT);
  const click = await measure(clicks, oneClick);
  const run2 = await measure(filters, (n) => filter(audience(n), CONTEXT));
  return {
    hooks,
    clickCpuMs: click.cpuMs,
    clickWallMs: click.wallMs,
    filterCpuMs: run2.cpuMs,
    filterWallMs: run2.wallMs,
  };
};

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const MARK = 'BENCH-RESULT ';

if (flags.child !== undefined) {
  const result = await child(flags.child === 'hooks');
  // Logs and EMF lines share stdout: the result is the line with the mark.
  process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`);
  process.exit(0);
}

const { startDynamoDbLocal } = await import('../local/dynamodb-local');
const { ensureTable } = await import('../local/table');
const { localDynamoDbClient } = await import('../local/clients');
const { ensureLocalSecrets } = await import('../local/keys');

const loadAtStart = loadavg();
const folder = await mkdtemp(join(tmpdir(), 'quietlist-hooks-'));
// A generous start: on a machine shared with other work the emulator's JVM can take a while.
const dynamoDb = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
try {
  const admin = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(admin, TABLE);
  admin.destroy();
  const { keyringFile } = await ensureLocalSecrets(folder);
  const script = fileURLToPath(import.meta.url);
  const run = promisify(execFile);
  const results: ChildResult[] = [];
  const rounds = Math.max(1, Number(flags.rounds));
  process.stdout.write(
    `${rounds} rounds, each a process with and one without the X-Ray SDK's hooks (${flags.clicks} one-clicks, ${flags.filters} filter runs of ${RECIPIENTS_PER_FILTER} recipients)… `,
  );
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so that a slow spell of the machine does not favour one.
    for (const variant of round % 2 ? ['none', 'hooks'] : ['hooks', 'none']) {
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          script,
          '--child',
          variant,
          '--clicks',
          String(flags.clicks),
          '--filters',
          String(flags.filters),
        ],
        {
          env: {
            ...process.env,
            BENCH_KEYRING: keyringFile,
            BENCH_DYNAMODB: dynamoDb.endpoint,
            AWS_REGION: 'us-east-1',
          },
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      const line = stdout.split('\n').find((each) => each.startsWith(MARK));
      if (!line) throw new Error(`the ${variant} process printed no result`);
      results.push(JSON.parse(line.slice(MARK.length)) as ChildResult);
    }
  }
  console.log('done');
  const of = (hooks: boolean, field: keyof Omit<ChildResult, 'hooks'>) =>
    median(results.filter((each) => each.hooks === hooks).map((each) => each[field]));
  const rows = (['click', 'filter'] as const).map((path) => {
    const cpuWith = of(true, `${path}CpuMs`);
    const cpuWithout = of(false, `${path}CpuMs`);
    return {
      path:
        path === 'click'
          ? 'one-click unsubscribe (page handler)'
          : `filter run, ${RECIPIENTS_PER_FILTER} recipients`,
      cpuWithoutMs: round(cpuWithout),
      cpuWithMs: round(cpuWith),
      hooksCpuMs: round(cpuWith - cpuWithout),
      hooksShare: round((cpuWith - cpuWithout) / cpuWithout, 3),
      wallWithoutMs: round(of(false, `${path}WallMs`)),
      wallWithMs: round(of(true, `${path}WallMs`)),
    };
  });
  const loadAtEnd = loadavg();
  const figures = {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    loadAverageAtStart: loadAtStart.map((value) => round(value)),
    loadAverageAtEnd: loadAtEnd.map((value) => round(value)),
    rounds,
    clicksPerProcess: Number(flags.clicks),
    filterRunsPerProcess: Number(flags.filters),
    rows,
    runs: results,
  };
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('./results/tracer-hooks.json', import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  console.log(
    [
      '',
      `Per request, median of ${rounds} processes each; Node.js ${process.version}, ${availableParallelism()} cores, load average ${figures.loadAverageAtStart.join(' ')} at the start, ${figures.loadAverageAtEnd.join(' ')} at the end`,
      '',
      '| path | CPU without hooks | CPU with the X-Ray SDK loaded | the hooks cost | wall without | wall with |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (row) =>
          `| ${row.path} | ${row.cpuWithoutMs} ms | ${row.cpuWithMs} ms | ${row.hooksCpuMs} ms (${Math.round(row.hooksShare * 100)}%) | ${row.wallWithoutMs} ms | ${row.wallWithMs} ms |`,
      ),
      '',
      'CPU: user + system time of the function process (DynamoDB Local runs in its own). Outside Lambda the tracer records nothing, so this is the hooks alone; in Lambda, subsegments add to it.',
    ].join('\n'),
  );
} finally {
  await dynamoDb.stop();
  await rm(folder, { recursive: true, force: true });
}
