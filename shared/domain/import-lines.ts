import type { Kind } from '#domain/kinds';

/**
 * The columns an import file may name, lower case. The first header cell that is one of them is the column
 * taken; `value` lets each line's kind be guessed as in the bulk add, the others fix the kind.
 */
export const IMPORT_COLUMNS = ['email', 'value', 'domain', 'phone', 'linkedin'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The kind a column fixes; `value` fixes none (each value's kind is guessed). */
export const kindOfColumn = (column: ImportColumn): Kind | undefined =>
  column === 'value' ? undefined : column;

/** One physical line of an import file, numbered from 1, as the job reads and reports it. */
export type ImportLine =
  /** A value to import; `kind` when its CSV column fixes the kind (else the kind is guessed). */
  | {
      readonly line: number;
      readonly input: string;
      readonly status: 'data';
      readonly kind?: Kind;
      /** An SES account-list line: the source its SES reason maps to, and the SES date (ISO-8601). */
      readonly source?: 'bounce' | 'spam_complaint';
      readonly at?: string;
    }
  | { readonly line: number; readonly input: string; readonly status: 'blank' | 'header' }
  /** A CSV line without the chosen column (too few cells) or with an unterminated quote. */
  | { readonly line: number; readonly input: string; readonly status: 'malformed'; readonly reason: string };

/** The shape of the file, decided by its first non-blank line. */
export type ImportLayout =
  | { readonly format: 'lines' }
  | { readonly format: 'csv'; readonly column: ImportColumn; readonly index: number };

const BOM = '\uFEFF';

/**
 * Splits one CSV line into cells (RFC 4180 quoting: `"a,b"`, `""` for a quote). A quoted cell cannot span lines
 * here: imports are one record per physical line, so a file's line numbers are the result file's line numbers.
 * Returns undefined for an unterminated quote.
 */
export const csvCells = (line: string): string[] | undefined => {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const char = line[i] as string;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
    i++;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
};

/**
 * The layout a file's first non-blank line announces: a CSV header when one of its comma-separated cells names an
 * import column (the first such cell wins), else one value per line (that first line is then a value).
 */
export const layoutOf = (firstLine: string): ImportLayout => {
  const cells = csvCells(firstLine.replace(BOM, ''));
  if (cells && cells.length > 0) {
    const names = cells.map((cell) => cell.trim().toLowerCase());
    const index = names.findIndex((name) => (IMPORT_COLUMNS as readonly string[]).includes(name));
    if (index >= 0) return { format: 'csv', column: names[index] as ImportColumn, index };
  }
  return { format: 'lines' };
};

/**
 * Reads an import file's lines in order, one call per physical line (already split on LF, a trailing CR
 * removed here so CRLF and LF files read alike; a BOM before the first line dropped). The first non-blank line
 * fixes the layout: a header line is reported as `header`, not a value. Pure and incremental, so a file of any
 * length is read with constant memory.
 */
export class ImportLineReader {
  private count = 0;
  private current: ImportLayout | undefined;

  /** @param csv - whether a header may announce a CSV; a JSON Lines audience has none. @default true */
  constructor(csv = true) {
    if (!csv) this.current = { format: 'lines' };
  }

  get layout(): ImportLayout | undefined {
    return this.current;
  }

  /** The line's classification; its text without the line break, the BOM or surrounding blanks. */
  read(raw: string): ImportLine {
    this.count += 1;
    const line = this.count;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === 1 && text.startsWith(BOM)) text = text.slice(1);
    if (text.trim() === '') return { line, input: '', status: 'blank' };
    if (this.current === undefined) {
      this.current = layoutOf(text);
      if (this.current.format === 'csv') return { line, input: text, status: 'header' };
    }
    if (this.current.format === 'lines') return { line, input: text.trim(), status: 'data' };
    const cells = csvCells(text);
    if (cells === undefined) {
      return { line, input: text, status: 'malformed', reason: 'a quoted cell is not closed on its line' };
    }
    const cell = cells[this.current.index];
    if (cell === undefined) {
      return {
        line,
        input: text,
        status: 'malformed',
        reason: `the line has ${cells.length} cell(s); the ${this.current.column} column is cell ${this.current.index + 1}`,
      };
    }
    if (cell.trim() === '') return { line, input: '', status: 'blank' };
    const kind = kindOfColumn(this.current.column);
    return { line, input: cell.trim(), status: 'data', ...(kind ? { kind } : {}) };
  }
}
