import { stringify } from 'csv-stringify/sync';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { type SuppressionSearch, suppressionCursorBinding, toListFilter } from '#app/suppression-search';
import { neutralizeCsvCell } from '#domain/csv-cell';
import { decodeCursor, encodeCursor } from '#domain/cursor';
import { sourcesOldestFirst } from '#domain/entry-sources';
import { erasedLabel } from '#domain/erasure';
import type { SourceRecord, SuppressionEntry } from '#domain/suppression';

/** The export's columns, in order: its header row. */
export const EXPORT_COLUMNS = [
  'value',
  'kind',
  'created_at',
  'source',
  'added_by',
  'campaign_id',
  'detail',
] as const;

/**
 * RFC 4180 records (CRLF), quoting only where a cell needs it: a comma, a quote, or **any** CR or LF.
 * `csv-stringify` alone quotes a cell only for the whole record delimiter (`\r\n`), so a cell holding a bare `\r`
 * or `\n` would go out unquoted and a reader that breaks rows on either (Python's csv module, spreadsheets) would
 * start a new row inside it, with a cell (`=1+2`) that escaped neutralization. `quoted_match` closes that.
 */
const csv = (rows: readonly (readonly string[])[]): string =>
  stringify(rows as string[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });

/**
 * The `added_by` cell: the person as their credential named them, then their id, when a name or email is known
 * (`Maria Silva <maria@example.com> (u-1)`, `Maria Silva (u-1)`, `maria@example.com (u-1)`; the id is left out
 * when it is that name or address); else the id alone, as before; empty for recipients and SES.
 */
export const addedByCell = (
  record: Pick<SourceRecord, 'addedBy' | 'addedByName' | 'addedByEmail'>,
): string => {
  const { addedBy: id, addedByName: name, addedByEmail: email } = record;
  const person = name !== undefined && email !== undefined ? `${name} <${email}>` : (name ?? email);
  if (person === undefined) return id ?? '';
  return id === undefined || id === name || id === email ? person : `${person} (${id})`;
};

/**
 * The CSV rows of one entry: one per source holding it, oldest first, so every row is one source's whole record
 * (when, who, which campaign, why) and nothing is merged away. `value` is the normalized value (the form that is
 * matched, and that imports back unchanged); once erased, `[erased]` and the start of its keyed hash (`erasedLabel`),
 * which an import refuses as invalid rather than reading as a value. Every cell is made spreadsheet-safe.
 */
export const exportRowsOf = (entry: SuppressionEntry): string[][] =>
  sourcesOldestFirst(entry).map(({ source, record }) =>
    [
      entry.value ?? erasedLabel(entry.valueHash),
      entry.kind,
      record.at,
      source,
      addedByCell(record),
      record.campaignId ?? '',
      record.detail === undefined ? '' : JSON.stringify(record.detail),
    ].map(neutralizeCsvCell),
  );

export interface ExportSuppressionsDeps {
  readonly suppressions: Pick<SuppressionRepository, 'listSuppressionsNewestFirst'> & {
    /** R3: the position right after an entry, to go on from when a response fills up inside a page. */
    listPositionAfter(entry: SuppressionEntry): Record<string, string>;
  };
  readonly cursorKey: Uint8Array;
}

export interface ExportSuppressionsInput {
  readonly tenantId: string;
  readonly search: SuppressionSearch;
  /** Where a previous part stopped (its `X-Next-Cursor`). */
  readonly cursor?: string;
  /** CSV bytes this part may hold; the header always fits. */
  readonly maxBytes: number;
  /** Entries this part may hold. @default unlimited */
  readonly maxEntries?: number;
  /** Entries read per query. @default 500 */
  readonly pageSize?: number;
}

/**
 * The export, as CSV text in chunks (the header, then one chunk per page read), newest entries first:
 * 1. opens the cursor, bound to tenant and filter like the list's;
 * 2. reads pages of R3 and turns each into CSV, holding one page at a time, so memory stays flat however many
 *    entries there are;
 * 3. stops before the part would pass `maxBytes` or `maxEntries`, and returns the cursor of the next entry
 *    (or null when the export is complete) as the generator's return value.
 */
export const exportSuppressions = (deps: ExportSuppressionsDeps) =>
  async function* csvPart(input: ExportSuppressionsInput): AsyncGenerator<string, string | null> {
    const binding = suppressionCursorBinding(input.tenantId, input.search);
    let startKey: Record<string, string> | undefined =
      input.cursor === undefined ? undefined : { ...decodeCursor(deps.cursorKey, binding, input.cursor) };
    const filter = toListFilter(input.search);
    const pageSize = input.pageSize ?? 500;
    const maxEntries = input.maxEntries ?? Number.POSITIVE_INFINITY;
    const header = csv([[...EXPORT_COLUMNS]]);
    let bytes = Buffer.byteLength(header);
    let entries = 0;
    yield header;
    for (;;) {
      const page = await deps.suppressions.listSuppressionsNewestFirst(input.tenantId, filter, {
        limit: Math.min(pageSize, maxEntries - entries),
        ...(startKey ? { startKey } : {}),
      });
      let chunk = '';
      let previous: SuppressionEntry | undefined;
      for (const entry of page.items) {
        const rows = csv(exportRowsOf(entry));
        const size = Buffer.byteLength(rows);
        if (entries > 0 && bytes + size > input.maxBytes) {
          if (chunk !== '') yield chunk;
          // Right after the last entry written: in this page, or where this page started.
          const position = previous ? deps.suppressions.listPositionAfter(previous) : startKey;
          return position ? encodeCursor(deps.cursorKey, binding, position) : null;
        }
        chunk += rows;
        bytes += size;
        entries++;
        previous = entry;
      }
      if (chunk !== '') yield chunk;
      if (!page.nextKey) return null;
      if (entries >= maxEntries) return encodeCursor(deps.cursorKey, binding, page.nextKey);
      startKey = page.nextKey;
    }
  };
