import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '#adapters/dynamodb/batch-write';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { ATTR, sourceAttribute } from '#adapters/dynamodb/item-mappers';
import { buildSuppressionCommand } from '#app/suppress-value';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import type { Kind } from '#domain/kinds';
import type { Role } from '#domain/roles';
import type { Source } from '#domain/sources';
import type { SuppressionDetail } from '#domain/suppression';
import type { ServiceConfig } from '#wiring/platform';
import { mintDevCredential } from '../../local/dev-credentials';
import { createLocalServer, localServerUrl } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { adminRoutes } from '../../local/routes/admin';
import { type TestAdapters, testAdapters } from './adapters';
import { type TestTable, testTable } from './repositories';
import { recordRequests, type TableRequest } from './table-requests';

/** The admin API on the local HTTP server, over a fresh DynamoDB Local table, with the services behind it. */
export interface AdminApi {
  readonly baseUrl: string;
  readonly table: TestTable;
  /** The same services (same keys, same table) the handler uses: for seeding and for looking behind the API. */
  readonly services: TestAdapters;
  /** Signs dev credentials (the stand-in for the identity provider's key). */
  readonly devJwtSecret: string;
  credential(
    tenant: string,
    role: Role,
    options?: {
      readonly user?: string;
      readonly type?: 'person' | 'service';
      /** The `name` and `email` claims a person's credential may carry. */
      readonly name?: string;
      readonly email?: string;
    },
  ): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts only the admin routes (local/routes/admin.ts) behind the dev authorizer, with a body cap above the
 * admin API's own (so the handler's limits, not the local server's, answer), on port 0. With `recordInto`, the
 * handler's own client records each request it sends there (test/support/table-requests.ts); `services` do not.
 */
export const startAdminApi = async (
  options: { readonly recordInto?: TableRequest[] } = {},
): Promise<AdminApi> => {
  const table = await testTable();
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-admin-'));
  const { keyringFile, devJwtSecret } = await ensureLocalSecrets(secretsDir);
  const config: ServiceConfig = {
    tableName: table.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
    defaultPhoneCountry: 'US',
  };
  const services = await testAdapters(config);
  const { recordInto } = options;
  let handlerClient: DynamoDBDocumentClient | undefined;
  if (recordInto) {
    handlerClient = createDocumentClient({ endpoint: table.endpoint });
    recordRequests(handlerClient, recordInto);
  }
  const routes = await adminRoutes({
    tableName: table.tableName,
    endpoint: table.endpoint,
    baseUrl: 'http://127.0.0.1',
    secretsDir,
    config: handlerClient ? { ...config, documentClient: handlerClient } : config,
    devJwtSecret,
  });
  const server: Server = createLocalServer(routes, { maxBodyBytes: 2 * ADMIN_LIMITS.textBodyBytes });
  await once(server, 'listening');
  return {
    baseUrl: localServerUrl(server),
    table,
    services,
    devJwtSecret,
    credential: (tenant, role, options = {}) =>
      mintDevCredential(
        {
          tenant,
          role,
          user: options.user ?? `${role}-user`,
          ...(options.type ? { type: options.type } : {}),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.email === undefined ? {} : { email: options.email }),
        },
        devJwtSecret,
      ),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

/** One entry to seed: a value of a kind, held by one source. */
export interface SeedEntry {
  readonly value: string;
  readonly kind: Kind;
  readonly source: Source;
  readonly at: Date;
  readonly addedBy?: string;
  readonly campaignId?: string;
  readonly detail?: SuppressionDetail;
}

/**
 * Seeds many entries fast: the first goes through the repository (W1) and its stored item becomes the template
 * every other item is cloned from, so seeded items have exactly the shape the repository writes (a test checks
 * it), then BatchWriteItem puts them, 25 a call, several calls at once. No activity events are seeded.
 */
export const seedEntries = async (
  services: TestAdapters,
  tenantId: string,
  entries: readonly SeedEntry[],
) => {
  const commandOf = (entry: SeedEntry) =>
    buildSuppressionCommand(services.hashValue, {
      tenantId,
      value: { kind: entry.kind, value: entry.value, display: entry.value },
      source: entry.source,
      actor: entry.addedBy ? { type: 'user', userId: entry.addedBy } : { type: 'system', name: 'seed' },
      at: entry.at,
      ...(entry.campaignId ? { campaignId: entry.campaignId } : {}),
      ...(entry.detail ? { detail: entry.detail } : {}),
    });
  const [first, ...rest] = entries;
  if (!first) return;
  const firstCommand = commandOf(first);
  await services.suppressions.addSuppression(firstCommand);
  const stored = await services.doc.send(
    new GetCommand({
      TableName: services.config.tableName,
      Key: { pk: `SUP#${tenantId}#${first.kind}#${firstCommand.key.valueHash}`, sk: 'ENTRY' },
    }),
  );
  const template = stored.Item as Record<string, unknown>;
  const items = rest.map((entry) => {
    const command = commandOf(entry);
    const item: Record<string, unknown> = { ...template };
    delete item[sourceAttribute(first.source)];
    delete item[ATTR.addedBy];
    const at = command.record.at;
    Object.assign(item, {
      pk: `SUP#${tenantId}#${entry.kind}#${command.key.valueHash}`,
      gsi1sk: `${at}#${entry.kind}#${command.key.valueHash}`,
      [ATTR.kind]: entry.kind,
      [ATTR.valueHash]: command.key.valueHash,
      [ATTR.value]: entry.value,
      [ATTR.display]: entry.value,
      [ATTR.createdAt]: at,
      [ATTR.updatedAt]: at,
      [ATTR.sources]: new Set([entry.source]),
      [sourceAttribute(entry.source)]: command.record,
      ...(command.record.addedBy ? { [ATTR.addedBy]: new Set([command.record.addedBy]) } : {}),
    });
    return item;
  });
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 500) chunks.push(items.slice(i, i + 500));
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < chunks.length) {
        await batchWriteAll(
          services.doc,
          services.config.tableName,
          chunks[next++] as Record<string, unknown>[],
        );
      }
    }),
  );
};

