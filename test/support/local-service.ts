import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { loadKeyring } from '#adapters/secrets/load-keyring';
import type { Role } from '#domain/roles';
import { createValueHasher, type ValueHasher } from '#domain/value-hash';
import { mintDevCredential } from '../../local/dev-credentials';
import { createLocalServer } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { localRoutes } from '../../local/routes';
import type { LocalConsole } from '../../local/routes/context';
import { startLocalS3 } from '../../local/s3-local';
import { type TestTable, testTable } from './repositories';

/** The local service as `npm start` runs it, on a fresh table and its own keys, for HTTP and browser tests. */
export interface LocalService {
  readonly baseUrl: string;
  readonly table: TestTable;
  /** A dev credential for the admin API, like `npm run token` prints. */
  credential(tenant: string, role: Role): Promise<string>;
  /**
   * The service's own value hasher (its keyring's hash key), for code a test runs in-process over the same table:
   * the pre-send filter of filterFixture finds the entries the service wrote only with it.
   */
  readonly hashValue: ValueHasher;
  /** The jobs' local S3 server, with `s3: true`: where a test reads the job files themselves. */
  readonly s3?: { readonly endpoint: string; readonly bucket: string };
  /** Every item in the table: how tests prove that a request wrote nothing (tests may Scan; production never does). */
  countItems(): Promise<number>;
  /** A tenant's suppression entries and activity events, as stored. */
  tenantItems(tenantId: string): Promise<{ entries: StoredItem[]; events: StoredItem[] }>;
  close(): Promise<void>;
}

export type StoredItem = Record<string, unknown>;

/** The routes need the service's own URL (for the links they mint) before the server exists: pick the port first. */
const freePort = async (): Promise<number> => {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
};

/**
 * Starts the local routes on 127.0.0.1 with a fresh DynamoDB Local table and a temporary secrets folder; with
 * `console`, also the admin console at /console/ (test/support/console.ts builds it); with `events`, the
 * outbound-events stand-in and `GET /_local/events` (off otherwise: its stream polling loads the shared emulator);
 * with `s3`, the jobs' local S3 server (s3rver), whose uploads start jobs on the local runner, as `npm start`.
 */
export const startLocalService = async (
  options: { console?: LocalConsole; events?: boolean; s3?: boolean; unsubscribeMailto?: string } = {},
): Promise<LocalService> => {
  const table = await testTable({ stream: options.events ?? false });
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-secrets-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The jobs' bucket as `npm start` runs it (s3rver, CORS for the console's origin); else the in-memory store.
  const s3 = options.s3 ? await startLocalS3({ corsOrigins: [baseUrl] }) : undefined;
  // The outbound-events stand-in tails the table's stream until the service closes.
  const stopEvents = new AbortController();
  const routes = await localRoutes({
    tableName: table.tableName,
    endpoint: table.endpoint,
    baseUrl,
    secretsDir,
    ...(options.unsubscribeMailto ? { unsubscribeMailto: options.unsubscribeMailto } : {}),
    ...(options.events
      ? {
          outboundEvents: {
            signal: stopEvents.signal,
            pollMs: 50,
            onError: (error: Error) => console.error('outbound-events stand-in:', error),
          },
        }
      : {}),
    ...(options.console ? { console: options.console } : {}),
    ...(s3 ? { s3 } : {}),
  });
  const server: Server = createLocalServer(routes, { port });
  await once(server, 'listening');
  const { devJwtSecret, keyringFile } = await ensureLocalSecrets(secretsDir);
  const keyring = await loadKeyring(`file:${keyringFile}`);
  return {
    baseUrl,
    table,
    hashValue: createValueHasher(keyring.valueHashKey),
    ...(s3 ? { s3: { endpoint: s3.endpoint, bucket: s3.bucket } } : {}),
    credential: (tenant, role) => mintDevCredential({ tenant, role, user: `${role}-user` }, devJwtSecret),
    countItems: async () => {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(
          new ScanCommand({ TableName: table.tableName, Select: 'COUNT', ExclusiveStartKey: startKey }),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },
    tenantItems: async (tenantId) => {
      const items: StoredItem[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(
          new ScanCommand({
            TableName: table.tableName,
            FilterExpression: 'tenantId = :t',
            ExpressionAttributeValues: { ':t': tenantId },
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return {
        entries: items.filter((item) => item.entity === 'suppression'),
        events: items.filter((item) => item.entity === 'activity'),
      };
    },
    close: async () => {
      stopEvents.abort();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await s3?.stop();
      await rm(secretsDir, { recursive: true, force: true });
    },
  };
};
