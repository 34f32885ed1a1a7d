import type { Permission } from '#domain/roles';
import type { BudgetedFunction } from '#shared/time-budgets';

/**
 * The stores a route's use cases reach, by port (shared/app/ports/): the admin API stack grants a function the
 * union of what its routes' ports need (infra/port-grants.ts), so a new route names its ports here and gets
 * exactly those permissions.
 */
export type PortName =
  | 'suppressions'
  | 'activity'
  | 'contacts'
  | 'filterRuns'
  | 'tenantSettings'
  /**
   * The run timelines of the filter-runs port (R10b, R10c: summaries on GSI1 and GSI2), named apart from
   * `filterRuns` (R10, a run's partition with its filtered list) so that each route is granted only the reads
   * it makes: the run lists get no run partition (filtered lists), the filtered contacts no index.
   */
  | 'filterRunTimelines'
  | 'dailyCounters'
  /** R11 only: a tenant's settings read, never written (the link builder checks a link's topic with it). */
  | 'tenantSettingsRead'
  /**
   * Erasure (R13, W14–W16): reads a value's item and events, removes clear copies from entries and events of
   * values and contacts (UpdateItem only), and records an erasure's start (`ERA#` partitions).
   */
  | 'erasures';

/** Configuration a route's function reads from its environment, given by the stack when it has it. */
export type RouteSetting = 'defaultPhoneCountry' | 'publicBaseUrl';

export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly operation: string;
  readonly permission: Permission;
  readonly ports: readonly PortName[];
  readonly settings?: readonly RouteSetting[];
  /** Carries thousands of values or reads a whole list: the stage throttles it harder. */
  readonly bulk?: true;
}

const PARSES_VALUES = ['defaultPhoneCountry'] as const satisfies readonly RouteSetting[];

/**
 * The admin API's routes, described once: the Lambda dispatches on them, the CDK stack creates them in API
 * Gateway (and grants their ports), the local server mounts them, and a test holds docs/openapi.yaml to them.
 * Route keys are written as API Gateway writes them (`GET /v1/suppressions`), which is also the `routeKey` of
 * the event a route delivers. Every route may record a refused action, so every route uses the activity log.
 */
export const ADMIN_ROUTES = [
  {
    method: 'GET',
    path: '/v1/suppressions',
    operation: 'listSuppressions',
    permission: 'read',
    ports: ['suppressions', 'activity'],
  },
  {
    method: 'POST',
    path: '/v1/suppressions',
    operation: 'addSuppressions',
    permission: 'add',
    ports: ['suppressions', 'activity', 'tenantSettings'],
    settings: PARSES_VALUES,
    bulk: true,
  },
  {
    method: 'POST',
    path: '/v1/suppressions/remove',
    operation: 'removeSuppressions',
    permission: 'remove',
    ports: ['suppressions', 'activity', 'tenantSettings'],
    settings: PARSES_VALUES,
    bulk: true,
  },
  {
    method: 'POST',
    path: '/v1/suppressions/check',
    operation: 'checkValues',
    permission: 'read',
    ports: ['suppressions', 'activity', 'tenantSettings'],
    settings: PARSES_VALUES,
    bulk: true,
  },
  {
    method: 'GET',
    path: '/v1/suppressions/export',
    operation: 'exportSuppressions',
    permission: 'export',
    ports: ['suppressions', 'activity'],
    bulk: true,
  },
  {
    method: 'POST',
    path: '/v1/contacts/{contactId}/unsubscribe',
    operation: 'unsubscribeContact',
    permission: 'contact_actions',
    ports: ['suppressions', 'activity', 'contacts', 'tenantSettings'],
    settings: PARSES_VALUES,
  },
  {
    method: 'DELETE',
    path: '/v1/contacts/{contactId}/do-not-contact',
    operation: 'liftDoNotContact',
    permission: 'contact_actions',
    ports: ['suppressions', 'activity', 'contacts'],
  },
  {
    method: 'GET',
    path: '/v1/contacts/{contactId}/activity',
    operation: 'listContactActivity',
    permission: 'read',
    ports: ['activity'],
  },
  {
    method: 'GET',
    path: '/v1/stats',
    operation: 'suppressionStats',
    permission: 'read',
    ports: ['activity', 'dailyCounters'],
  },
  // The reserved global list, for platform operators only (role `operator`): the tenant routes' shapes, on the
  // global list. A tenant credential lacks `global_list`; an operator credential has nothing else.
  {
    method: 'GET',
    path: '/v1/global/suppressions',
    operation: 'listGlobalSuppressions',
    permission: 'global_list',
    ports: ['suppressions', 'activity'],
  },
  {
    method: 'POST',
    path: '/v1/global/suppressions',
    operation: 'addGlobalSuppressions',
    permission: 'global_list',
    ports: ['suppressions', 'activity', 'tenantSettings'],
    settings: PARSES_VALUES,
    bulk: true,
  },
  {
    method: 'POST',
    path: '/v1/global/suppressions/remove',
    operation: 'removeGlobalSuppressions',
    permission: 'global_list',
    ports: ['suppressions', 'activity', 'tenantSettings'],
    settings: PARSES_VALUES,
    bulk: true,
  },
  {
    method: 'GET',
    path: '/v1/global/suppressions/export',
    operation: 'exportGlobalSuppressions',
    permission: 'global_list',
    ports: ['suppressions', 'activity'],
    bulk: true,
  },
  {
    method: 'GET',
    path: '/v1/activity',
    operation: 'listTenantActivity',
    permission: 'read',
    ports: ['activity'],
  },
  {
    method: 'POST',
    path: '/v1/suppressions/history',
    operation: 'listValueHistory',
    permission: 'read',
    ports: ['activity', 'tenantSettings'],
    settings: PARSES_VALUES,
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/runs',
    operation: 'listCampaignRuns',
    permission: 'read',
    ports: ['filterRunTimelines', 'activity'],
  },
  {
    method: 'GET',
    path: '/v1/runs',
    operation: 'listTenantRuns',
    permission: 'read',
    ports: ['filterRunTimelines', 'activity'],
  },
  {
    method: 'GET',
    path: '/v1/contacts/{contactId}',
    operation: 'getContact',
    permission: 'read',
    ports: ['contacts', 'activity', 'suppressions'],
  },
  {
    method: 'GET',
    path: '/v1/settings',
    operation: 'getSettings',
    permission: 'read',
    ports: ['tenantSettings', 'activity'],
  },
  {
    method: 'PUT',
    path: '/v1/settings',
    operation: 'updateSettings',
    permission: 'settings',
    ports: ['tenantSettings', 'activity'],
  },
  // GDPR (docs/privacy.md): admin only. The values travel in the body, never in a URL that access logs keep.
  {
    method: 'POST',
    path: '/v1/erasures',
    operation: 'erasePersonalData',
    permission: 'privacy',
    ports: ['erasures', 'activity', 'tenantSettings'],
    settings: PARSES_VALUES,
  },
  {
    method: 'POST',
    path: '/v1/subject-access',
    operation: 'subjectAccess',
    permission: 'privacy',
    ports: ['suppressions', 'activity', 'contacts', 'tenantSettings'],
    settings: PARSES_VALUES,
  },
] as const satisfies readonly AdminRoute[];

