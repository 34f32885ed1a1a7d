import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '#domain/activity';
import { GLOBAL_TENANT } from '#domain/tenant';
import { simulatedSnsEvent } from '../../local/simulate';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';

/*
 * Consented re-subscribe, the global list's own operators, and values that hold several addresses: over real
 * HTTP against the whole local service (admin API, filter) on DynamoDB Local.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService();
});

afterAll(async () => {
  await service?.close();
});

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

const send = async (token: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : {};
  return { status: response.status, body: json, text };
};

/** Stored events of a tenant about one value, newest first. */
const eventsAbout = async (tenantId: string, value: string): Promise<ActivityEvent[]> =>
  ((await service.tenantItems(tenantId)).events as unknown as ActivityEvent[])
    .filter((event) => event.value === value)
    .sort((a, b) => b.at.localeCompare(a.at));

const sourcesOf = async (tenantId: string, value: string) =>
  (await service.tenantItems(tenantId)).entries.find((entry) => entry.value === value)?.srcs;

/** A recipient who unsubscribed through a link and by one-click, and complained: all they own. */
const recipientOwned = async (tenant: string, email: string) => {
  const link = await send(await service.credential(tenant, 'manager'), 'POST', '/v1/unsubscribe-links', {
    contactId: 'c-1',
    email,
  });
  const url = String(link.body.url);
  await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=unsubscribe',
  });
  await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
};

const consent = { evidence: 'Signed form #4711, kept in the CRM', obtainedAt: '2026-11-30T10:00:00Z' };