/** A response whose JSON body the tests read field by field, as any client would. */
export interface ApiResponse extends Response {
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the shape; a wrong guess fails the assertion.
  json(): Promise<any>;
}

/** `fetch` with a bearer credential; JSON bodies are sent as JSON, strings as they are. */
export const call = async (
  api: AdminApi,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> =>
  fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined
        ? {}
        : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

/** Suppresses one value through the repository (W1, with its event), as another component would. */
export const suppressAs = (
  services: TestAdapters,
  tenantId: string,
  value: string,
  kind: Kind,
  source: Source,
  options: {
    readonly at?: Date;
    readonly addedBy?: string;
    readonly campaignId?: string;
    readonly contactId?: string;
    readonly detail?: SuppressionDetail;
    readonly ip?: string;
    readonly userAgent?: string;
  } = {},
) =>
  services.suppressions.addSuppression(
    buildSuppressionCommand(services.hashValue, {
      tenantId,
      value: { kind, value, display: value },
      source,
      actor: options.addedBy
        ? { type: 'user', userId: options.addedBy }
        : source === 'link' || source === 'list_unsubscribe'
          ? { type: 'recipient' }
          : { type: 'system', name: 'test' },
      at: options.at ?? new Date(),
      ...(options.campaignId ? { campaignId: options.campaignId } : {}),
      ...(options.contactId ? { contactId: options.contactId } : {}),
      ...(options.detail ? { detail: options.detail } : {}),
      ...(options.ip ? { ip: options.ip } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    }),
  );

/** The key of a value in a tenant, as the repository reads it. */
export const keyFor = (services: TestAdapters, tenantId: string, kind: Kind, value: string) => ({
  tenantId,
  kind,
  valueHash: services.hashValue(kind, value),
});
