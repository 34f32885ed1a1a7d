import { neutralizeCsvCell } from '#domain/csv-cell';
import type { ImportResultRow } from '#domain/import-job';

/** The result file's header: one row per input line follows, in line order. */
export const RESULT_HEADER = 'line,input,status,value,kind,reason\n';

const cell = (text: string | number | undefined): string => {
  if (text === undefined) return '';
  const safe = typeof text === 'number' ? String(text) : neutralizeCsvCell(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** Result rows as CSV lines (RFC 4180 quoting, cells neutralized against spreadsheet formulas). */
export const resultCsv = (rows: readonly ImportResultRow[]): string =>
  rows
    .map(
      (row) => `${[row.line, row.input, row.status, row.value, row.kind, row.reason].map(cell).join(',')}\n`,
    )
    .join('');
