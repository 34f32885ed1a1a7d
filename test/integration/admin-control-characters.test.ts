import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminApi, call, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;
const tenant = uniqueTenant();
const RULE = 'must not hold control characters (line breaks, tabs and the like): U+000D at character 2';

beforeAll(async () => {
  api = await startAdminApi();
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('the admin API refuses control characters at the edge, naming the field', () => {
  it('bulk add: a note holding one is a 400 on body.note, and nothing is added', async () => {
    const token = await api.credential(tenant, 'manager');
    const refused = await call(api, token, 'POST', '/v1/suppressions', {
      values: ['note-cr@example.com'],
      note: 'n\r=1+2',
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toBe(`body.note: ${RULE}`);
    const list = await call(api, token, 'GET', '/v1/suppressions?q=note-cr');
    expect((await list.json()).items).toEqual([]);

    const accepted = await call(api, token, 'POST', '/v1/suppressions', {
      values: ['note-ok@example.com'],
      note: 'asked by phone – été',
    });
    expect(accepted.status).toBe(200);
  });

  it('contact unsubscribe: a note holding one is a 400 on body.note', async () => {
    const token = await api.credential(tenant, 'manager');
    const response = await call(api, token, 'POST', '/v1/contacts/c-1/unsubscribe', {
      emails: ['contact-cr@example.com'],
      note: 'n\n=1+2',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(`body.note: ${RULE.replace('U+000D', 'U+000A')}`);
  });

  it('stats and runs: a campaignId holding one is a 400 naming it', async () => {
    const token = await api.credential(tenant, 'viewer');
    const stats = await call(api, token, 'GET', `/v1/stats?campaignId=${encodeURIComponent('y\r=1+2')}`);
    expect(stats.status).toBe(400);
    expect((await stats.json()).error.message).toBe(`query.campaignId: ${RULE}`);
    const runs = await call(api, token, 'GET', `/v1/campaigns/${encodeURIComponent('y\r=1+2')}/runs`);
    expect(runs.status).toBe(400);
    expect((await runs.json()).error.message).toBe(`path.campaignId: ${RULE}`);
  });

  it('a credential whose sub holds one is a 401 saying why', async () => {
    const token = await api.credential(tenant, 'admin', { user: 'bob\r=2+2' });
    const response = await call(api, token, 'GET', '/v1/suppressions');
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toBe(
      `the credential's subject (sub) ${RULE.replace('character 2', 'character 4')}`,
    );
  });
});
