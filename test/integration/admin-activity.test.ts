import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminApi, type ApiResponse, call, startAdminApi, suppressAs } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

interface Item {
  id: string;
  time: string;
  action: string;
  source: string | null;
  actor: { type: string; userId?: string; clientId?: string; name?: string };
  values: { kind: string; value: string | null }[];
  campaign: string | null;
  reason: string | null;
  before: string[] | null;
  after: string[] | null;
  ip?: string;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const errorOf = async (response: ApiResponse) => ({
  status: response.status,
  ...(await response.json()).error,
});

const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 5, day, hour));

describe('the tenant activity timeline', () => {
  const tenant = uniqueTenant();
  const other = uniqueTenant();
  let viewer: string;

  beforeAll(async () => {
    viewer = await api.credential(tenant, 'viewer', { user: 'vera' });
    // A recipient's unsubscribe, SES feedback, a teammate's bulk add and removal, a refused action: one of each.
    await suppressAs(api.services, tenant, 'rec@example.com', 'email', 'link', {
      at: at(1),
      contactId: 'c-1',
      campaignId: 'june',
      ip: '203.0.113.9',
    });
    await suppressAs(api.services, tenant, 'bounced@example.com', 'email', 'bounce', { at: at(2) });
    await suppressAs(api.services, tenant, 'maria@example.com', 'email', 'admin', {
      at: at(3),
      addedBy: 'maria',
    });
    const manager = await api.credential(tenant, 'manager', { user: 'maria' });
    expect(
      (await call(api, manager, 'POST', '/v1/suppressions', { values: ['bulk@example.com'] })).status,
    ).toBe(200);
    expect(
      (await call(api, manager, 'POST', '/v1/suppressions/remove', { values: ['bulk@example.com'] })).status,
    ).toBe(200);
    expect((await call(api, viewer, 'POST', '/v1/suppressions', { values: ['no@example.com'] })).status).toBe(
      403,
    );
    // The same values and ids in another tenant, which must never show.
    await suppressAs(api.services, other, 'rec@example.com', 'email', 'link', {
      at: at(1),
      contactId: 'c-1',
    });
    await suppressAs(api.services, other, 'x@example.com', 'email', 'admin', { at: at(3), addedBy: 'maria' });
  });

  const get = async (query: string, token = viewer): Promise<Page> => {
    const response = await call(api, token, 'GET', `/v1/activity${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };

  it('lists every event of the tenant, newest first, shaped like a contact activity item', async () => {
    const { items, nextCursor } = await get('');
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.action)).toEqual([
      'action_refused',
      'restored',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
    ]);
    const times = items.map((item) => item.time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items[0]).toMatchObject({
      actor: { type: 'user', userId: 'vera' },
      reason: expect.stringContaining('POST /v1/suppressions'),
    });
    expect(items[1]).toMatchObject({
      source: 'admin',
      actor: { type: 'user', userId: 'maria' },
      values: [{ kind: 'email', value: 'bulk@example.com' }],
      before: ['admin'],
      after: [],
    });
    expect(items.at(-1)).toEqual({
      id: expect.any(String),
      time: '2026-06-01T12:00:00.000Z',
      action: 'suppressed',
      source: 'link',
      actor: { type: 'recipient' },
      values: [{ kind: 'email', value: 'rec@example.com' }],
      campaign: 'june',
      reason: null,
      detail: null,
      before: null,
      after: ['link'],
      ip: '203.0.113.9',
    });
    expect(JSON.stringify(items)).not.toContain('x@example.com');
  });

  it('filters by range, actions and actor', async () => {
    const range = await get('?from=2026-06-02&to=2026-06-03T23:00:00Z');
    expect(range.items.map((item) => item.values[0]?.value)).toEqual([
      'maria@example.com',
      'bounced@example.com',
    ]);
    expect((await get('?to=2026-06-01')).items.map((item) => item.source)).toEqual(['link']);
    expect((await get('?from=2026-06-04')).items.map((item) => item.action)).toEqual([
      'action_refused',
      'restored',
      'suppressed',
    ]);

    const actions = ['?action=restored,action_refused', '?action=restored&action=action_refused'];
    for (const query of actions) {
      expect((await get(query)).items.map((item) => item.action)).toEqual(['action_refused', 'restored']);
    }

    const byMaria = (await get('?actor=maria')).items;
    expect(byMaria.map((item) => [item.action, item.values[0]?.value])).toEqual([
      ['restored', 'bulk@example.com'],
      ['suppressed', 'bulk@example.com'],
      ['suppressed', 'maria@example.com'],
    ]);
    expect((await get('?actor=recipient')).items.map((item) => item.source)).toEqual(['link']);
    expect((await get('?actor=system')).items.map((item) => item.source)).toEqual(['bounce']);
    // A system component by its name, and a user that does not exist.
    expect((await get('?actor=test')).items.map((item) => item.source)).toEqual(['bounce']);
    expect((await get('?actor=nobody')).items).toEqual([]);
    expect((await get('?actor=user&action=suppressed')).items).toHaveLength(2);
  });

  it('pages through the timeline exactly once, with a cursor bound to tenant and filter', async () => {
    const whole = (await get('?limit=500')).items.map((item) => item.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await get(`?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(paged).toEqual(whole);

    const first = await get('?limit=2');
    const cursorParam = `cursor=${encodeURIComponent(first.nextCursor ?? '')}`;
    const next = await get(`?limit=2&${cursorParam}`);
    expect(next.items.map((item) => item.id)).toEqual(whole.slice(2, 4));
    expect(
      await errorOf(await call(api, viewer, 'GET', `/v1/activity?action=suppressed&${cursorParam}`)),
    ).toMatchObject({ status: 400, code: 'invalid_cursor' });
    const otherViewer = await api.credential(other, 'viewer');
    expect(await errorOf(await call(api, otherViewer, 'GET', `/v1/activity?${cursorParam}`))).toMatchObject({
      status: 400,
      code: 'invalid_cursor',
    });
  });

  it('shows another tenant only its own events', async () => {
    const otherViewer = await api.credential(other, 'viewer');
    const { items } = await get('', otherViewer);
    expect(items.map((item) => item.values[0]?.value)).toEqual(['x@example.com', 'rec@example.com']);
    expect(JSON.stringify(items)).not.toMatch(/bulk@|maria@example|bounced@|203\.0\.113\.9/);
  });

  it.each([
    ['limit=0', 'limit must be a whole number from 1 to 500'],
    ['limit=501', 'limit must be a whole number from 1 to 500'],
    ['limit=ten', 'limit must be a whole number'],
    ['cursor=', 'cursor is empty'],
    ['cursor=abc.def', 'the cursor is not valid'],
    ['tenantId=x', 'unknown query parameter "tenantId"'],
    ['action=deleted', 'action "deleted" is not one of'],
    ['actor=', 'actor must be one of'],
    ['actor=a&actor=b', 'given 2 times'],
    ['from=2026-06-05&to=2026-06-01', 'is after to'],
    ['from=yesterday', 'from must be a day'],
  ])('refuses %s', async (query, message) => {
    const error = await errorOf(await call(api, viewer, 'GET', `/v1/activity?${query}`));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});

describe('the history of one value', () => {
  const tenant = uniqueTenant();
  const other = uniqueTenant();
  let viewer: string;

  beforeAll(async () => {
    viewer = await api.credential(tenant, 'viewer');
    await suppressAs(api.services, tenant, 'lea@example.com', 'email', 'link', {
      at: at(1),
      contactId: 'c-lea',
      ip: '203.0.113.7',
    });
    const manager = await api.credential(tenant, 'manager', { user: 'maria' });
    await call(api, manager, 'POST', '/v1/suppressions', { values: ['Lea@Example.com'] });
    await call(api, manager, 'POST', '/v1/suppressions/remove', { values: ['lea@example.com'] });
    await suppressAs(api.services, tenant, 'someone-else@example.com', 'email', 'bounce', { at: at(2) });
    // The same value in another tenant, with its own history.
    await suppressAs(api.services, other, 'lea@example.com', 'email', 'spam_complaint', { at: at(3) });
  });

  const history = (body: unknown, token = viewer) =>
    call(api, token, 'POST', '/v1/suppressions/history', body);

  it('lists everything that happened to the value, newest first, whatever form it is written in', async () => {
    const response = await history({ value: '  LEA@example.COM ' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.value).toBe('lea@example.com');
    expect(body.kind).toBe('email');
    expect(body.nextCursor).toBeNull();
    const rows = body.items.map((item: Item) => [item.action, item.source, item.after]);
    // The removal's two events share its instant, so their order is their ids'.
    expect(rows.slice(0, 2)).toEqual(
      expect.arrayContaining([
        ['restore_refused', null, ['link']],
        ['restored', 'admin', ['link']],
      ]),
    );
    expect(rows.slice(2)).toEqual([
      ['suppressed', 'admin', ['admin']],
      ['suppressed', 'link', ['link']],
    ]);
    expect(body.items.at(-1)).toMatchObject({ actor: { type: 'recipient' }, ip: '203.0.113.7' });
    expect(JSON.stringify(body)).not.toContain('spam_complaint');
  });

  it('pages through the history exactly once, limit and cursor in the body', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await (
        await history({ value: 'lea@example.com', limit: 3, ...(cursor ? { cursor } : {}) })
      ).json();
      seen.push(...page.items.map((item: Item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    const whole = (await (await history({ value: 'lea@example.com' })).json()).items.map(
      (item: Item) => item.id,
    );
    expect(seen).toEqual(whole);
    expect(new Set(seen).size).toBe(4);

    const first = await (await history({ value: 'lea@example.com', limit: 1 })).json();
    expect(
      await errorOf(await history({ value: 'someone-else@example.com', cursor: first.nextCursor })),
    ).toMatchObject({ status: 400, code: 'invalid_cursor' });
    const otherViewer = await api.credential(other, 'viewer');
    expect(
      await errorOf(await history({ value: 'lea@example.com', cursor: first.nextCursor }, otherViewer)),
    ).toMatchObject({ status: 400, code: 'invalid_cursor' });
  });

  it("shows another tenant only its own history of the same value, and an unknown value's as empty", async () => {
    const otherViewer = await api.credential(other, 'viewer');
    const body = await (await history({ value: 'lea@example.com' }, otherViewer)).json();
    expect(body.items.map((item: Item) => item.source)).toEqual(['spam_complaint']);
    expect(JSON.stringify(body)).not.toMatch(/maria|203\.0\.113\.7/);
    const none = await (await history({ value: '+1 415 555 0100' })).json();
    expect(none).toEqual({ value: '+14155550100', kind: 'phone', items: [], nextCursor: null });
  });

  it.each([
    ['an invalid value', { value: 'lea@' }, '"lea@" is not a valid email'],
    ['a value of no known kind', { value: 'hello' }, '"hello" is not a valid entry'],
    ['no value', {}, 'body.value'],
    ['a value that is not text', { value: 42 }, 'body.value'],
    ['limit 0', { value: 'lea@example.com', limit: 0 }, 'body.limit'],
    ['limit 501', { value: 'lea@example.com', limit: 501 }, 'body.limit'],
    ['a limit that is not a number', { value: 'lea@example.com', limit: '10' }, 'body.limit'],
    ['a forged cursor', { value: 'lea@example.com', cursor: 'abc.def' }, 'the cursor is not valid'],
    ['an unknown field', { value: 'lea@example.com', tenantId: 'x' }, 'tenantId'],
  ])('refuses %s', async (_name, body, message) => {
    const error = await errorOf(await history(body));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('names the invalid value in the one issue format, and takes nothing in the query string', async () => {
    const error = await errorOf(await history({ value: 'lea@' }));
    expect(error.details.issues).toEqual([
      { field: 'body.value', message: expect.stringContaining('"lea@"') },
    ]);
    const query = await errorOf(
      await call(api, viewer, 'POST', '/v1/suppressions/history?value=lea@example.com', {
        value: 'lea@example.com',
      }),
    );
    expect(query).toMatchObject({ status: 400, code: 'unknown_parameter' });
    expect((await call(api, viewer, 'POST', '/v1/suppressions/history', 'lea@example.com')).status).toBe(415);
  });
});
