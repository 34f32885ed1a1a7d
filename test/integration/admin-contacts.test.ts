import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import {
  type AdminApi,
  type ApiResponse,
  call,
  keyFor,
  startAdminApi,
  suppressAs,
} from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

const errorOf = async (response: ApiResponse) => ({
  status: response.status,
  ...(await response.json()).error,
});

const doNotContactOf = async (tenant: string, contactId: string) =>
  (await api.services.contacts.batchGetDoNotContact(tenant, [contactId])).blocked.get(contactId);

const entryOf = (tenant: string, kind: 'email' | 'phone' | 'linkedin', value: string) =>
  api.services.suppressions.getSuppression(keyFor(api.services, tenant, kind, value));

describe('contact unsubscribe', () => {
  it('sets do-not-contact and blocks every value given, marked as part of it', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'manager', { user: 'maria' });
    const response = await call(api, token, 'POST', '/v1/contacts/crm-42/unsubscribe', {
      doNotContact: true,
      emails: ['Lea@Example.com', 'lea@'],
      phones: ['+1 415 555 0142'],
      linkedinUrls: ['https://www.linkedin.com/in/lea/'],
      note: 'asked on a call',
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.contactId).toBe('crm-42');
    expect(body.doNotContact).toBe('set');
    expect(
      body.results.map((result: { field: string; status: string; value?: string }) => [
        result.field,
        result.status,
        result.value,
      ]),
    ).toEqual([
      ['emails', 'added', 'lea@example.com'],
      ['emails', 'invalid', undefined],
      ['phones', 'added', '+14155550142'],
      ['linkedinUrls', 'added', 'linkedin.com/in/lea'],
    ]);
    expect(await doNotContactOf(tenant, 'crm-42')).toMatchObject({
      liftable: true,
      setBy: { type: 'user', userId: 'maria' },
    });
    expect((await entryOf(tenant, 'email', 'lea@example.com'))?.sources.admin).toMatchObject({
      addedBy: 'maria',
      contactId: 'crm-42',
      detail: { doNotContact: true, note: 'asked on a call' },
    });

    const again = await (
      await call(api, token, 'POST', '/v1/contacts/crm-42/unsubscribe', {
        doNotContact: true,
        emails: ['lea@example.com'],
      })
    ).json();
    expect(again.doNotContact).toBe('already_set');
    expect(again.results[0]).toMatchObject({ status: 'already_suppressed', source: 'admin' });
  });

  it('blocks only the selected values when do-not-contact is not asked', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'admin');
    const body = await (
      await call(api, token, 'POST', '/v1/contacts/c-7/unsubscribe', { emails: ['only@example.com'] })
    ).json();
    expect(body).toMatchObject({ contactId: 'c-7', doNotContact: null });
    expect(await doNotContactOf(tenant, 'c-7')).toBeUndefined();
    const record = (await entryOf(tenant, 'email', 'only@example.com'))?.sources.admin;
    expect(record?.contactId).toBe('c-7');
    expect(record?.detail).toBeUndefined();
  });

  it.each([
    ['do-not-contact without values', { doNotContact: true }, 400, "needs the contact's current"],
    ['nothing to do', { doNotContact: false }, 400, 'nothing to do'],
    ['an unknown field', { doNotContact: true, emails: ['a@b.com'], tenantId: 'x' }, 400, 'tenantId'],
    ['a value list that is not a list', { emails: 'a@b.com' }, 400, 'body.emails'],
    [
      `more than ${ADMIN_LIMITS.contactValuesPerKind} phones`,
      { phones: Array.from({ length: 101 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`) },
      413,
      'phones',
    ],
  ])('refuses %s', async (_name, body, status, message) => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'admin');
    const error = await errorOf(await call(api, token, 'POST', '/v1/contacts/c-1/unsubscribe', body));
    expect(error.status).toBe(status);
    expect(error.message).toContain(message);
    expect(await doNotContactOf(tenant, 'c-1')).toBeUndefined();
  });

  it('refuses a contact id that is not one', async () => {
    const token = await api.credential(uniqueTenant(), 'admin');
    const response = await call(api, token, 'POST', `/v1/contacts/${encodeURIComponent('a b')}/unsubscribe`, {
      emails: ['a@b.com'],
    });
    expect(await errorOf(response)).toMatchObject({
      status: 400,
      message: expect.stringContaining('not a valid contact id'),
    });
  });
});

describe('lifting do-not-contact', () => {
  it('lifts the block and takes off exactly the sources it put on the values', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'manager');
    await call(api, token, 'POST', '/v1/contacts/c-9/unsubscribe', {
      doNotContact: true,
      emails: ['gone@example.com', 'clicked@example.com', 'kept@example.com'],
    });
    // The recipient also unsubscribed one address themselves; a teammate had blocked another one on its own.
    await suppressAs(api.services, tenant, 'clicked@example.com', 'email', 'link');
    const other = await api.credential(tenant, 'manager', { user: 'other-teammate' });
    await call(api, other, 'POST', '/v1/contacts/c-10/unsubscribe', { emails: ['separate@example.com'] });

    const response = await call(api, token, 'DELETE', '/v1/contacts/c-9/do-not-contact');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ contactId: 'c-9', status: 'lifted' });
    const byValue = Object.fromEntries(
      body.values.map((value: { value: string; status: string; sources?: string[] }) => [
        value.value,
        [value.status, value.sources],
      ]),
    );
    expect(byValue).toEqual({
      'gone@example.com': ['removed', undefined],
      'kept@example.com': ['removed', undefined],
      'clicked@example.com': ['still_suppressed', ['link']],
    });
    expect(await doNotContactOf(tenant, 'c-9')).toBeUndefined();
    expect(await entryOf(tenant, 'email', 'gone@example.com')).toBeUndefined();
    expect(Object.keys((await entryOf(tenant, 'email', 'clicked@example.com'))?.sources ?? {})).toEqual([
      'link',
    ]);
    expect(await entryOf(tenant, 'email', 'separate@example.com')).toBeDefined();

    expect(await errorOf(await call(api, token, 'DELETE', '/v1/contacts/c-9/do-not-contact'))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('refuses to lift a block a system rule set, and records the refusal', async () => {
    const tenant = uniqueTenant();
    const at = new Date().toISOString();
    await api.services.contacts.setDoNotContact(
      {
        tenantId: tenant,
        contactId: 'c-sys',
        since: at,
        setBy: { type: 'system', name: 'rule' },
        liftable: false,
      },
      {
        eventId: 'e-sys',
        tenantId: tenant,
        at,
        action: 'do_not_contact_set',
        actor: { type: 'system', name: 'rule' },
        contactId: 'c-sys',
      },
    );
    const token = await api.credential(tenant, 'admin');
    expect(
      await errorOf(await call(api, token, 'DELETE', '/v1/contacts/c-sys/do-not-contact')),
    ).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(await doNotContactOf(tenant, 'c-sys')).toBeDefined();
    const activity = await (await call(api, token, 'GET', '/v1/contacts/c-sys/activity')).json();
    expect(activity.items[0]).toMatchObject({
      action: 'action_refused',
      reason: expect.stringContaining('system rule'),
    });
  });

  it('refuses a body or query on the lift route', async () => {
    const token = await api.credential(uniqueTenant(), 'admin');
    expect((await call(api, token, 'DELETE', '/v1/contacts/c-1/do-not-contact?force=true')).status).toBe(400);
    expect(
      (await call(api, token, 'DELETE', '/v1/contacts/c-1/do-not-contact', { force: true })).status,
    ).toBe(400);
  });
});

describe('a contact activity log', () => {
  it('lists what happened to a contact, newest first, page by page, with proof when the recipient acted', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'viewer');
    const manager = await api.credential(tenant, 'manager', { user: 'maria' });
    await suppressAs(api.services, tenant, 'rec@example.com', 'email', 'link', {
      at: new Date('2026-04-01T10:00:00Z'),
      contactId: 'c-5',
      campaignId: 'spring',
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
    });
    await suppressAs(api.services, tenant, 'rec@example.com', 'email', 'bounce', {
      at: new Date('2026-04-02T10:00:00Z'),
      contactId: 'c-5',
      detail: { bounceType: 'Permanent' },
      ip: '198.51.100.1',
    });
    await call(api, manager, 'POST', '/v1/contacts/c-5/unsubscribe', {
      doNotContact: true,
      phones: ['+14155550155'],
    });
    await suppressAs(api.services, tenant, 'someone@example.com', 'email', 'link', { contactId: 'c-6' });

    const first = await (await call(api, token, 'GET', '/v1/contacts/c-5/activity?limit=2')).json();
    expect(first.items.map((item: { action: string }) => item.action).sort()).toEqual([
      'do_not_contact_set',
      'suppressed',
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    // The rest, page by page (DynamoDB may hand back one last empty page).
    const rest: { action: string; ip?: string }[] = [];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page: { items: typeof rest; nextCursor: string | null } = await (
        await call(
          api,
          token,
          'GET',
          `/v1/contacts/c-5/activity?limit=2&cursor=${encodeURIComponent(cursor)}`,
        )
      ).json();
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(rest).toHaveLength(2);
    const [bounce, link] = rest;
    expect(link).toEqual({
      id: expect.any(String),
      time: '2026-04-01T10:00:00.000Z',
      action: 'suppressed',
      source: 'link',
      actor: { type: 'recipient' },
      values: [{ kind: 'email', value: 'rec@example.com' }],
      campaign: 'spring',
      reason: null,
      detail: null,
      before: null,
      after: ['link'],
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
    });
    // Only a recipient's own action carries IP and user agent.
    expect(bounce).toMatchObject({
      source: 'bounce',
      actor: { type: 'system' },
      detail: { bounceType: 'Permanent' },
    });
    expect(bounce?.ip).toBeUndefined();

    const elsewhere = await call(
      api,
      token,
      'GET',
      `/v1/contacts/c-6/activity?cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    expect(await errorOf(elsewhere)).toMatchObject({ status: 400, code: 'invalid_cursor' });
    expect((await call(api, token, 'GET', '/v1/contacts/c-5/activity?limit=201')).status).toBe(400);
    expect((await (await call(api, token, 'GET', '/v1/contacts/nobody/activity')).json()).items).toEqual([]);
  });
});

describe('statistics', () => {
  it('counts unsubscribes per day by source, and per campaign', async () => {
    const tenant = uniqueTenant();
    const day = (d: number, hour = 12) => new Date(Date.UTC(2026, 4, d, hour));
    await suppressAs(api.services, tenant, 'a@s.example', 'email', 'link', { at: day(1), campaignId: 'may' });
    await suppressAs(api.services, tenant, 'b@s.example', 'email', 'link', {
      at: day(1, 23),
      campaignId: 'may',
    });
    await suppressAs(api.services, tenant, 'c@s.example', 'email', 'bounce', {
      at: day(2),
      campaignId: 'june',
    });
    await suppressAs(api.services, tenant, 'd@s.example', 'email', 'admin', { at: day(3), addedBy: 'maria' });
    await suppressAs(api.services, tenant, 'e@s.example', 'email', 'spam_complaint', {
      at: day(9),
      campaignId: 'may',
    });
    await suppressAs(api.services, tenant, 'f@s.example', 'email', 'link', { at: day(10) });
    const token = await api.credential(tenant, 'viewer');
    const stats = await (await call(api, token, 'GET', '/v1/stats?from=2026-05-01&to=2026-05-09')).json();
    expect(stats.from).toBe('2026-05-01');
    expect(stats.to).toBe('2026-05-09');
    expect(stats.days).toHaveLength(9);
    expect(stats.days[0]).toMatchObject({ date: '2026-05-01', total: 2, bySource: { link: 2, bounce: 0 } });
    expect(stats.days[1]).toMatchObject({ date: '2026-05-02', total: 1, bySource: { bounce: 1 } });
    expect(stats.days[4]).toMatchObject({ date: '2026-05-05', total: 0 });
    expect(stats.totals).toEqual({
      total: 5,
      bySource: {
        link: 2,
        list_unsubscribe: 0,
        admin: 1,
        api: 0,
        bounce: 1,
        spam_complaint: 1,
        legacy: 0,
        sms_stop: 0,
      },
    });
    expect(
      stats.campaigns.map((c: { campaignId: string; total: number }) => [c.campaignId, c.total]),
    ).toEqual([
      ['may', 3],
      ['june', 1],
    ]);
  });

  it.each([
    ['from=2026-01-01&to=2026-04-30', 'at most 93 days'],
    ['from=2026-05-10&to=2026-05-01', 'is after to'],
    ['from=2026-5-1', 'from must be a day'],
    ['to=2026-02-29', 'to must be a day'],
    ['days=7', 'unknown query parameter'],
  ])('refuses %s', async (query, message) => {
    const token = await api.credential(uniqueTenant(), 'viewer');
    const error = await errorOf(await call(api, token, 'GET', `/v1/stats?${query}`));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('covers the last 30 days up to today by default', async () => {
    const token = await api.credential(uniqueTenant(), 'viewer');
    const stats = await (await call(api, token, 'GET', '/v1/stats')).json();
    expect(stats.days).toHaveLength(30);
    expect(stats.to).toBe(new Date().toISOString().slice(0, 10));
  });
});
