import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { identityOf } from '../../console/src/lib/claims';
import { parseConfig } from '../../console/src/lib/config';
import {
  chunked,
  countCsvRecords,
  joinCsvParts,
  linesOf,
  parseCsv,
  valuesFromFile,
} from '../../console/src/lib/csv';
import { describeAdd, describeCheck, describeRemove, labelsOf, tally } from '../../console/src/lib/describe';
import {
  apiQueryOf,
  filtersFrom,
  NO_FILTERS,
  pageQueryOf,
  TYPE_OPTIONS,
} from '../../console/src/lib/filters';

/** An unsigned JWT with these claims: the console reads claims, the API checks signatures. */
const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"HS256"}', JSON.stringify(claims), 'sig']
    .map((part) => Buffer.from(part).toString('base64url'))
    .join('.');

describe('console: the identity a token names', () => {
  const claims = { sub: 'maria', 'quietlist:tenant': 'acme', 'quietlist:role': 'manager' };

  it('reads sub, tenant and role, and the expiry in milliseconds', () => {
    expect(identityOf(jwt({ ...claims, exp: 2_000_000_000 }), 0)).toEqual({
      ok: true,
      identity: { subject: 'maria', tenant: 'acme', role: 'manager', expiresAt: 2_000_000_000_000 },
    });
    expect(identityOf(`  ${jwt({ ...claims, name: 'Jérôme' })}\n`)).toMatchObject({ ok: true });
  });

  it('says what is wrong: not a token, a missing claim, an unknown role, expired', () => {
    expect(identityOf('hello')).toMatchObject({ ok: false, error: expect.stringContaining('not a token') });
    expect(identityOf('a.b')).toMatchObject({ ok: false });
    expect(identityOf('aaa.!!!.ccc')).toMatchObject({ ok: false });
    expect(identityOf(jwt({ ...claims, sub: undefined }))).toMatchObject({
      error: expect.stringContaining('sub claim'),
    });
    expect(identityOf(jwt({ ...claims, 'quietlist:tenant': '' }))).toMatchObject({
      error: expect.stringContaining('quietlist:tenant'),
    });
    expect(identityOf(jwt({ ...claims, 'quietlist:role': 'owner' }))).toMatchObject({
      error: expect.stringContaining('"owner"'),
    });
    expect(identityOf(jwt({ ...claims, exp: 1_000 }), 2_000_000)).toMatchObject({
      error: 'This token expired on 1970-01-01 00:16 UTC: get a new one.',
    });
  });
});

describe('console: config.json', () => {
  it('takes an API URL (trailing slash dropped) and an optional identity provider', () => {
    expect(parseConfig({ apiUrl: 'http://127.0.0.1:3000/' })).toEqual({
      ok: true,
      config: { apiUrl: 'http://127.0.0.1:3000' },
    });
    expect(
      parseConfig({
        apiUrl: 'https://api.example.com',
        oidc: { issuer: 'https://id.example.com', clientId: 'console', token: 'access' },
      }),
    ).toEqual({
      ok: true,
      config: {
        apiUrl: 'https://api.example.com',
        oidc: { issuer: 'https://id.example.com', clientId: 'console', token: 'access' },
      },
    });
  });

  it('names the field that is wrong', () => {
    expect(parseConfig([])).toMatchObject({ ok: false, error: 'config.json is not a JSON object.' });
    expect(parseConfig({ apiUrl: 'ftp://x' })).toMatchObject({ error: expect.stringContaining('apiUrl') });
    expect(parseConfig({ apiUrl: 'https://a', oidc: { issuer: 'nope', clientId: 'x' } })).toMatchObject({
      error: expect.stringContaining('oidc.issuer'),
    });
    expect(parseConfig({ apiUrl: 'https://a', oidc: { issuer: 'https://i', clientId: ' ' } })).toMatchObject({
      error: expect.stringContaining('oidc.clientId'),
    });
    expect(
      parseConfig({ apiUrl: 'https://a', oidc: { issuer: 'https://i', clientId: 'c', token: 'refresh' } }),
    ).toMatchObject({ error: expect.stringContaining('oidc.token') });
  });
});

describe('console: filters', () => {
  it('maps the labels admins know onto source sets, and kinds onto kind', () => {
    const query = (type: string) => apiQueryOf({ ...NO_FILTERS, type }).toString();
    expect(query('lead')).toBe('source=link%2Clist_unsubscribe');
    expect(query('user')).toBe('source=admin');
    expect(query('api')).toBe('source=api');
    expect(query('not-delivered')).toBe('source=bounce');
    expect(query('abuse')).toBe('source=spam_complaint');
    expect(query('linkedin')).toBe('kind=linkedin');
    expect(query('')).toBe('');
    expect(TYPE_OPTIONS.map((option) => option.label)).toEqual([
      'API',
      'Not delivered',
      'Lead',
      'User',
      'Abuse',
      'Email',
      'Domain',
      'Phone',
      'LinkedIn',
    ]);
  });

  it('sends trimmed text, whole days only, and nothing for blank fields', () => {
    const query = apiQueryOf({
      q: '  Jane ',
      from: '2026-03-01',
      to: '2026-3-2',
      type: '',
      addedBy: ' maria ',
    });
    expect(Object.fromEntries(query)).toEqual({ q: 'Jane', from: '2026-03-01', addedBy: 'maria' });
  });

  it('keeps the filters in the page address and reads them back, dropping what is not valid', () => {
    const filters = { q: 'jane', from: '2026-03-01', to: '', type: 'lead', addedBy: '' };
    expect(pageQueryOf(filters)).toBe('?q=jane&from=2026-03-01&type=lead');
    expect(filtersFrom(pageQueryOf(filters))).toEqual(filters);
    expect(pageQueryOf(NO_FILTERS)).toBe('');
    expect(filtersFrom('?type=owner&from=yesterday&q=x')).toEqual({ ...NO_FILTERS, q: 'x' });
  });
});

