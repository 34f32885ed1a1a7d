import type { Permission } from '#domain/roles';

/**
 * The admin API's routes, described once: the Lambda dispatches on them, the CDK stack creates them in API
 * Gateway, the local server mounts them, and a test holds docs/openapi.yaml to them. Route keys are written as
 * API Gateway writes them (`GET /v1/suppressions`), which is also the `routeKey` of the event a route delivers.
 */
export const ADMIN_ROUTES = [
  { method: 'GET', path: '/v1/suppressions', operation: 'listSuppressions', permission: 'read' },
  { method: 'POST', path: '/v1/suppressions', operation: 'addSuppressions', permission: 'add' },
  { method: 'POST', path: '/v1/suppressions/remove', operation: 'removeSuppressions', permission: 'remove' },
  { method: 'POST', path: '/v1/suppressions/check', operation: 'checkValues', permission: 'read' },
  { method: 'GET', path: '/v1/suppressions/export', operation: 'exportSuppressions', permission: 'export' },
  {
    method: 'POST',
    path: '/v1/contacts/{contactId}/unsubscribe',
    operation: 'unsubscribeContact',
    permission: 'contact_actions',
  },
  {
    method: 'DELETE',
    path: '/v1/contacts/{contactId}/do-not-contact',
    operation: 'liftDoNotContact',
    permission: 'contact_actions',
  },
  {
    method: 'GET',
    path: '/v1/contacts/{contactId}/activity',
    operation: 'listContactActivity',
    permission: 'read',
  },
  { method: 'GET', path: '/v1/stats', operation: 'suppressionStats', permission: 'read' },
] as const satisfies readonly AdminRoute[];

export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly operation: string;
  readonly permission: Permission;
}

export type AdminOperation = (typeof ADMIN_ROUTES)[number]['operation'];

/**
 * Admin API routes served by other features' functions, mounted on the same HTTP API (and authorizer) by the
 * admin API stack when their handlers exist. Each handler checks its own permission.
 */
export const PARTNER_ADMIN_ROUTES = [
  {
    method: 'POST',
    path: '/v1/unsubscribe-links',
    entry: 'functions/http/unsubscribe-links.ts',
    permission: 'build_links',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/runs/{runId}/filtered',
    entry: 'functions/http/filter-runs.ts',
    permission: 'read',
  },
] as const satisfies readonly (Omit<AdminRoute, 'operation'> & { readonly entry: string })[];

/** `GET /v1/suppressions`: the route key API Gateway and the local server give a route. */
export const routeKeyOf = (route: Pick<AdminRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