export type AdminOperation = (typeof ADMIN_ROUTES)[number]['operation'];

/**
 * Admin API routes served by functions of their own, mounted on the same HTTP API (and authorizer) by the admin
 * API stack, each function with only its route's ports and settings. Each handler checks its own permission.
 */
export const PARTNER_ADMIN_ROUTES = [
  {
    method: 'POST',
    path: '/v1/unsubscribe-links',
    entry: 'functions/http/unsubscribe-links.ts',
    budget: 'unsubscribeLinks',
    permission: 'build_links',
    ports: ['tenantSettingsRead'],
    settings: ['publicBaseUrl'],
    keyring: true,
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/runs/{runId}/filtered',
    entry: 'functions/http/filter-runs.ts',
    budget: 'filterRuns',
    permission: 'read',
    ports: ['filterRuns'],
  },
] as const satisfies readonly (Omit<AdminRoute, 'operation'> & {
  readonly entry: string;
  /** The function's row of TIME_BUDGETS (shared/time-budgets.ts). */
  readonly budget: BudgetedFunction;
  /** Seals or hashes: the function is given the keyring secret. A route without it cannot read the keys. */
  readonly keyring?: true;
})[];

/** `GET /v1/suppressions`: the route key API Gateway and the local server give a route. */
export const routeKeyOf = (route: Pick<AdminRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

/**
 * The import routes of the admin API (docs/jobs.md), served by their own function (functions/http/imports.ts),
 * which the jobs stack mounts on the admin HTTP API behind its JWT authorizer, with the bucket it presigns for.
 * Role manager or admin (`add`); the tenant from the credential.
 */
export const IMPORT_ROUTES = [
  { method: 'POST', path: '/v1/imports', operation: 'createImport', permission: 'add' },
  { method: 'GET', path: '/v1/imports', operation: 'listImports', permission: 'add' },
  { method: 'GET', path: '/v1/imports/{importId}', operation: 'getImport', permission: 'add' },
  // Filter jobs answer eligible emails with their unsubscribe links: who may build links may run them.
  { method: 'POST', path: '/v1/filter-jobs', operation: 'createFilterJob', permission: 'build_links' },
  { method: 'GET', path: '/v1/filter-jobs/{jobId}', operation: 'getFilterJob', permission: 'build_links' },
  // The SES account-level suppression list into the global list: platform operators only.
  {
    method: 'POST',
    path: '/v1/global/imports/ses-account',
    operation: 'importSesAccountList',
    permission: 'global_list',
  },
  {
    method: 'GET',
    path: '/v1/global/imports/{importId}',
    operation: 'getGlobalImport',
    permission: 'global_list',
  },
] as const satisfies readonly (Pick<AdminRoute, 'method' | 'path' | 'permission'> & {
  readonly operation: string;
})[];
export type ImportOperation = (typeof IMPORT_ROUTES)[number]['operation'];
