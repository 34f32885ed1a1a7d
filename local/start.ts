import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENV } from '#shared/table-contract';
import { buildConsole, type ConsoleBuild, summaryLine } from '../console/build';
import { localDynamoDbClient } from './clients';
import { type DynamoDbLocal, JavaMissingError, startDynamoDbLocal } from './dynamodb-local';
import { createLocalServer } from './http-adapter';
import { type LocalS3, startLocalS3 } from './s3-local';
import { ensureTable } from './table';

/**
 * `npm start -- [--port N] [--in-memory]`: the whole service on this machine. Starts DynamoDB Local (data in
 * .local/dynamodb/ unless --in-memory), makes sure the table exists, builds the admin console (console/dist)
 * meanwhile, serves the routes of local/routes.ts and the console at /console/ on 127.0.0.1, and on Ctrl-C
 * (SIGINT) or SIGTERM stops everything, the Java process included.
 */

const TABLE_NAME = 'quietlist-local';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = path.join(REPO_ROOT, '.local', 'dynamodb');
const S3_DIR = path.join(REPO_ROOT, '.local', 's3');

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const parsePort = (value: string, source: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`${source} must be a port number, not "${value}"`);
  return port;
};

const parseFlags = () => {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string' },
        'in-memory': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return values;
  } catch (error) {
    return fail(`${(error as Error).message}\nUsage: npm start -- [--port N] [--in-memory]`);
  }
};

/** Port 0 means any: resolved here because the routes need the service's URL before the server exists. */
const resolvePort = async (port: number): Promise<number> => {
  if (port !== 0) return port;
  const probe = createNetServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  return typeof address === 'object' && address ? address.port : fail('Could not find a free port');
};

const flags = parseFlags();
if (flags.help) {
  console.log(
    'Usage: npm start -- [--port N] [--in-memory]\n' +
      '  --port N       HTTP port on 127.0.0.1 (default: $PORT or 3000; 0 picks a free one)\n' +
      `  --in-memory    keep DynamoDB Local's data in memory instead of ${path.relative(process.cwd(), DATA_DIR) || DATA_DIR}\n` +
      '  QUIETLIST_DYNAMODB_PORT=N   fixed port for DynamoDB Local (default: a free one)',
  );
  process.exit(0);
}
const port = await resolvePort(
  parsePort(flags.port ?? process.env.PORT ?? '3000', flags.port ? '--port' : 'PORT'),
);
const dynamoDbPort = process.env.QUIETLIST_DYNAMODB_PORT
  ? parsePort(process.env.QUIETLIST_DYNAMODB_PORT, 'QUIETLIST_DYNAMODB_PORT')
  : undefined;
const inMemory = flags['in-memory'];

let dynamoDb: DynamoDbLocal | undefined;
let s3: LocalS3 | undefined;
let server: Server | undefined;
let shuttingDown = false;

const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
  if (shuttingDown) {
    // A second Ctrl-C means now; the exit listener of dynamodb-local still kills the Java process.
    process.exit(130);
  }
  shuttingDown = true;
  console.log(`\n${signal}: stopping…`);
  const closed = server ? new Promise((resolve) => server?.close(resolve)) : Promise.resolve();
  server?.closeAllConnections();
  await Promise.allSettled([closed, dynamoDb?.stop(), s3?.stop()]);
  process.exit(0);
};
// Installed before anything starts, so an early Ctrl-C also cleans up instead of killing us mid-start.
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));

/**
 * The processes between us and the npm that ran us (tsx, `sh -c`, npm), or none when npm is not found.
 * npm forwards SIGTERM only to its `sh -c` child; where sh is dash (Debian, Ubuntu) that shell dies without
 * passing it on, leaving tsx, us and the Java process orphaned (`timeout 60 npm start` does exactly that).
 */
const launcherChain = (): number[] => {
  if (!process.env.npm_lifecycle_event) return [];
  const chain: number[] = [];
  let pid = process.ppid;
  try {
    for (let depth = 0; depth < 5 && pid > 1; depth++) {
      const line = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      const match = /^(\d+)\s+(.*)$/.exec(line);
      if (!match) return [];
      chain.push(pid);
      // npm titles itself `npm start`; an untitled one shows as `node …/npm-cli.js start`.
      if (/(^|[\s/])npm(-cli\.js)?(\s|$)/.test(match[2] ?? '')) return chain;
      pid = Number(match[1]);
    }
  } catch {
    // No ps (or no permission): go without the check rather than fail to start.
  }
  return [];
};

const launchers = launcherChain();
if (launchers.length > 0) {
  // So when any of them disappears, we wind down as if signalled.
  setInterval(() => {
    for (const pid of launchers) {
      try {
        process.kill(pid, 0);
      } catch {
        void shutdown('SIGTERM');
        return;
      }
    }
  }, 1_000).unref();
}

