import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '#domain/errors';
import { parseContactId } from '#domain/tenant';
import { deployedHandler } from '#lambda/deployed-handler';
import { httpErrors } from '#lambda/http-errors';
import { logger } from '#lambda/logger';
import { observe } from '#lambda/observability';
import { principalOf } from '#lambda/principal';
import { configFromEnv } from '#lambda/service-config';
import { traceAwsClient, traceHandler } from '#lambda/tracing';
import { ADMIN_ROUTES, type AdminOperation, routeKeyOf } from '#shared/admin-api-contract';
import { type AdminApiUseCases, wireAdminApi } from '#wiring/admin-api';
import { listTenantActivityRoute, valueHistoryRoute } from './admin/activity';
import {
  getContactRoute,
  liftDoNotContactRoute,
  listContactActivityRoute,
  unsubscribeContactRoute,
} from './admin/contacts';
import { erasePersonalDataRoute, subjectAccessRoute } from './admin/privacy';
import type { AdminOperationHandler } from './admin/request';
import { listCampaignRunsRoute, listTenantRunsRoute } from './admin/runs';
import { getSettingsRoute, updateSettingsRoute } from './admin/settings';
import { suppressionStatsRoute } from './admin/stats';
import {
  addSuppressionsRoute,
  checkValuesRoute,
  exportSuppressionsRoute,
  listSuppressionsRoute,
  removeSuppressionsRoute,
} from './admin/suppressions';

/** Each operation of the route table (shared/admin-api-contract.ts) and the handler that serves it. */
const OPERATIONS: Readonly<Record<AdminOperation, AdminOperationHandler>> = {
  listSuppressions: listSuppressionsRoute,
  addSuppressions: addSuppressionsRoute,
  removeSuppressions: removeSuppressionsRoute,
  checkValues: checkValuesRoute,
  exportSuppressions: exportSuppressionsRoute,
  unsubscribeContact: unsubscribeContactRoute,
  liftDoNotContact: liftDoNotContactRoute,
  listContactActivity: listContactActivityRoute,
  suppressionStats: suppressionStatsRoute,
  // The global list answers like the tenant list: an operator's principal names the global list (principal.ts).
  listGlobalSuppressions: listSuppressionsRoute,
  addGlobalSuppressions: addSuppressionsRoute,
  removeGlobalSuppressions: removeSuppressionsRoute,
  exportGlobalSuppressions: exportSuppressionsRoute,
  listTenantActivity: listTenantActivityRoute,
  listValueHistory: valueHistoryRoute,
  listCampaignRuns: listCampaignRunsRoute,
  listTenantRuns: listTenantRunsRoute,
  getContact: getContactRoute,
  getSettings: getSettingsRoute,
  updateSettings: updateSettingsRoute,
  erasePersonalData: erasePersonalDataRoute,
  subjectAccess: subjectAccessRoute,
};

const ROUTES = new Map(ADMIN_ROUTES.map((route) => [routeKeyOf(route), route]));

/**
 * The admin API, one function for all its routes (ADMIN_ROUTES). Per request: finds the route by API Gateway's
 * route key, takes tenant, user and role from the verified credential only, checks the role's permission
 * (a refusal is a 403 and an `action_refused` event), then runs the route's operation. Limits: ADMIN_LIMITS
 * (shared/domain/admin-limits.ts), enforced by each operation.
 */
export const makeHandler = (useCases: Promise<AdminApiUseCases>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async (event: APIGatewayProxyEventV2) => {
    const route = ROUTES.get(event.routeKey);
    if (!route) throw new NotFoundError(`no admin route ${event.routeKey}`);
    const principal = principalOf(event);
    const ready = await useCases;
    const now = new Date();
    const contactId = parseContactId(event.pathParameters?.contactId);
    await ready.authorizeAction({
      principal,
      permission: route.permission,
      action: event.routeKey,
      ...(contactId.ok ? { contactId: contactId.value } : {}),
      at: now,
    });
    const started = performance.now();
    const response = await OPERATIONS[route.operation]({ event, principal, useCases: ready, now });
    logger.info('admin request', {
      route: event.routeKey,
      tenantId: principal.tenantId,
      role: principal.role,
      status: response.statusCode,
      ms: Math.round(performance.now() - started),
    });
    return response;
  })
    .use(observe({ name: 'admin-api', trace: traceHandler }))
    .use(httpErrors());

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () =>
  wireAdminApi({ ...configFromEnv(), traceClient: traceAwsClient }),
);
