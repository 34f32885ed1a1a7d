import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { NotFoundError } from '#domain/errors';
import { IMPORT_MODES, IMPORT_SOURCES } from '#domain/import-job';
import { plainText } from '#domain/text-rules';
import * as z from '#domain/zod';
import { deployedHandler } from '#lambda/deployed-handler';
import { optionalEnv, requireEnv } from '#lambda/env';
import { httpErrors } from '#lambda/http-errors';
import { cursorOf, jsonBody, limitOf, one, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import { observe } from '#lambda/observability';
import { principalOf } from '#lambda/principal';
import { configFromEnv } from '#lambda/service-config';
import { traceAwsClient, traceHandler } from '#lambda/tracing';
import { IMPORT_ROUTES, type ImportOperation } from '#shared/admin-api-contract';
import { JOBS_ENV } from '#shared/jobs-contract';
import { type ImportsUseCases, wireImports } from '#wiring/imports';

const createBody = z.strictObject({
  mode: z.enum(IMPORT_MODES),
  source: z.optional(z.enum(IMPORT_SOURCES)),
  fileName: plainText().check(z.minLength(1), z.maxLength(255)),
  note: z.optional(plainText().check(z.maxLength(ADMIN_LIMITS.noteLength))),
});

type Operation = (
  event: APIGatewayProxyEventV2,
  principal: ReturnType<typeof principalOf>,
  useCases: ImportsUseCases,
  now: Date,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A filter job's request: the synchronous filter's fields but the recipients (the filter's parser checks them). */
const filterJobBody = z.strictObject({
  campaignId: z.string(),
  category: z.string(),
  channels: z.array(z.string()),
  template: z.optional(z.record(z.string(), z.string())),
  topic: z.optional(z.string()),
});

const OPERATIONS: Readonly<Record<ImportOperation, Operation>> = {
  /** `POST /v1/imports`: the job and its presigned upload. */
  createImport: async (event, principal, useCases, now) => {
    queryOf(event, {});
    const body = jsonBody(event, createBody, ADMIN_LIMITS.jsonBodyBytes);
    const created = await useCases.createImport({
      principal,
      mode: body.mode,
      fileName: body.fileName,
      ...(body.source === undefined ? {} : { source: body.source }),
      ...(body.note === undefined ? {} : { note: body.note }),
      at: now,
    });
    return jsonResponse(201, created);
  },
  /** `GET /v1/imports`: the tenant's imports, newest first. */
  listImports: async (event, principal, useCases) => {
    const query = queryOf(event, { limit: 'one', cursor: 'one' });
    const cursor = cursorOf(one(query, 'cursor'));
    const page = await useCases.listImports({
      tenantId: principal.tenantId,
      limit: limitOf(one(query, 'limit'), ADMIN_LIMITS.listPage),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return jsonResponse(200, page);
  },
  /** `GET /v1/imports/{importId}`: one import of the tenant, with its result file's URL once it succeeded. */
  getImport: async (event, principal, useCases) => {
    queryOf(event, {});
    const view = await useCases.getImport({
      tenantId: principal.tenantId,
      importId: event.pathParameters?.importId ?? '',
    });
    return jsonResponse(200, view);
  },
  /** `POST /v1/global/imports/ses-account`: the SES account-level list into the global list, as a job. */
  importSesAccountList: async (event, principal, useCases, now) => {
    queryOf(event, {});
    return jsonResponse(201, await useCases.startSesAccountImport({ principal, at: now }));
  },
  /** `GET /v1/global/imports/{importId}`: an import of the global list (an operator's principal names it). */
  getGlobalImport: async (event, principal, useCases) => {
    queryOf(event, {});
    const view = await useCases.getImport({
      tenantId: principal.tenantId,
      importId: event.pathParameters?.importId ?? '',
    });
    return jsonResponse(200, view);
  },
  /** `POST /v1/filter-jobs`: the job and the presigned upload of its JSON Lines audience. */
  createFilterJob: async (event, principal, useCases, now) => {
    queryOf(event, {});
    const body = jsonBody(event, filterJobBody, ADMIN_LIMITS.jsonBodyBytes);
    const spec = {
      campaignId: body.campaignId,
      category: body.category,
      channels: body.channels,
      ...(body.template === undefined ? {} : { template: body.template }),
      ...(body.topic === undefined ? {} : { topic: body.topic }),
    };
    return jsonResponse(201, await useCases.createFilterJob({ principal, spec, at: now }));
  },
  /** `GET /v1/filter-jobs/{jobId}`: status, counts, the run summary and, once done, the two result URLs. */
  getFilterJob: async (event, principal, useCases) => {
    queryOf(event, {});
    const view = await useCases.getFilterJob({
      tenantId: principal.tenantId,
      jobId: event.pathParameters?.jobId ?? '',
    });
    return jsonResponse(200, view);
  },
};

const ROUTES = new Map<string, (typeof IMPORT_ROUTES)[number]>(
  IMPORT_ROUTES.map((route) => [`${route.method} ${route.path}`, route]),
);

/**
 * The job routes (docs/jobs.md): imports and filter jobs, each route's permission from IMPORT_ROUTES (a refusal
 * recorded like the admin API's); the tenant is the credential's, so another tenant's job id answers 404 like an
 * unknown one.
 */
export const makeHandler = (useCases: Promise<ImportsUseCases>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async (event: APIGatewayProxyEventV2) => {
    const route = ROUTES.get(event.routeKey);
    if (!route) throw new NotFoundError(`no job route ${event.routeKey}`);
    const principal = principalOf(event);
    const ready = await useCases;
    const now = new Date();
    await ready.authorizeAction({ principal, permission: route.permission, action: event.routeKey, at: now });
    return OPERATIONS[route.operation](event, principal, ready, now);
  })
    .use(observe({ name: 'imports', trace: traceHandler }))
    .use(httpErrors());

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () => {
  const endpoint = optionalEnv(JOBS_ENV.s3Endpoint);
  return wireImports({
    ...configFromEnv(),
    traceClient: traceAwsClient,
    bucket: requireEnv(JOBS_ENV.bucket),
    ...(endpoint ? { s3Endpoint: endpoint } : {}),
  });
});
