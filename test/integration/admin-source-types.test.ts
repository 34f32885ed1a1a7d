import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES, type Source } from '#domain/sources';
import { type AdminApi, call, type SeedEntry, seedEntries, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;
const tenant = uniqueTenant();
let token: string;

beforeAll(async () => {
  api = await startAdminApi();
  token = await api.credential(tenant, 'viewer');
  // One entry per source, two for `link` so that a page of one has a next one.
  const entries: SeedEntry[] = [...SOURCES, 'link' as const].map((source, i) => ({
    value: `${source}-${i}@types.example`,
    kind: 'email',
    source,
    at: new Date(Date.UTC(2026, 2, 1, 12, i)),
  }));
  await seedEntries(api.services, tenant, entries);
});

afterAll(async () => {
  await api?.close();
});

const sourcesListed = async (query: string): Promise<Source[]> => {
  const response = await call(api, token, 'GET', `/v1/suppressions?${query}`);
  expect(response.status).toBe(200);
  const { items } = (await response.json()) as { items: { source: Source }[] };
  return [...new Set(items.map((item) => item.source))].sort();
};

describe('type, the source filters as admins know them', () => {
  it.each([
    ['type=lead', ['link', 'list_unsubscribe']],
    ['type=user', ['admin']],
    ['type=api', ['api']],
    ['type=not_delivered', ['bounce']],
    ['type=abuse', ['spam_complaint']],
    ['type=legacy', ['legacy']],
    ['type=not_delivered,abuse', ['bounce', 'spam_complaint']],
    ['type=user&type=legacy', ['admin', 'legacy']],
    // Combined with source: a union, as several values of either are.
    ['type=user&source=api', ['admin', 'api']],
    ['type=lead&source=link', ['link', 'list_unsubscribe']],
  ])('lists %s as its sources', async (query, expected) => {
    expect(await sourcesListed(query)).toEqual(expected);
  });

  it('exports by type too', async () => {
    const response = await call(api, token, 'GET', '/v1/suppressions/export?type=abuse,not_delivered');
    expect(response.status).toBe(200);
    const [, ...rows] = parse(await response.text()) as string[][];
    expect(rows.map((row) => row[3]).sort()).toEqual(['bounce', 'spam_complaint']);
  });

  it('binds a cursor to the sources a type stands for, so either spelling goes on from it', async () => {
    const first = await (await call(api, token, 'GET', '/v1/suppressions?type=lead&limit=1')).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await call(
      api,
      token,
      'GET',
      `/v1/suppressions?source=list_unsubscribe,link&limit=5&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    expect(next.status).toBe(200);
    expect((await next.json()).items).toHaveLength(2);
  });

  it.each([
    ['/v1/suppressions?type=lemlist'],
    ['/v1/suppressions/export?type=lead,lemlist'],
    ['/v1/stats?type=lemlist'],
  ])('refuses an unknown type, naming it: %s', async (path) => {
    const response = await call(api, token, 'GET', path);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.message).toBe(
      'type "lemlist" is not one of lead, user, api, not_delivered, abuse, legacy, sms',
    );
  });
});