describe('consented re-subscribe', () => {
  it('lifts what the recipient owns with their consent, and keeps the proof in the activity log', async () => {
    const tenant = uniqueTenant();
    await recipientOwned(tenant, 'jane@consent.example');
    const admin = await service.credential(tenant, 'admin');

    const { status, body } = await send(admin, 'POST', '/v1/suppressions/remove', {
      values: ['Jane@Consent.example'],
      consent,
    });

    expect(status).toBe(200);
    expect(body.results).toEqual([
      {
        input: 'Jane@Consent.example',
        value: 'jane@consent.example',
        kind: 'email',
        status: 'removed',
        consent: true,
      },
    ]);
    expect(await sourcesOf(tenant, 'jane@consent.example')).toBeUndefined();
    const [restored] = await eventsAbout(tenant, 'jane@consent.example');
    expect(restored).toMatchObject({
      action: 'restored',
      actor: { type: 'user', userId: 'admin-user' },
      consent: { evidence: consent.evidence, obtainedAt: '2026-11-30T10:00:00.000Z' },
      after: [],
    });
    expect([...(restored?.before ?? [])].sort()).toEqual(['link', 'list_unsubscribe']);
  });

  it('without consent leaves what the recipient owns, as before, and audits the refusal', async () => {
    const tenant = uniqueTenant();
    await recipientOwned(tenant, 'kept@consent.example');
    const { body } = await send(
      await service.credential(tenant, 'admin'),
      'POST',
      '/v1/suppressions/remove',
      {
        values: ['kept@consent.example'],
      },
    );
    expect(body.results).toEqual([
      expect.objectContaining({
        status: 'not_restorable',
        reason: 'link',
        sources: ['link', 'list_unsubscribe'],
      }),
    ]);
    expect((await eventsAbout(tenant, 'kept@consent.example'))[0]?.action).toBe('restore_refused');
  });

  it('lifts a bounce only with the reason address_verified, never with consent alone', async () => {
    const tenant = uniqueTenant();
    const admin = await service.credential(tenant, 'admin');
    const bounced = 'bounced@consent.example';
    // A bounce on the tenant's list, as SES feedback would write it.
    const sns = await fetch(`${service.baseUrl}/_local/sns/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(simulatedSnsEvent('bounce', bounced, tenant)),
    });
    expect(sns.status).toBe(200);
    expect(await sourcesOf(tenant, bounced)).toEqual(new Set(['bounce']));

    const withConsent = await send(admin, 'POST', '/v1/suppressions/remove', { values: [bounced], consent });
    expect(withConsent.body.results).toEqual([
      expect.objectContaining({ status: 'not_restorable', reason: 'bounce' }),
    ]);
    expect(await sourcesOf(tenant, bounced)).toEqual(new Set(['bounce']));

    const verified = await send(admin, 'POST', '/v1/suppressions/remove', {
      values: [bounced],
      reason: 'address_verified',
    });
    expect(verified.body.results).toEqual([expect.objectContaining({ status: 'removed' })]);
    expect(await sourcesOf(tenant, bounced)).toBeUndefined();
    expect((await eventsAbout(tenant, bounced))[0]).toMatchObject({
      action: 'restored',
      reason: 'address_verified',
      before: ['bounce'],
    });
  });

  it('refuses consent from a manager with 403 and an audited refusal, changing nothing', async () => {
    const tenant = uniqueTenant();
    await recipientOwned(tenant, 'm@consent.example');
    const manager = await service.credential(tenant, 'manager');
    const { status, body } = await send(manager, 'POST', '/v1/suppressions/remove', {
      values: ['m@consent.example'],
      consent,
    });
    expect(status).toBe(403);
    expect(body.error?.message).toContain('lift with_consent');
    expect(await sourcesOf(tenant, 'm@consent.example')).toEqual(new Set(['link', 'list_unsubscribe']));
    const { events } = await service.tenantItems(tenant);
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'action_refused', actor: { type: 'user', userId: 'manager-user' } }),
    );
  });

  it.each([
    ['no evidence', { obtainedAt: '2026-11-30T10:00:00Z' }, 'body.consent.evidence'],
    ['blank evidence', { evidence: '   ', obtainedAt: '2026-11-30T10:00:00Z' }, 'body.consent.evidence'],
    ['no date', { evidence: 'form' }, 'body.consent.obtainedAt'],
    [
      'a date that is not ISO 8601',
      { evidence: 'form', obtainedAt: '30/11/2026' },
      'body.consent.obtainedAt',
    ],
    [
      'a date in the future',
      { evidence: 'form', obtainedAt: '2999-01-01T00:00:00Z' },
      'body.consent.obtainedAt',
    ],
    ['an unknown field', { evidence: 'form', obtainedAt: '2026-11-30T10:00:00Z', by: 'me' }, 'body.consent'],
  ])('answers 400 for a consent with %s, naming the field, and changes nothing', async (_, given, field) => {
    const tenant = uniqueTenant();
    await recipientOwned(tenant, 'bad@consent.example');
    const { status, body } = await send(
      await service.credential(tenant, 'admin'),
      'POST',
      '/v1/suppressions/remove',
      {
        values: ['bad@consent.example'],
        consent: given,
      },
    );
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
    expect(await sourcesOf(tenant, 'bad@consent.example')).toEqual(new Set(['link', 'list_unsubscribe']));
  });

  it('refuses a reason other than address_verified', async () => {
    const tenant = uniqueTenant();
    const { status, body } = await send(
      await service.credential(tenant, 'admin'),
      'POST',
      '/v1/suppressions/remove',
      {
        values: ['x@consent.example'],
        reason: 'because',
      },
    );
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/^body\.reason: /);
  });
});

describe('the global list and its operators', () => {
  it('lets an operator add, list, export and remove on the global list, audited with their identity', async () => {
    const operator = await service.credential('acme', 'operator');
    const value = `${uniqueTenant()}@global.example`;

    const added = await send(operator, 'POST', '/v1/global/suppressions', {
      values: [value],
      note: 'abuse desk',
    });
    expect(added.status).toBe(200);
    expect(added.body.results).toEqual([expect.objectContaining({ status: 'added', source: 'admin' })]);
    expect(await sourcesOf(GLOBAL_TENANT, value)).toEqual(new Set(['admin']));
    expect((await eventsAbout(GLOBAL_TENANT, value))[0]).toMatchObject({
      action: 'suppressed',
      actor: { type: 'user', userId: 'operator-user' },
    });

    const listed = await send(operator, 'GET', `/v1/global/suppressions?q=${encodeURIComponent(value)}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ value })]);

    const exported = await send(
      operator,
      'GET',
      `/v1/global/suppressions/export?q=${encodeURIComponent(value)}`,
    );
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(`${value},email,`);

    const removed = await send(operator, 'POST', '/v1/global/suppressions/remove', { values: [value] });
    expect(removed.body.results).toEqual([expect.objectContaining({ status: 'removed' })]);
    expect(await sourcesOf(GLOBAL_TENANT, value)).toBeUndefined();
    expect((await eventsAbout(GLOBAL_TENANT, value))[0]).toMatchObject({
      action: 'restored',
      actor: { type: 'user', userId: 'operator-user' },
    });
  });

  it("blocks what an operator adds for every tenant's pre-send filter", async () => {
    const operator = await service.credential('acme', 'operator');
    const value = `${uniqueTenant()}@everywhere.example`;
    await send(operator, 'POST', '/v1/global/suppressions', { values: [value] });
    for (const tenant of [uniqueTenant(), uniqueTenant()]) {
      const response = await fetch(`${service.baseUrl}/_local/invoke/filter`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          tenantId: tenant,
          campaignId: 'c-1',
          category: 'marketing',
          channels: ['email'],
          template: COMPLIANT_TEMPLATE,
          recipients: [{ contactId: 'c1', email: value }],
        }),
      });
      const run = (await response.json()) as { summary: { byReason: Record<string, number> } };
      expect(run.summary.byReason).toEqual({ global_suppression: 1 });
    }
  });

  it('gives a tenant credential, even an admin, 403 on every global route', async () => {
    const tenant = uniqueTenant();
    const admin = await service.credential(tenant, 'admin');
    for (const [method, path, body] of [
      ['GET', '/v1/global/suppressions'],
      ['POST', '/v1/global/suppressions', { values: ['t@global.example'] }],
      ['POST', '/v1/global/suppressions/remove', { values: ['t@global.example'] }],
      ['GET', '/v1/global/suppressions/export'],
    ] as const) {
      const response = await send(admin, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await sourcesOf(GLOBAL_TENANT, 't@global.example')).toBeUndefined();
  });

  it("gives an operator credential 403 on every tenant route, whatever tenant it names, and no tenant's data", async () => {
    const tenant = uniqueTenant();
    await recipientOwned(tenant, 'private@tenant.example');
    const operator = await service.credential(tenant, 'operator');
    for (const [method, path, body] of [
      ['GET', '/v1/suppressions'],
      ['POST', '/v1/suppressions', { values: ['o@tenant.example'] }],
      ['POST', '/v1/suppressions/remove', { values: ['private@tenant.example'], consent }],
      ['POST', '/v1/suppressions/check', { values: ['private@tenant.example'] }],
      ['GET', '/v1/suppressions/export'],
      ['GET', '/v1/contacts/c-1/activity'],
      ['GET', '/v1/stats'],
    ] as const) {
      const response = await send(operator, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.text).not.toContain('private@tenant.example');
    }
    expect(await sourcesOf(tenant, 'private@tenant.example')).toEqual(new Set(['link', 'list_unsubscribe']));
    expect(await sourcesOf(tenant, 'o@tenant.example')).toBeUndefined();
    // Its refusals are the global list's, never written into the tenant it named.
    expect(
      (await service.tenantItems(tenant)).events.some((event) => event.action === 'action_refused'),
    ).toBe(false);
  });
});

describe('a value holding several addresses', () => {
  it('is invalid in a bulk add, never silently the last address', async () => {
    const tenant = uniqueTenant();
    const { body } = await send(await service.credential(tenant, 'manager'), 'POST', '/v1/suppressions', {
      values: ['Jane <jane@x.example>, John <john@x.example>', 'ok@x.example'],
    });
    expect(body.results).toEqual([
      expect.objectContaining({
        status: 'invalid',
        error: expect.stringContaining('holds several addresses'),
      }),
      expect.objectContaining({ status: 'added', value: 'ok@x.example' }),
    ]);
    const { entries } = await service.tenantItems(tenant);
    expect(entries.map((entry) => entry.value)).toEqual(['ok@x.example']);
  });
});