/** The console is built while DynamoDB Local starts; a failed build leaves the API running without it. */
const consoleBuilt: Promise<ConsoleBuild | Error> = buildConsole({ quiet: true }).catch(
  (error: Error) => error,
);

try {
  dynamoDb = await startDynamoDbLocal({
    ...(dynamoDbPort === undefined ? {} : { port: dynamoDbPort }),
    ...(inMemory ? {} : { dataDir: DATA_DIR }),
  });
  const client = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(client, TABLE_NAME);
  client.destroy();

  const baseUrl = `http://127.0.0.1:${port}`;
  // The jobs' bucket: s3rver, its objects in .local/s3 (a temporary folder with --in-memory); the console (this
  // origin) may upload to it and download from it, as the deployed bucket's CORS allows the console's origin.
  s3 = await startLocalS3({ ...(inMemory ? {} : { directory: S3_DIR }), corsOrigins: [baseUrl] });

  process.env[ENV.tableName] = TABLE_NAME;
  process.env[ENV.dynamoDbEndpoint] = dynamoDb.endpoint;
  // The links' settings the environment may give, as a deployment's functions are given them: the base URL (a
  // tunnel to this machine) and the mailto alternative. local/routes.ts builds the rest of the handlers' config.
  const publicBaseUrl = process.env[ENV.publicBaseUrl] ?? baseUrl;
  const unsubscribeMailto = process.env[ENV.unsubscribeMailto];

  const { localRoutes } = await import('./routes');
  const { outboundEventLine } = await import('./outbound-event-line');
  const built = await consoleBuilt;
  if (built instanceof Error)
    console.error(`The console was not built, so it is not served: ${built.message}`);
  const routes = await localRoutes({
    tableName: TABLE_NAME,
    endpoint: dynamoDb.endpoint,
    baseUrl,
    publicBaseUrl,
    ...(unsubscribeMailto ? { unsubscribeMailto } : {}),
    s3,
    ...(built instanceof Error ? {} : { console: { dir: built.outDir } }),
    // One line per outbound event, as a consumer of the event bus would see it (GET /_local/events lists them).
    outboundEvents: {
      onEvent: (event) => console.log(outboundEventLine(event)),
      onError: (error) =>
        console.error(`outbound event not sent (the pipe's DLQ, deployed): ${error.message}`),
    },
  });
  // API Gateway accepts bodies up to 10 MB and Lambda invoke payloads up to 6 MB: a full filter batch must fit.
  server = createLocalServer(routes, {
    port,
    maxBodyBytes: 6 * 1024 * 1024,
    log: (line) => console.log(line),
  });
  try {
    // events.once rejects when 'error' comes first, as it does for a port in use.
    await once(server, 'listening');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`port ${port} is already in use: choose another with --port N`);
  }

  const routeList = routes.map((route) => `${route.method === '*' ? 'ANY' : route.method} ${route.path}`);
  const { sampleUnsubscribeLink } = await import('./routes/unsubscribe');
  const unsubscribeLink = await sampleUnsubscribeLink({ baseUrl });
  console.log(
    [
      '',
      'Quietlist is running locally.',
      '',
      `  Service          ${baseUrl}`,
      `  Health           ${baseUrl}/_local/health`,
      built instanceof Error
        ? '  Console          not built (see the error above; npm run build:console to retry)'
        : `  Console          ${baseUrl}/console/  (sign in with a token from npm run token)\n                   ${summaryLine(built)}`,
      `  DynamoDB Local   ${dynamoDb.endpoint}  (any credentials and region work)`,
      `  Table            ${TABLE_NAME}`,
      `  S3 (s3rver)      ${s3.endpoint}  bucket ${s3.bucket} (imports and filter jobs; an erasure deletes the workspace's)`,
      `  Data             ${inMemory ? 'in memory, gone when stopped' : `${DATA_DIR}  (kept between runs; --in-memory for a throwaway one)`}`,
      `  Routes           ${routeList.join('\n                   ')}`,
      `  Unsubscribe link ${unsubscribeLink}  (tenant acme, jane.doe@example.com)`,
      '',
      'Press Ctrl-C to stop (DynamoDB Local stops with it).',
      '',
    ].join('\n'),
  );
} catch (error) {
  if (shuttingDown) {
    // A signal interrupted the start; shutdown() is already cleaning up and exiting.
  } else {
    server?.close();
    await dynamoDb?.stop();
    if (error instanceof JavaMissingError) fail(error.message);
    fail(`Could not start Quietlist locally: ${(error as Error).message}`);
  }
}
