import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminApi, call, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

/** Issue 14, part 3: a workspace claims its SMS numbers in its settings; a number belongs to one workspace. */

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(() => api?.close());

const put = async (tenant: string, body: unknown) =>
  call(api, await api.credential(tenant, 'admin', { user: 'maria' }), 'PUT', '/v1/settings', body);

/** A number no other test file uses: claims are global to the table, not per tenant. */
const uniqueNumber = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

describe('smsNumbers in the settings', () => {
  it('are stored sorted without repeats, shown by GET, and an unchanged list is no change', async () => {
    const tenant = uniqueTenant();
    const [a, b] = [uniqueNumber(), uniqueNumber()].sort();
    const response = await put(tenant, { smsNumbers: [b, a, ` ${a} `] });
    expect(response.status).toBe(200);
    expect((await response.json()).smsNumbers).toEqual([a, b]);
    expect((await put(tenant, { smsNumbers: [a, b] })).status).toBe(200);
    expect(await api.services.smsNumberOwners.findSmsNumberOwner(a as string)).toBe(tenant);
  });

  it("answers 409, naming the number, for another workspace's number, and writes nothing", async () => {
    const [owner, other] = [uniqueTenant(), uniqueTenant()];
    const taken = uniqueNumber();
    const free = uniqueNumber();
    expect((await put(owner, { smsNumbers: [taken] })).status).toBe(200);
    const refused = await put(other, { smsNumbers: [free, taken], displayName: 'Other' });
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(taken) });
    expect(body.error.message).not.toContain(owner);
    // All or nothing: neither the free number nor the other field was written.
    expect(await api.services.smsNumberOwners.findSmsNumberOwner(free)).toBeUndefined();
    const settings = await (
      await call(api, await api.credential(other, 'admin'), 'GET', '/v1/settings')
    ).json();
    expect(settings).toMatchObject({ smsNumbers: null, displayName: null });
  });

  it('releases a number removed from the list (or cleared), so another workspace may claim it', async () => {
    const [first, second] = [uniqueTenant(), uniqueTenant()];
    const number = uniqueNumber();
    expect((await put(first, { smsNumbers: [number] })).status).toBe(200);
    expect((await put(first, { smsNumbers: null })).status).toBe(200);
    expect(await api.services.smsNumberOwners.findSmsNumberOwner(number)).toBeUndefined();
    expect((await put(second, { smsNumbers: [number] })).status).toBe(200);
    expect(await api.services.smsNumberOwners.findSmsNumberOwner(number)).toBe(second);
  });

  it.each([
    ['a national number', ['5550100'], 'E.164'],
    ['letters', ['+1 555 CALL'], 'E.164'],
    ['not a list', '+15550100123', 'list'],
    ['too many', Array.from({ length: 21 }, (_, i) => `+1555010${String(i).padStart(4, '0')}`), 'at most 20'],
  ])('refuses %s with 400 naming smsNumbers', async (_name, smsNumbers, hint) => {
    const response = await put(uniqueTenant(), { smsNumbers });
    expect(response.status).toBe(400);
    const text = JSON.stringify(await response.json());
    expect(text).toContain('smsNumbers');
    expect(text).toContain(hint);
  });
});
