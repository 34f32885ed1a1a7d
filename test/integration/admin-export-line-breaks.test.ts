import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '#app/export-suppressions';
import { type AdminApi, call, startAdminApi, suppressAs } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

/**
 * A strict CSV reader, as Python's csv module and spreadsheets read a file: RFC 4180 quotes (`""` for a quote),
 * and outside quotes a row ends at CR, LF or CRLF alike, so a bare CR in an unquoted cell starts a new row.
 * Refuses what RFC 4180 does not allow (text after a closing quote, a quote inside an unquoted cell, an
 * unterminated quote) instead of guessing.
 */
const strictCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const endRow = () => {
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
      if (i < text.length && !/[,\r\n]/.test(text[i] as string))
        throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && !/[,\r\n]/.test(text[i] as string)) {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted cell at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
      if (i === text.length) row.push('');
    } else if (text[i] === '\r') {
      i += text[i + 1] === '\n' ? 2 : 1;
      endRow();
    } else if (text[i] === '\n') {
      i++;
      endRow();
    }
  }
  if (row.length > 0) endRow();
  return rows;
};

/** What a spreadsheet would run: a formula character first, unless the cell is a plain domain entry. */
const runnable = (cell: string) => /^[=+\-@\t\r\n]/.test(cell) && !/^@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(cell);

let api: AdminApi;
const tenant = uniqueTenant();
const at = new Date('2026-02-01T00:00:00.000Z');

beforeAll(async () => {
  api = await startAdminApi();
  // Seeded through the repository, as a component that predates the edge rules (or a bug in one) could have
  // written them: the edge now refuses every one of these.
  await suppressAs(api.services, tenant, 'cr-campaign@example.com', 'email', 'link', {
    at,
    campaignId: 'y\r=1+2',
  });
  await suppressAs(api.services, tenant, 'cr-added-by@example.com', 'email', 'admin', {
    at: new Date(at.getTime() + 1000),
    addedBy: 'bob\r=2+2',
    detail: { note: 'n\r=3+3' },
  });
  await suppressAs(api.services, tenant, 'lf-campaign@example.com', 'email', 'api', {
    at: new Date(at.getTime() + 2000),
    campaignId: 'x\n-4+4',
    addedBy: 'eve\r\n@SUM(1+1)',
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('the CSV export, read as spreadsheets read it', () => {
  it('quotes every cell holding CR or LF, so no row break hides an unneutralized formula', async () => {
    const token = await api.credential(tenant, 'viewer');
    const response = await call(api, token, 'GET', '/v1/suppressions/export');
    expect(response.status).toBe(200);
    const text = await response.text();

    const [header, ...rows] = strictCsv(text);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toHaveLength(EXPORT_COLUMNS.length);
      for (const cell of row) expect(runnable(cell), JSON.stringify(cell)).toBe(false);
    }
    const byValue = new Map(rows.map((row) => [row[0], row]));
    expect(byValue.get('cr-campaign@example.com')?.[5]).toBe('y\r=1+2');
    expect(byValue.get('cr-added-by@example.com')?.[4]).toBe('bob\r=2+2');
    expect(byValue.get('cr-added-by@example.com')?.[6]).toBe(JSON.stringify({ note: 'n\r=3+3' }));
    expect(byValue.get('lf-campaign@example.com')?.slice(4, 6)).toEqual(['eve\r\n@SUM(1+1)', 'x\n-4+4']);
  });

  it('has a reader strict enough to see the attack: a bare CR in an unquoted cell is a row break', () => {
    expect(strictCsv('a,y\r=1+2\r\n')).toEqual([['a', 'y'], ['=1+2']]);
    expect(strictCsv('a,"y\r=1+2"\r\nb,c\n')).toEqual([
      ['a', 'y\r=1+2'],
      ['b', 'c'],
    ]);
    expect(() => strictCsv('"a"b\r\n')).toThrow(/after a closing quote/);
  });
});