describe('console: CSV', () => {
  const header = 'value,kind,created_at,source,added_by,campaign_id,detail\r\n';

  it('joins export parts into one CSV with one header row', () => {
    const first = `${header}a@x.com,email,2026-01-01T00:00:00.000Z,admin,u,,\r\n`;
    const second = `${header}"b@x.com",email,2026-01-01T00:00:00.000Z,admin,u,,"{""note"":""two\r\nlines""}"\r\n`;
    const joined = joinCsvParts([first, second, header]);
    const rows = parse(joined, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.value)).toEqual(['a@x.com', 'b@x.com']);
    expect(rows[1]?.detail).toBe('{"note":"two\r\nlines"}');
    expect(countCsvRecords(joined)).toBe(3);
    expect(countCsvRecords(header)).toBe(1);
    expect(countCsvRecords('')).toBe(0);
    expect(countCsvRecords('a,b')).toBe(1);
  });

  it('parses RFC 4180 records', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"f\ng",h\n')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['f\ng', 'h'],
    ]);
    expect(parseCsv('x')).toEqual([['x']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads the values of a file: lines of a .txt, the value column of a .csv', () => {
    expect(valuesFromFile('list.txt', '\uFEFFa@x.com\r\n\n  @y.com  \n')).toEqual(['a@x.com', '@y.com']);
    // A Quietlist export back in: the value column, formula-neutralized cells restored.
    expect(
      valuesFromFile(
        'export.csv',
        `${header}a@x.com,email,t,admin,u,,\r\n'+33612345678,phone,t,admin,u,,\r\n@y.com,domain,t,admin,u,,\r\n`,
      ),
    ).toEqual(['a@x.com', '+33612345678', '@y.com']);
    expect(valuesFromFile('crm.CSV', 'Name,Email\nJane,jane@x.com\nJohn,\n')).toEqual(['jane@x.com']);
    expect(valuesFromFile('plain.csv', 'a@x.com,1\nb@x.com,2\n')).toEqual(['a@x.com', 'b@x.com']);
  });

  it('splits textboxes into values and long lists into calls', () => {
    expect(linesOf(' a \r\n\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('console: results in words', () => {
  it('describes each add answer', () => {
    expect(
      describeAdd({
        input: 'Jane@X.com',
        status: 'added',
        value: 'jane@x.com',
        kind: 'email',
        source: 'admin',
      }),
    ).toEqual({ input: 'Jane@X.com', tone: 'ok', outcome: 'Added', detail: 'email, recorded as jane@x.com' });
    expect(
      describeAdd({
        input: 'a@x.com',
        status: 'already_suppressed',
        source: 'link',
        sources: ['link', 'admin'],
      }),
    ).toMatchObject({ outcome: 'Already suppressed', detail: 'by Lead, User' });
    expect(describeAdd({ input: 'nope', status: 'invalid', error: 'not an email' })).toMatchObject({
      tone: 'error',
      outcome: 'Invalid',
      detail: 'not an email',
    });
  });

  it('gives every refusal its reason, and the consent path only to who has it and where it helps', () => {
    const refused = {
      input: 'a@x.com',
      status: 'not_restorable',
      reason: 'one-click',
      sources: ['list_unsubscribe'],
    } as const;
    expect(describeRemove(refused).detail).toBe(
      "the recipient unsubscribed with their mail client's unsubscribe button (still held by Lead); only the recipient can undo it",
    );
    expect(describeRemove(refused, true).detail).toMatch(/or an admin with their written consent$/);
    expect(
      describeRemove({ input: 'b@x.com', status: 'not_restorable', reason: 'bounce' }, true).detail,
    ).toBe('the address bounced');
    expect(describeRemove({ input: 'c@x.com', status: 'removed', consent: true }).detail).toBe(
      "with the recipient's consent",
    );
    expect(describeRemove({ input: 'd@x.com', status: 'not_found' }).outcome).toBe('Not found');
  });

  it('says what blocks a checked value, on which list and since when', () => {
    expect(
      describeCheck({
        input: 'A@x.com',
        value: 'a@x.com',
        kind: 'email',
        suppressed: true,
        matches: [
          {
            value: '@x.com',
            kind: 'domain',
            source: 'admin',
            sources: ['admin'],
            scope: 'all',
            createdAt: '2026-03-01T10:00:00Z',
          },
          {
            value: 'a@x.com',
            kind: 'email',
            source: 'bounce',
            sources: ['bounce'],
            scope: 'all',
            createdAt: '2026-03-02T10:00:00Z',
            global: true,
          },
        ],
      }).detail,
    ).toBe(
      'by @x.com, User on your list since 1 Mar 2026; Not delivered on the global list since 2 Mar 2026',
    );
    expect(describeCheck({ input: 'b@x.com', suppressed: false, matches: [] }).outcome).toBe('Not blocked');
  });

  it('counts outcomes for the status line', () => {
    expect(labelsOf(['link', 'list_unsubscribe', 'admin'])).toBe('Lead, User');
    const lines = [
      describeAdd({ input: 'a', status: 'added' }),
      describeAdd({ input: 'b', status: 'added' }),
      describeAdd({ input: 'c', status: 'invalid', error: 'x' }),
    ];
    expect(tally(lines)).toBe('2 added, 1 invalid');
  });
});
