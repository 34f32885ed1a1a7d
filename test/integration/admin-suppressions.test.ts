import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { SOURCES, type Source } from '#domain/sources';
import { GLOBAL_TENANT } from '#domain/tenant';
import {
  type AdminApi,
  call,
  keyFor,
  type SeedEntry,
  seedEntries,
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

interface Item {
  value: string | null;
  normalizedValue: string | null;
  kind: string;
  source: Source;
  sources: { source: Source; createdAt: string; addedBy: string | null }[];
  scope: string;
  createdAt: string;
  addedBy: string | null;
  campaignId: string | null;
  detail: Record<string, unknown> | null;
  restorable: boolean;
}
interface ListPage {
  items: Item[];
  nextCursor: string | null;
}

const list = async (token: string, query = ''): Promise<ListPage> => {
  const response = await call(api, token, 'GET', `/v1/suppressions${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ListPage;
};

/** Every page of a list, following cursors. */
const listAll = async (token: string, query: string): Promise<Item[]> => {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const page: ListPage = await list(
      token,
      `?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
};

const values = (items: Item[]) => items.map((item) => item.normalizedValue);

const errorOf = async (response: Response) => {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
};

describe('listing suppressions', () => {
  const tenant = uniqueTenant();
  let token: string;

  beforeAll(async () => {
    token = await api.credential(tenant, 'viewer');
    const at = (day: number) => new Date(Date.UTC(2026, 2, day, 12));
    const entries: SeedEntry[] = [
      { value: 'ann@acme.example', kind: 'email', source: 'link', at: at(1), campaignId: 'c-1' },
      { value: 'bob@acme.example', kind: 'email', source: 'admin', at: at(2), addedBy: 'alice' },
      { value: '@acme.example', kind: 'domain', source: 'admin', at: at(3), addedBy: 'bruno' },
      { value: '+14155550100', kind: 'phone', source: 'api', at: at(4), addedBy: 'crm-sync' },
      { value: 'linkedin.com/in/ann-acme', kind: 'linkedin', source: 'admin', at: at(5), addedBy: 'alice' },
      {
        value: 'carl@other.example',
        kind: 'email',
        source: 'bounce',
        at: at(6),
        detail: { bounceType: 'Permanent' },
      },
      { value: 'dora@other.example', kind: 'email', source: 'spam_complaint', at: at(7) },
      { value: 'acme.fan@mail.example', kind: 'email', source: 'list_unsubscribe', at: at(8) },
      { value: 'old@legacy.example', kind: 'email', source: 'legacy', at: at(9) },
    ];
    await seedEntries(api.services, tenant, entries);
  });

  it('lists newest first with every field of an item', async () => {
    const page = await list(token);
    expect(values(page.items)).toEqual([
      'old@legacy.example',
      'acme.fan@mail.example',
      'dora@other.example',
      'carl@other.example',
      'linkedin.com/in/ann-acme',
      '+14155550100',
      '@acme.example',
      'bob@acme.example',
      'ann@acme.example',
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items.find((item) => item.normalizedValue === 'carl@other.example')).toEqual({
      value: 'carl@other.example',
      normalizedValue: 'carl@other.example',
      kind: 'email',
      source: 'bounce',
      sources: [
        {
          source: 'bounce',
          createdAt: '2026-03-06T12:00:00.000Z',
          addedBy: null,
          campaignId: null,
          detail: { bounceType: 'Permanent' },
          restorable: false,
        },
      ],
      scope: 'all',
      createdAt: '2026-03-06T12:00:00.000Z',
      addedBy: null,
      campaignId: null,
      detail: { bounceType: 'Permanent' },
      restorable: false,
    });
    const ann = page.items.find((item) => item.normalizedValue === 'ann@acme.example');
    expect(ann).toMatchObject({ source: 'link', scope: 'marketing', campaignId: 'c-1', restorable: false });
    const bob = page.items.find((item) => item.normalizedValue === 'bob@acme.example');
    expect(bob).toMatchObject({ source: 'admin', addedBy: 'alice', restorable: true, scope: 'all' });
  });

  it.each([
    ['from', 'from=2026-03-08', ['old@legacy.example', 'acme.fan@mail.example']],
    ['to', 'to=2026-03-02', ['bob@acme.example', 'ann@acme.example']],
    [
      'from and to as instants',
      'from=2026-03-04T12:00:00Z&to=2026-03-05T13:00:00%2B01:00',
      ['linkedin.com/in/ann-acme', '+14155550100'],
    ],
    ['one source', 'source=bounce', ['carl@other.example']],
    [
      'several sources, repeated',
      'source=link&source=list_unsubscribe',
      ['acme.fan@mail.example', 'ann@acme.example'],
    ],
    [
      'several sources, comma-separated',
      'source=spam_complaint,legacy',
      ['old@legacy.example', 'dora@other.example'],
    ],
    ['one kind', 'kind=domain', ['@acme.example']],
    ['several kinds', 'kind=phone,linkedin', ['linkedin.com/in/ann-acme', '+14155550100']],
    ['added by', 'addedBy=alice', ['linkedin.com/in/ann-acme', 'bob@acme.example']],
    ['q on an email prefix', 'q=Bo', ['bob@acme.example']],
    ['q on a domain also finds its domain entry', 'q=acme', ['acme.fan@mail.example', '@acme.example']],
    ['q with @ finds the domain entry', 'q=%40acme', ['@acme.example']],
    ['q on phone digits as typed', 'q=%2B1%20415', ['+14155550100']],
    ['q on a LinkedIn URL', 'q=https://www.linkedin.com/in/ann', ['linkedin.com/in/ann-acme']],
    ['blank q', 'q=%20', null],
    ['source and kind', 'source=admin&kind=email,domain', ['@acme.example', 'bob@acme.example']],
    [
      'source, kind, dates and q',
      'source=admin,link&kind=email&from=2026-03-01&to=2026-03-01&q=ann',
      ['ann@acme.example'],
    ],
    ['added by and kind', 'addedBy=alice&kind=linkedin', ['linkedin.com/in/ann-acme']],
    ['a filter nothing matches', 'source=bounce&kind=phone', []],
  ])('filters by %s', async (_name, query, expected) => {
    const items = await listAll(token, query);
    expect(values(items)).toEqual(expected ?? values((await list(token)).items));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=5&limit=6', '"limit" is given 2 times'],
    ['from=2026-02-30', 'from must be a day'],
    ['to=yesterday', 'to must be a day'],
    ['from=2026-03-02T10:00:00', 'from must be a day'],
    ['from=2026-03-05&to=2026-03-01', 'is after to'],
    ['source=unsubscribed', '"unsubscribed" is not one of'],
    ['kind=fax', '"fax" is not one of'],
    [`q=${'a'.repeat(ADMIN_LIMITS.searchLength + 1)}`, 'q is longer'],
    ['addedBy=', 'addedBy must be'],
    ['cursor=', 'cursor is empty'],
  ])('refuses %s with a 400 naming the problem', async (query, message) => {
    const response = await call(api, token, 'GET', `/v1/suppressions?${query}`);
    const error = await errorOf(response);
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('refuses unknown query parameters, naming them', async () => {
    const response = await call(api, token, 'GET', '/v1/suppressions?tenantId=other&sort=asc&limit=5');
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body.error.code).toBe('unknown_parameter');
    expect(body.error.message).toContain('"tenantId", "sort"');
    expect(body.error.details).toEqual({ unknown: ['tenantId', 'sort'] });
  });

  it('refuses a forged, truncated or replayed cursor with 400 invalid_cursor', async () => {
    const first = await list(token, '?limit=2');
    const cursor = first.nextCursor as string;
    const [payload, tag] = cursor.split('.') as [string, string];
    const forgedPosition = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        gsi1pk: 'T#someone-else#SUP',
      }),
    ).toString('base64url');
    const flipped = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
    for (const bad of [
      `${forgedPosition}.${tag}`,
      flipped,
      cursor.slice(0, -3),
      'not-a-cursor',
      `${payload}.`,
      'e30.AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const response = await call(
        api,
        token,
        'GET',
        `/v1/suppressions?limit=2&cursor=${encodeURIComponent(bad)}`,
      );
      expect(await errorOf(response)).toMatchObject({ status: 400, code: 'invalid_cursor' });
    }
    // Bound to the filter: the same cursor with another filter is refused too.
    const other = await call(
      api,
      token,
      'GET',
      `/v1/suppressions?limit=2&kind=email&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(await errorOf(other)).toMatchObject({ status: 400, code: 'invalid_cursor' });
    // And it goes on where it stopped with the same filter.
    const second = await list(token, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(values(second.items)).toEqual(['dora@other.example', 'carl@other.example']);
  });
});

describe('paging through a long list', () => {
  const tenant = uniqueTenant();
  const kinds = ['email', 'phone', 'domain'] as const;

  beforeAll(async () => {
    const base = Date.UTC(2026, 0, 1);
    await seedEntries(
      api.services,
      tenant,
      Array.from({ length: 1200 }, (_, i) => {
        const kind = kinds[i % 3] as (typeof kinds)[number];
        const value =
          kind === 'email'
            ? `page-${i}@example.com`
            : kind === 'phone'
              ? `+1212${String(5_550_000 + i)}`
              : `@page-${i}.example`;
        // Pairs share an instant: the key's tiebreaker keeps their order stable across pages.
        return {
          value,
          kind,
          source: SOURCES[i % SOURCES.length] as Source,
          at: new Date(base + Math.floor(i / 2) * 1000),
        };
      }),
    );
  }, 60_000);

  it('returns each of 1,200 entries exactly once, newest first, across pages of 500', async () => {
    const token = await api.credential(tenant, 'admin');
    const pages: number[] = [];
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: ListPage = await list(
        token,
        `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pages.push(page.items.length);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([500, 500, 200]);
    expect(new Set(values(items)).size).toBe(1200);
    const times = items.map((item) => item.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages a filtered list the same way, without gaps or repeats', async () => {
    const token = await api.credential(tenant, 'admin');
    const items = await listAll(token, 'kind=email&limit=150');
    expect(items).toHaveLength(400);
    expect(new Set(values(items)).size).toBe(400);
    expect(items.every((item) => item.kind === 'email')).toBe(true);
    const admins = await listAll(token, 'source=admin,api&kind=phone,domain&limit=7');
    const expected = Array.from({ length: 1200 }, (_, i) => i).filter(
      (i) => ['admin', 'api'].includes(SOURCES[i % SOURCES.length] as string) && i % 3 !== 0,
    );
    expect(new Set(values(admins)).size).toBe(expected.length);
  });
});

describe('bulk add', () => {
  it('adds JSON values as a teammate (source admin) with the note, one result per value in order', async () => {
    const tenant = uniqueTenant();
    await suppressAs(api.services, tenant, 'unsub@example.com', 'email', 'link');
    const token = await api.credential(tenant, 'manager', { user: 'maria' });
    const response = await call(api, token, 'POST', '/v1/suppressions', {
      values: ['New@Example.com', 'unsub@example.com', 'jane@', 42, '@Example.net', 'new@example.com'],
      note: 'asked by phone',
    });
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results).toEqual([
      { input: 'New@Example.com', status: 'added', value: 'new@example.com', kind: 'email', source: 'admin' },
      {
        input: 'unsub@example.com',
        status: 'already_suppressed',
        value: 'unsub@example.com',
        kind: 'email',
        source: 'link',
        sources: ['link'],
      },
      { input: 'jane@', status: 'invalid', error: '"jane@" is not a valid email: the domain is missing' },
      { input: '42', status: 'invalid', error: expect.stringContaining('expected text') },
      { input: '@Example.net', status: 'added', value: '@example.net', kind: 'domain', source: 'admin' },
      {
        input: 'new@example.com',
        status: 'already_suppressed',
        value: 'new@example.com',
        kind: 'email',
        source: 'admin',
        sources: ['admin'],
      },
    ]);
    const items = (await list(token)).items;
    expect(items.find((item) => item.normalizedValue === 'new@example.com')).toMatchObject({
      value: 'New@Example.com',
      source: 'admin',
      addedBy: 'maria',
      detail: { note: 'asked by phone' },
    });
    // The recipient's own unsubscribe now has the teammate's source beside it, and still comes first.
    expect(
      items.find((item) => item.normalizedValue === 'unsub@example.com')?.sources.map((s) => s.source),
    ).toEqual(['link', 'admin']);
  });

  it('adds text/plain lines as a server credential (source api), skipping blank lines', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'manager', { user: 'crm-sync', type: 'service' });
    const response = await call(
      api,
      token,
      'POST',
      '/v1/suppressions',
      '\n+1 (415) 555-0199\r\n\n   \nhttps://linkedin.com/in/Sam/\nnope\n',
    );
    const { results } = await response.json();
    expect(
      results.map((result: { input: string; status: string; source?: string }) => [
        result.input,
        result.status,
        result.source,
      ]),
    ).toEqual([
      ['+1 (415) 555-0199', 'added', 'api'],
      ['https://linkedin.com/in/Sam/', 'added', 'api'],
      ['nope', 'invalid', undefined],
    ]);
    expect(
      (await list(token)).items.map((item) => [item.normalizedValue, item.source, item.addedBy]),
    ).toEqual(
      expect.arrayContaining([
        ['+14155550199', 'api', 'crm-sync'],
        ['linkedin.com/in/sam', 'api', 'crm-sync'],
      ]),
    );
  });

  it.each([
    [
      'a form post',
      'values=a@b.com',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    ['malformed JSON', '{"values": [', { 'content-type': 'application/json' }, 400, 'invalid_json'],
    ['an empty body', '', { 'content-type': 'application/json' }, 400, 'invalid_json'],
    [
      'an unknown field',
      JSON.stringify({ values: ['a@b.com'], tenantId: 'x' }),
      { 'content-type': 'application/json' },
      400,
      'invalid_input',
    ],
    [
      'values that are not a list',
      JSON.stringify({ values: 'a@b.com' }),
      { 'content-type': 'application/json' },
      400,
      'invalid_input',
    ],
    [
      'an empty list',
      JSON.stringify({ values: [] }),
      { 'content-type': 'application/json' },
      400,
      'invalid_input',
    ],
    [
      'a note too long',
      JSON.stringify({ values: ['a@b.com'], note: 'x'.repeat(1001) }),
      { 'content-type': 'application/json' },
      400,
      'invalid_input',
    ],
    [
      'a JSON body over 1 MB',
      JSON.stringify({ values: ['a@b.com'], note: '', pad: 'x'.repeat(ADMIN_LIMITS.jsonBodyBytes) }),
      { 'content-type': 'application/json' },
      413,
      'payload_too_large',
    ],
    [
      'a text body over 2 MB',
      `a@b.com\n${'x'.repeat(ADMIN_LIMITS.textBodyBytes)}`,
      { 'content-type': 'text/plain' },
      413,
      'payload_too_large',
    ],
  ])('refuses %s and writes nothing', async (_name, body, headers, status, code) => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'admin');
    const response = await fetch(`${api.baseUrl}/v1/suppressions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...headers },
      body,
    });
    expect(await errorOf(response)).toMatchObject({ status, code });
    expect((await list(token)).items).toEqual([]);
  });

  it('names the offending field of a refused body', async () => {
    const token = await api.credential(uniqueTenant(), 'admin');
    const response = await call(api, token, 'POST', '/v1/suppressions', {
      values: ['a@b.com'],
      tenantId: 'x',
    });
    const body = await response.json();
    expect(body.error.message).toContain('tenantId');
    expect(body.error.details.issues[0].field).toBe('body');
  });
});

describe('bulk remove', () => {
  it('applies the restore rules of every source and records every attempt', async () => {
    const tenant = uniqueTenant();
    for (const source of SOURCES)
      await suppressAs(api.services, tenant, `${source}@restore.example`, 'email', source);
    await suppressAs(api.services, tenant, 'both@restore.example', 'email', 'link');
    await suppressAs(api.services, tenant, 'both@restore.example', 'email', 'admin', { addedBy: 'maria' });
    const token = await api.credential(tenant, 'manager');
    const response = await call(api, token, 'POST', '/v1/suppressions/remove', {
      values: [
        ...SOURCES.map((source) => `${source}@restore.example`),
        'both@restore.example',
        'ghost@restore.example',
        'bad value',
      ],
    });
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(
      results.map((result: { status: string; reason?: string }) => [result.status, result.reason]),
    ).toEqual([
      ['not_restorable', 'link'],
      ['not_restorable', 'one-click'],
      ['removed', undefined],
      ['removed', undefined],
      ['not_restorable', 'bounce'],
      ['not_restorable', 'complaint'],
      ['removed', undefined],
      ['not_restorable', 'sms-stop'],
      ['not_restorable', 'link'],
      ['not_found', undefined],
      ['invalid', undefined],
    ]);
    expect(results[8].sources).toEqual(['link']);
    expect(results[10].error).toContain('"bad value"');

    const remaining = (await list(token)).items.map((item) => [
      item.normalizedValue,
      item.sources.map((s) => s.source),
    ]);
    expect(remaining).toEqual(
      expect.arrayContaining([
        ['link@restore.example', ['link']],
        ['both@restore.example', ['link']],
        ['bounce@restore.example', ['bounce']],
      ]),
    );
    expect(remaining).toHaveLength(6);

    const eventsOf = async (value: string) =>
      (
        await api.services.activity.listValueActivityNewestFirst(
          keyFor(api.services, tenant, 'email', value),
          { limit: 10 },
        )
      ).items;
    expect((await eventsOf('admin@restore.example'))[0]).toMatchObject({
      action: 'restored',
      before: ['admin'],
      after: [],
    });
    expect((await eventsOf('bounce@restore.example'))[0]).toMatchObject({
      action: 'restore_refused',
      reason: 'bounce',
    });
    const both = await eventsOf('both@restore.example');
    expect(
      both
        .slice(0, 2)
        .map((event) => event.action)
        .sort(),
    ).toEqual(['restore_refused', 'restored']);
    expect((await eventsOf('ghost@restore.example'))[0]).toMatchObject({
      action: 'restore_refused',
      reason: 'not_found',
    });
  });

  it(`refuses more than ${ADMIN_LIMITS.removeValues} values at once`, async () => {
    const token = await api.credential(uniqueTenant(), 'admin');
    const response = await call(api, token, 'POST', '/v1/suppressions/remove', {
      values: Array.from({ length: ADMIN_LIMITS.removeValues + 1 }, (_, i) => `r${i}@example.com`),
    });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('refuses a body with other fields or no values list', async () => {
    const token = await api.credential(uniqueTenant(), 'admin');
    for (const body of [{ values: ['a@b.com'], force: true }, { value: 'a@b.com' }]) {
      expect((await call(api, token, 'POST', '/v1/suppressions/remove', body)).status).toBe(400);
    }
    expect((await call(api, token, 'POST', '/v1/suppressions/remove', 'a@b.com')).status).toBe(415);
  });
});

describe('check before import', () => {
  it('says which entries block each value: its own, its domain, and the global list', async () => {
    const tenant = uniqueTenant();
    await suppressAs(api.services, tenant, 'jane@acme.example', 'email', 'link', {
      at: new Date('2026-02-01T00:00:00Z'),
    });
    await suppressAs(api.services, tenant, '@acme.example', 'domain', 'admin', { addedBy: 'maria' });
    await suppressAs(api.services, GLOBAL_TENANT, 'jane@acme.example', 'email', 'spam_complaint');
    await suppressAs(api.services, GLOBAL_TENANT, '@blocked-everywhere.example', 'domain', 'legacy');
    await suppressAs(api.services, tenant, '+14155550123', 'phone', 'api');
    const token = await api.credential(tenant, 'viewer');
    const response = await call(api, token, 'POST', '/v1/suppressions/check', {
      values: [
        'Jane@ACME.example',
        'other@acme.example',
        'x@blocked-everywhere.example',
        'free@example.com',
        '+1 415 555 0123',
        '@acme.example',
        'garbage',
      ],
    });
    expect(response.status).toBe(200);
    const { results } = await response.json();
    const summary = results.map(
      (result: { suppressed: boolean; matches: { value: string; source: string; global?: boolean }[] }) => [
        result.suppressed,
        result.matches.map((match) => `${match.value}:${match.source}${match.global ? ':global' : ''}`),
      ],
    );
    expect(summary).toEqual([
      [true, ['jane@acme.example:link', '@acme.example:admin', 'jane@acme.example:spam_complaint:global']],
      [true, ['@acme.example:admin']],
      [true, ['@blocked-everywhere.example:legacy:global']],
      [false, []],
      [true, ['+14155550123:api']],
      [true, ['@acme.example:admin']],
      [false, []],
    ]);
    expect(results[0]).toMatchObject({
      input: 'Jane@ACME.example',
      value: 'jane@acme.example',
      kind: 'email',
    });
    expect(results[0].matches[0]).toEqual({
      value: 'jane@acme.example',
      kind: 'email',
      source: 'link',
      sources: ['link'],
      scope: 'marketing',
      createdAt: '2026-02-01T00:00:00.000Z',
    });
    expect(results[6].error).toContain('"garbage" is not a valid entry');
  });

  it('covers subdomains with a wildcard domain entry, through add, list, search, check, export and remove', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'manager', { user: 'maria' });
    const added = await call(api, token, 'POST', '/v1/suppressions', {
      values: ['@*.Competitor.com', '@competitor.org', '@*.a.b.c.d.competitor.com', '@*.com'],
    });
    expect((await added.json()).results).toEqual([
      {
        input: '@*.Competitor.com',
        status: 'added',
        value: '@*.competitor.com',
        kind: 'domain',
        source: 'admin',
      },
      {
        input: '@competitor.org',
        status: 'added',
        value: '@competitor.org',
        kind: 'domain',
        source: 'admin',
      },
      {
        input: '@*.a.b.c.d.competitor.com',
        status: 'invalid',
        error:
          '"@*.a.b.c.d.competitor.com" is not a valid domain: a wildcard may cover a domain of at most 5 labels after *., this one has 6; use a shorter one (like @*.b.c.d.competitor.com) or the exact domain',
      },
      {
        input: '@*.com',
        status: 'invalid',
        error:
          '"@*.com" is not a valid domain: a wildcard needs a domain of two labels at least after *. (like @*.example.com)',
      },
    ]);

    const searched = (await list(token, '?q=competitor.com')).items;
    expect(searched.map((item) => [item.normalizedValue, item.value, item.kind])).toEqual([
      ['@*.competitor.com', '@*.Competitor.com', 'domain'],
    ]);

    const check = async () => {
      const response = await call(api, token, 'POST', '/v1/suppressions/check', {
        values: [
          'a@competitor.com',
          'a@eu.competitor.com',
          'a@x.eu.competitor.com',
          'a@notcompetitor.com',
          '@eu.competitor.com',
          'a@eu.competitor.org',
        ],
      });
      return (await response.json()).results.map((result: { matches: { value: string }[] }) =>
        result.matches.map((match) => match.value),
      );
    };
    const wildcard = ['@*.competitor.com'];
    expect(await check()).toEqual([wildcard, wildcard, wildcard, [], wildcard, []]);

    const rows = (await (await call(api, token, 'GET', '/v1/suppressions/export')).text()).split('\r\n');
    // `*` is an operator, so the cell is neutralized like any other formula start; the console's import strips it.
    expect(rows.some((row) => row.startsWith("'@*.competitor.com,domain,"))).toBe(true);

    const removed = await call(api, token, 'POST', '/v1/suppressions/remove', {
      values: ['@*.competitor.com'],
    });
    expect((await removed.json()).results).toMatchObject([{ status: 'removed' }]);
    expect(await check()).toEqual([[], [], [], [], [], []]);
  });

  it(`refuses more than ${ADMIN_LIMITS.checkValues} values`, async () => {
    const token = await api.credential(uniqueTenant(), 'viewer');
    const response = await call(api, token, 'POST', '/v1/suppressions/check', {
      values: Array.from({ length: ADMIN_LIMITS.checkValues + 1 }, (_, i) => `c${i}@x.io`),
    });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });
});
