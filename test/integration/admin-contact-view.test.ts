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

const errorOf = async (response: ApiResponse) => ({
  status: response.status,
  ...(await response.json()).error,
});

describe('a contact at a glance', () => {
  const tenant = uniqueTenant();
  const other = uniqueTenant();
  let viewer: string;
  let manager: string;

  beforeAll(async () => {
    viewer = await api.credential(tenant, 'viewer');
    manager = await api.credential(tenant, 'manager', { user: 'maria' });
    // The recipient unsubscribed one address from a link; SES bounced another, tagged with the contact.
    await suppressAs(api.services, tenant, 'lea@example.com', 'email', 'link', {
      at: new Date('2026-04-01T10:00:00Z'),
      contactId: 'c-lea',
    });
    await suppressAs(api.services, tenant, 'old@example.com', 'email', 'bounce', {
      at: new Date('2026-04-02T10:00:00Z'),
      contactId: 'c-lea',
    });
    // A teammate blocked a phone for the contact, then lifted it with a bulk remove.
    await call(api, manager, 'POST', '/v1/contacts/c-lea/unsubscribe', { phones: ['+1 415 555 0142'] });
    await call(api, manager, 'POST', '/v1/suppressions/remove', { values: ['+14155550142'] });
    // A bulk add of the recipient's address, which names no contact, joins the link on the same entry.
    await call(api, manager, 'POST', '/v1/suppressions', { values: ['lea@example.com'] });
    // A value suppressed without naming the contact is not the contact's as far as Quietlist knows.
    await call(api, manager, 'POST', '/v1/suppressions', { values: ['unrelated@example.com'] });
  });

  const view = async (contactId: string, token = viewer) => {
    const response = await call(api, token, 'GET', `/v1/contacts/${encodeURIComponent(contactId)}`);
    expect(response.status).toBe(200);
    return response.json();
  };

  it('shows the values its activity names, each with its state now, most recently concerned first', async () => {
    const body = await view('c-lea');
    expect(body).toEqual({
      contactId: 'c-lea',
      doNotContact: false,
      doNotContactSince: null,
      values: [
        { value: '+14155550142', kind: 'phone', suppressed: false, sources: [], scope: null },
        { value: 'old@example.com', kind: 'email', suppressed: true, sources: ['bounce'], scope: 'all' },
        {
          value: 'lea@example.com',
          kind: 'email',
          suppressed: true,
          sources: ['link', 'admin'],
          scope: 'all',
        },
      ],
      lastActivityAt: expect.any(String),
    });
    const activity = await (await call(api, viewer, 'GET', '/v1/contacts/c-lea/activity?limit=1')).json();
    expect(body.lastActivityAt).toBe(activity.items[0].time);
    expect(JSON.stringify(body)).not.toContain('unrelated@');
  });

  it('shows do-not-contact and its date, and follows a lift', async () => {
    const before = Date.now();
    await call(api, manager, 'POST', '/v1/contacts/c-dnc/unsubscribe', {
      doNotContact: true,
      emails: ['dnc@example.com'],
    });
    const blocked = await view('c-dnc');
    expect(blocked).toMatchObject({
      doNotContact: true,
      values: [
        { value: 'dnc@example.com', kind: 'email', suppressed: true, sources: ['admin'], scope: 'all' },
      ],
    });
    expect(Date.parse(blocked.doNotContactSince)).toBeGreaterThanOrEqual(before - 1000);
    expect(blocked.lastActivityAt >= blocked.doNotContactSince).toBe(true);

    await call(api, manager, 'DELETE', '/v1/contacts/c-dnc/do-not-contact');
    expect(await view('c-dnc')).toMatchObject({
      doNotContact: false,
      doNotContactSince: null,
      values: [{ value: 'dnc@example.com', suppressed: false, sources: [], scope: null }],
    });
  });

  it('knows a contact by any event, even a refused action, and answers 404 only when nothing is known', async () => {
    expect(
      (await call(api, viewer, 'POST', '/v1/contacts/c-refused/unsubscribe', { emails: ['x@y.com'] })).status,
    ).toBe(403);
    expect(await view('c-refused')).toEqual({
      contactId: 'c-refused',
      doNotContact: false,
      doNotContactSince: null,
      values: [],
      lastActivityAt: expect.any(String),
    });
    expect(await errorOf(await call(api, viewer, 'GET', '/v1/contacts/c-nobody'))).toMatchObject({
      status: 404,
      code: 'not_found',
      message: expect.stringContaining('nothing is known about contact "c-nobody"'),
    });
  });

  it("never shows another tenant's contact of the same id", async () => {
    const otherManager = await api.credential(other, 'manager');
    await call(api, otherManager, 'POST', '/v1/contacts/c-lea/unsubscribe', {
      doNotContact: true,
      emails: ['lea@example.com', 'b-only@example.com'],
    });
    await call(api, otherManager, 'POST', '/v1/contacts/c-b/unsubscribe', { emails: ['b@example.com'] });
    const mine = await view('c-lea');
    expect(mine.doNotContact).toBe(false);
    expect(mine.values.map((value: { value: string }) => value.value)).not.toContain('b-only@example.com');
    expect(mine.values.find((value: { value: string }) => value.value === 'lea@example.com').sources).toEqual(
      ['link', 'admin'],
    );
    const theirs = await view('c-lea', await api.credential(other, 'viewer'));
    expect(theirs.doNotContact).toBe(true);
    // Both values were blocked in one request, at one instant: their order is their events' ids'.
    expect(theirs.values).toHaveLength(2);
    expect(theirs.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: 'b-only@example.com', sources: ['admin'] }),
        expect.objectContaining({ value: 'lea@example.com', sources: ['admin'] }),
      ]),
    );
    expect((await call(api, viewer, 'GET', '/v1/contacts/c-b')).status).toBe(404);
  });

  it.each([
    [`/v1/contacts/${encodeURIComponent('a b')}`, 'not a valid contact id'],
    ['/v1/contacts/c-lea?include=values', 'unknown query parameter "include"'],
  ])('refuses %s', async (path, message) => {
    const error = await errorOf(await call(api, viewer, 'GET', path));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});
