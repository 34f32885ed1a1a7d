import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENV } from '../shared/table-contract';
import { localDynamoDbClient } from './clients';
import { type DynamoDbLocal, JavaMissingError, startDynamoDbLocal } from './dynamodb-local';
import { createLocalServer } from './http-adapter';
import { ensureTable } from './table';

/**
 * `npm start [-- --port N] [-- --in-memory]`: the whole service on this machine. Starts DynamoDB Local (data in
 * .local/dynamodb/ unless --in-memory), makes sure the table exists, serves the routes of local/routes.ts on
 * 127.0.0.1, and on Ctrl-C (SIGINT) or SIGTERM stops everything, the Java process included.
 */

const TABLE_NAME = 'quietlist-local';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = path.join(REPO_ROOT, '.local', 'dynamodb');

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
    return fail(`${(error as Error).message}\nUsage: npm start [-- --port N] [-- --in-memory]`);
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
    'Usage: npm start [-- --port N] [-- --in-memory]\n' +
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
  await Promise.allSettled([closed, dynamoDb?.stop()]);
  process.exit(0);
};
// Installed before anything starts, so an early Ctrl-C also cleans up instead of killing us mid-start.
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));

try {
  dynamoDb = await startDynamoDbLocal({
    ...(dynamoDbPort === undefined ? {} : { port: dynamoDbPort }),
    ...(inMemory ? {} : { dataDir: DATA_DIR }),
  });
  const client = localDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(client, TABLE_NAME);
  client.destroy();

  const baseUrl = `http://127.0.0.1:${port}`;
  // Handlers read their configuration from the environment, as deployed; set it before they are imported.
  process.env[ENV.tableName] = TABLE_NAME;
  process.env[ENV.dynamoDbEndpoint] = dynamoDb.endpoint;
  process.env[ENV.publicBaseUrl] ??= baseUrl;

  const { localRoutes } = await import('./routes');
  const routes = await localRoutes({ tableName: TABLE_NAME, endpoint: dynamoDb.endpoint, baseUrl });
  server = createLocalServer(routes, { port, log: (line) => console.log(line) });
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'EADDRINUSE'
        ? new Error(`Port ${port} is already in use: choose another with --port N`)
        : error;
    }),
  ]);

  const routeList = routes.map((route) => `${route.method === '*' ? 'ANY' : route.method} ${route.path}`);
  console.log(
    [
      '',
      'Quietlist is running locally.',
      '',
      `  Service          ${baseUrl}`,
      `  Health           ${baseUrl}/_local/health`,
      `  DynamoDB Local   ${dynamoDb.endpoint}  (any credentials and region work)`,
      `  Table            ${TABLE_NAME}`,
      `  Data             ${inMemory ? 'in memory, gone when stopped' : `${DATA_DIR}  (kept between runs; --in-memory for a throwaway one)`}`,
      `  Routes           ${routeList.join('\n                   ')}`,
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
