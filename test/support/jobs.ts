import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import { createImport } from '#app/create-import';
import type { FilterAudienceDeps } from '#app/filter-audience';
import { failImport, finishImport } from '#app/finish-import';
import { importChunk, importChunkUnchecked } from '#app/import-chunk';
import type { AccountSuppressionListReader } from '#app/ports/account-suppression-list';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { prepareImport } from '#app/prepare-import';
import { getImport, listImports } from '#app/read-imports';
import { sameNormalizeOptions } from '#app/tenant-rules';
import type { Principal, Role } from '#domain/roles';
import { IMPORT_ROUTES } from '#shared/admin-api-contract';
import { wireImports } from '#wiring/imports';
import type { ServiceConfig } from '#wiring/platform';
import { makeHandler as makeImportsHandler } from '../../functions/http/imports';
import { makeHandler as makeStepsHandler } from '../../functions/step/import-steps';
import { withDevAuthorizer } from '../../local/authorizer';
import { mintDevCredential } from '../../local/dev-credentials';
import { createLocalServer, localServerUrl } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { type LocalS3, startLocalS3 } from '../../local/s3-local';
import { LocalStepFunctionsRunner } from '../../local/step-functions-runner';
import { type TestAdapters, testAdapters } from './adapters';
import { testTable } from './repositories';

/** The suppressions port as the import steps use it; a test may wrap it to inject a fault. */
export type StepSuppressions = Pick<SuppressionRepository, 'batchGetSuppressions' | 'addSuppressions'>;

/**
 * Imports over a fresh DynamoDB Local table and the in-memory object store: the import routes on the local HTTP
 * server (dev authorizer), the step handler and the local stand-in for Step Functions, built from the same use
 * cases the roots build, with a seam to wrap the suppressions port.
 */
export interface Jobs {
  readonly services: TestAdapters;
  readonly tableName: string;
  /** The jobs' object store: the S3 adapter over the local S3 server (s3rver). */
  readonly objects: S3ObjectStore;
  readonly s3: LocalS3;
  /** An object's text, read through the store; undefined when there is none. */
  text(key: string): Promise<string | undefined>;
  readonly jobs: DynamoDbImportJobRepository;
  readonly baseUrl: string;
  /** The synchronous filter's dependencies, as the steps use them: to compare a job with the filter itself. */
  readonly filterDeps: FilterAudienceDeps;
  credential(tenant: string, role: Role): Promise<string>;
  /** Creates an import as `principal` and returns its id and upload key. */
  create(
    principal: Principal,
    mode: 'add' | 'check',
    fileName?: string,
  ): Promise<{ importId: string; key: string }>;
  /**
   * A runner whose chunks write through `wrap(suppressions)`, reading SES's account list from `accountList`; filter
   * jobs run the filter with `filter`'s dependencies in place of the healthy ones (a faulty table client).
   */
  runner(
    wrap?: (suppressions: StepSuppressions) => StepSuppressions,
    accountList?: AccountSuppressionListReader,
    filter?: Partial<FilterAudienceDeps>,
  ): LocalStepFunctionsRunner;
  close(): Promise<void>;
}

export const startJobs = async (): Promise<Jobs> => {
  const table = await testTable();
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-jobs-'));
  const { keyringFile, devJwtSecret } = await ensureLocalSecrets(secretsDir);
  const config: ServiceConfig = {
    tableName: table.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
    defaultPhoneCountry: 'US',
    publicBaseUrl: 'http://127.0.0.1:3000',
  };
  const services = await testAdapters(config);
  const s3 = await startLocalS3();
  const objects = new S3ObjectStore(createS3Client({ endpoint: s3.endpoint }), s3.bucket);
  const jobs = new DynamoDbImportJobRepository(services.doc, table.tableName);
  const imports = makeImportsHandler(wireImports({ ...config, objects }));
  const server: Server = createLocalServer(
    IMPORT_ROUTES.map((route) => ({
      method: route.method,
      path: route.path,
      handler: withDevAuthorizer((event) => imports(event, {} as Context), devJwtSecret),
    })),
  );
  await once(server, 'listening');
  const normalizeOptionsFor = sameNormalizeOptions(services.normalizeOptions);
  const filterDeps: FilterAudienceDeps = {
    suppressions: services.suppressions,
    contacts: services.contacts,
    filterRuns: services.filterRuns,
    hashValue: services.hashValue,
    buildUnsubscribeLink: services.buildUnsubscribeLink,
    reportTtlSeconds: 3600,
    normalizeOptionsFor,
  };
  return {
    services,
    tableName: table.tableName,
    objects,
    s3,
    text: async (key) => {
      const bytes = await objects.read(key);
      if (!bytes) return undefined;
      const chunks: Uint8Array[] = [];
      for await (const chunk of bytes) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
    jobs,
    baseUrl: localServerUrl(server),
    filterDeps,
    credential: (tenant, role) => mintDevCredential({ tenant, role, user: `${role}-user` }, devJwtSecret),
    create: async (principal, mode, fileName = 'list.csv') => {
      const created = await createImport({ jobs, objects })({ principal, mode, fileName, at: new Date() });
      return { importId: created.importId, key: `uploads/${principal.tenantId}/${created.importId}` };
    },
    runner: (wrap = (suppressions) => suppressions, accountList = undefined, filter = {}) => {
      const suppressions = wrap(services.suppressions);
      const steps = makeStepsHandler(
        Promise.resolve({
          prepareImport: prepareImport({ jobs, objects, ...(accountList ? { accountList } : {}) }),
          importChunk: importChunk({
            jobs,
            objects,
            suppressions,
            hashValue: services.hashValue,
            normalizeOptionsFor,
            filter: { ...filterDeps, ...filter },
          }),
          importChunkUnchecked: importChunkUnchecked({ jobs, objects }),
          finishImport: finishImport({ jobs, objects }),
          failImport: failImport({ jobs, objects }),
        }),
      );
      return new LocalStepFunctionsRunner(steps, objects, { retryDelayScale: 0.001 });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await s3.stop();
    },
  };
};

/** Reads back a job's view as `GET /v1/imports/{id}` builds it. */
export const viewOf = (jobs: Jobs, tenantId: string, importId: string) =>
  getImport({ jobs: jobs.jobs, objects: jobs.objects })({ tenantId, importId });

export const listOf = (jobs: Jobs, tenantId: string) =>
  listImports({ jobs: jobs.jobs, cursorKey: jobs.services.keyring.cursorKey })({ tenantId, limit: 50 });
