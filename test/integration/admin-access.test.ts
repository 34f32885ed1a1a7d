import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '#domain/roles';
import { GLOBAL_TENANT } from '#domain/tenant';
import { ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';
import { type AdminApi, call, keyFor, startAdminApi, suppressAs } from '../support/admin-api';
import { SAMPLE } from '../support/admin-samples';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

describe('authentication', () => {
  it.each(ADMIN_ROUTES.map((route) => [routeKeyOf(route), route] as const))(
    '%s answers 401 without a valid credential',
    async (key, route) => {
      const sample = SAMPLE[key];
      if (!sample) throw new Error(`no sample for ${key}`);
      for (const authorization of [undefined, 'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz']) {
        const response = await fetch(`${api.baseUrl}${sample.path}`, {
          method: route.method,
          headers: authorization ? { authorization } : {},
        });
        expect(response.status).toBe(401);
      }
    },
  );

  it('refuses a verified credential that names the global list, or no role, as 401', async () => {
    expect(
      (await call(api, await api.credential('_global', 'admin'), 'GET', '/v1/suppressions')).status,
    ).toBe(401);
    const { mintDevCredential } = await import('../../local/dev-credentials');
    const noRole = await mintDevCredential(
      { tenant: 'acme', role: 'owner' as Role, user: 'x' },
      api.devJwtSecret,
    );
    expect((await call(api, noRole, 'GET', '/v1/suppressions')).status).toBe(401);
  });

  it('refuses, as API Gateway does, a credential without an expiry, and one that lives over a day', async () => {
    const { SignJWT } = await import('jose');
    const { DEV_AUDIENCE, DEV_ISSUER } = await import('../../local/dev-credentials');
    const sign = (lifetime: string | undefined) => {
      const jwt = new SignJWT({ 'quietlist:tenant': 'acme', 'quietlist:role': 'admin' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('eve')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt();
      return (lifetime === undefined ? jwt : jwt.setExpirationTime(lifetime)).sign(
        Buffer.from(api.devJwtSecret, 'base64'),
      );
    };
    expect((await call(api, await sign(undefined), 'GET', '/v1/suppressions')).status).toBe(401);
    expect((await call(api, await sign('25h'), 'GET', '/v1/suppressions')).status).toBe(401);
    expect((await call(api, await sign('23h'), 'GET', '/v1/suppressions')).status).toBe(200);
  });

  it('refuses a credential signed with another key', async () => {
    const { mintDevCredential } = await import('../../local/dev-credentials');
    const forged = await mintDevCredential(
      { tenant: 'acme', role: 'admin', user: 'eve' },
      Buffer.alloc(32, 9).toString('base64'),
    );
    expect((await call(api, forged, 'GET', '/v1/suppressions')).status).toBe(401);
  });
});

describe('the local runtime', () => {
  it('serves every admin route, as npm start does', async () => {
    const { localRoutes } = await import('../../local/routes');
    const routes = await localRoutes({
      tableName: api.table.tableName,
      endpoint: api.table.endpoint,
      baseUrl: 'http://127.0.0.1:3000',
      secretsDir: await mkdtemp(path.join(tmpdir(), 'quietlist-routes-')),
    });
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    expect(keys).toEqual(expect.arrayContaining(ADMIN_ROUTES.map(routeKeyOf)));
  });
});

describe('roles', () => {
  const cases = ADMIN_ROUTES.flatMap((route) =>
    ROLES.map((role) => [routeKeyOf(route), role, route.permission] as const),
  );

  it.each(cases)('%s as %s', async (key, role, permission) => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, role, { user: `${role}-1` });
    const sample = SAMPLE[key] as { path: string; body?: unknown };
    const route = ADMIN_ROUTES.find((candidate) => routeKeyOf(candidate) === key);
    if (key.startsWith('DELETE') || key === 'GET /v1/contacts/{contactId}') {
      // Something to lift (or a contact to show), so an allowed call can succeed.
      const manager = await api.credential(tenant, 'manager');
      await call(api, manager, 'POST', '/v1/contacts/c-roles/unsubscribe', {
        doNotContact: true,
        emails: ['r@example.com'],
      });
    }
    const response = await call(api, token, route?.method ?? 'GET', sample.path, sample.body);
    if (can(role as Role, permission)) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(403);
    const { error } = await response.json();
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(`role "${role}" may not`);
    // The refusal is in the activity log: the contact's for contact routes, the tenant's timeline for the others;
    // an operator's, whose credential names the global list, in the global list's.
    const owner = role === 'operator' ? GLOBAL_TENANT : tenant;
    const events = key.includes('{contactId}')
      ? (await api.services.activity.listContactActivityNewestFirst(owner, 'c-roles', { limit: 10 })).items
      : (await api.services.activity.listTenantActivityNewestFirst(owner, { limit: 10 })).items;
    expect(events.find((event) => event.action === 'action_refused')).toMatchObject({
      actor: { type: 'user', userId: `${role}-1` },
      reason: expect.stringContaining(key),
    });
  });

  it('lets a viewer read but changes nothing when a viewer tries to add', async () => {
    const tenant = uniqueTenant();
    const viewer = await api.credential(tenant, 'viewer');
    await call(api, viewer, 'POST', '/v1/suppressions', 'blocked@example.com');
    expect(
      await api.services.suppressions.getSuppression(
        keyFor(api.services, tenant, 'email', 'blocked@example.com'),
      ),
    ).toBeUndefined();
  });
});

describe('tenant isolation', () => {
  const a = uniqueTenant();
  const b = uniqueTenant();
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    tokenA = await api.credential(a, 'admin');
    tokenB = await api.credential(b, 'admin');
    await call(api, tokenB, 'POST', '/v1/suppressions', {
      values: ['b-only@example.com', 'shared@example.com'],
    });
    await call(api, tokenB, 'POST', '/v1/contacts/shared-contact/unsubscribe', {
      doNotContact: true,
      emails: ['b-contact@example.com'],
    });
    await suppressAs(api.services, b, 'b-link@example.com', 'email', 'link', {
      contactId: 'shared-contact',
      campaignId: 'b-camp',
    });
  });

  const bValues = ['b-only@example.com', 'shared@example.com', 'b-contact@example.com', 'b-link@example.com'];

  it("cannot list or export another tenant's entries", async () => {
    const listed = await (await call(api, tokenA, 'GET', '/v1/suppressions?limit=500')).json();
    expect(listed.items).toEqual([]);
    const exported = await (await call(api, tokenA, 'GET', '/v1/suppressions/export')).text();
    expect(exported.trim()).toBe('value,kind,created_at,source,added_by,campaign_id,detail');
    for (const value of bValues) expect(exported).not.toContain(value);
  });

  it("cannot see another tenant's entries in a check", async () => {
    const { results } = await (
      await call(api, tokenA, 'POST', '/v1/suppressions/check', { values: bValues })
    ).json();
    expect(results.map((result: { suppressed: boolean }) => result.suppressed)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("adds to its own list only, never to another tenant's entry", async () => {
    const { results } = await (
      await call(api, tokenA, 'POST', '/v1/suppressions', { values: ['shared@example.com'] })
    ).json();
    expect(results[0].status).toBe('added');
    const bEntry = await api.services.suppressions.getSuppression(
      keyFor(api.services, b, 'email', 'shared@example.com'),
    );
    expect(bEntry?.version).toBe(1);
    expect(bEntry?.sources.admin?.addedBy).toBe('admin-user');
  });

  it("cannot remove another tenant's entries", async () => {
    const { results } = await (
      await call(api, tokenA, 'POST', '/v1/suppressions/remove', { values: ['b-only@example.com'] })
    ).json();
    expect(results[0].status).toBe('not_found');
    expect(
      await api.services.suppressions.getSuppression(keyFor(api.services, b, 'email', 'b-only@example.com')),
    ).toBeDefined();
  });

  it("cannot set or lift another tenant's do-not-contact, nor read its contact activity", async () => {
    expect((await call(api, tokenA, 'DELETE', '/v1/contacts/shared-contact/do-not-contact')).status).toBe(
      404,
    );
    expect(
      (await api.services.contacts.batchGetDoNotContact(b, ['shared-contact'])).blocked.has('shared-contact'),
    ).toBe(true);

    const activity = await (await call(api, tokenA, 'GET', '/v1/contacts/shared-contact/activity')).json();
    expect(activity.items).toEqual([]);

    await call(api, tokenA, 'POST', '/v1/contacts/shared-contact/unsubscribe', {
      doNotContact: true,
      emails: ['a@example.com'],
    });
    const bActivity = await (await call(api, tokenB, 'GET', '/v1/contacts/shared-contact/activity')).json();
    expect(JSON.stringify(bActivity)).not.toContain('a@example.com');
    await call(api, tokenA, 'DELETE', '/v1/contacts/shared-contact/do-not-contact');
    expect(
      (await api.services.contacts.batchGetDoNotContact(b, ['shared-contact'])).blocked.has('shared-contact'),
    ).toBe(true);
  });

  it('counts only its own unsubscribes in statistics', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const statsA = await (await call(api, tokenA, 'GET', `/v1/stats?from=${today}&to=${today}`)).json();
    const statsB = await (await call(api, tokenB, 'GET', `/v1/stats?from=${today}&to=${today}`)).json();
    expect(statsB.totals.total).toBe(4);
    expect(statsB.campaigns).toEqual([expect.objectContaining({ campaignId: 'b-camp' })]);
    expect(statsA.campaigns).toEqual([]);
    expect(statsA.totals.total).toBe(2);
  });

  it("cannot replay another tenant's cursor", async () => {
    const page = await (await call(api, tokenB, 'GET', '/v1/suppressions?limit=1')).json();
    const response = await call(
      api,
      tokenA,
      'GET',
      `/v1/suppressions?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`,
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_cursor');
  });

  it('takes the tenant from the credential only, never from the request', async () => {
    expect((await call(api, tokenA, 'GET', `/v1/suppressions?tenantId=${b}`)).status).toBe(400);
    expect(
      (
        await call(api, tokenA, 'POST', '/v1/suppressions/check', {
          values: ['b-only@example.com'],
          tenantId: b,
        })
      ).status,
    ).toBe(400);
  });
});
