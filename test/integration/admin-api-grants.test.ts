import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '#domain/roles';
import { ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';
import { AdminApiStack } from '../../infra/stacks/admin-api-stack';
import { type AdminApi, call, startAdminApi } from '../support/admin-api';
import { SAMPLE } from '../support/admin-samples';
import { prefixesOf, requestsOutside, synthesizedTableGrants, type TableGrant } from '../support/iam-grants';
import { uniqueTenant } from '../support/repositories';
import type { TableRequest } from '../support/table-requests';

/**
 * The admin function's table grants against what it really sends (test/support/iam-grants.ts): every route of
 * ADMIN_ROUTES, through the function's composition root on DynamoDB Local, held to the policy the admin API stack
 * synthesizes from the routes' ports (infra/port-grants.ts).
 */

const grantsOfAdminFunction = (): TableGrant[] =>
  synthesizedTableGrants(
    (app, data) =>
      new AdminApiStack(app, 'AdminApi', {
        ...data,
        jwtIssuer: 'https://issuer.example.com/',
        jwtAudience: ['console'],
        publicBaseUrl: 'https://unsubscribe.example.com',
      }),
    'AdminApiFunction',
  );

let grants: TableGrant[];
let api: AdminApi;
const sent: TableRequest[] = [];

beforeAll(async () => {
  grants = grantsOfAdminFunction();
  // The handler's own client is recorded; the services that look behind the API are not.
  api = await startAdminApi({ recordInto: sent });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("the admin function's table grants", () => {
  it('cover every route of the admin API', async () => {
    const tenant = uniqueTenant();
    const send = async (method: string, route: string, body: unknown, operator: boolean) =>
      call(api, await api.credential(tenant, operator ? 'operator' : 'admin'), method, route, body);
    // Data for the reads to find first: entries of each kind, a contact's unsubscribe (do-not-contact), topics and
    // an SMS number in the settings.
    const setup: [string, string, unknown][] = [
      [
        'PUT',
        '/v1/settings',
        {
          displayName: 'Acme',
          smsNumbers: ['+15550100123'],
          topics: [{ id: 'news', name: 'News', defaultSubscribed: true }],
        },
      ],
      ['POST', '/v1/suppressions', { values: ['sample@example.com', '+1 212 555 0100', '@competitor.com'] }],
      ['POST', '/v1/contacts/c-roles/unsubscribe', { emails: ['jane@example.com'], doNotContact: true }],
    ];
    for (const [method, route, body] of setup) {
      const response = await send(method, route, body, false);
      expect(response.status, `${method} ${route}: ${await response.clone().text()}`).toBeLessThan(300);
    }
    for (const route of ADMIN_ROUTES) {
      const key = routeKeyOf(route);
      const sample = SAMPLE[key];
      if (!sample) throw new Error(`no sample request for ${key}`);
      const operator = !can('admin', route.permission);
      const response = await send(route.method, sample.path, sample.body, operator);
      // Answered by the use case, not refused for a permission or a malformed request: its reads and writes ran.
      expect(response.status, `${key}: ${await response.clone().text()}`).toBeLessThan(400);
    }

    expect(requestsOutside(sent, grants)).toEqual([]);
    expect(prefixesOf(sent)).toEqual(expect.arrayContaining(['CON', 'ERA', 'SMSNUM', 'STAT', 'SUP', 'TEN']));
  });
});
