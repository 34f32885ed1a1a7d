/**
 * CSV helpers for the browser: joining export parts, counting records, reading values out of a file an admin
 * picks. RFC 4180 (quoted cells may hold commas, quotes as `""`, and line breaks).
 */

/** Splits CSV text into records of cells. A final line break ends the last record; it does not start one. */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += char;
      continue;
    }
    if (char === '"' && cell === '') {
      quoted = true;
      started = true;
    } else if (char === ',') {
      record.push(cell);
      cell = '';
      started = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      started = false;
    } else {
      cell += char;
      started = true;
    }
  }
  if (started || cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
};

/** Records in a CSV text, header included; a line break inside a quoted cell does not count. */
export const countCsvRecords = (text: string): number => {
  let count = 0;
  let quoted = false;
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === '\n' || char === '\r')) {
      if (char === '\r' && text[i + 1] === '\n') i++;
      count++;
      open = false;
    } else open = true;
  }
  return open ? count + 1 : count;
};

/**
 * The export's parts as one CSV (docs/csv-export.md): the first part whole, the header row dropped from the
 * others (each part starts with it so that it is a valid CSV on its own).
 */
export const joinCsvParts = (parts: readonly string[]): string =>
  parts
    .map((part, index) => {
      if (index === 0) return part;
      const end = part.indexOf('\n');
      return end === -1 ? '' : part.slice(end + 1);
    })
    .join('');

/** Column names whose cells are values to add (a Quietlist export's `value`, a CRM's `email`, …). */
const VALUE_COLUMNS = new Set(['value', 'email', 'e-mail', 'email address', 'domain', 'phone', 'linkedin']);

/** A cell a Quietlist export neutralized (`'+33612…`, `'=1+2@x.com`): the value is the cell minus the quote. */
const unneutralized = (cell: string): string => (/^'[=+\-@\t\r\n＝＋－＠]/.test(cell) ? cell.slice(1) : cell);

/**
 * The values in a file an admin picked: a `.txt` holds one value a line; a `.csv` the values of its column named
 * value/email/domain/phone/linkedin (header skipped), else of its first column. Blank lines are dropped.
 */
export const valuesFromFile = (fileName: string, text: string): string[] => {
  const content = text.replace(/^\uFEFF/, '');
  if (!/\.csv$/i.test(fileName)) {
    return content
      .split(/\r\n|\n|\r/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  const records = parseCsv(content);
  const header = (records[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const named = header.findIndex((cell) => VALUE_COLUMNS.has(cell));
  const column = named === -1 ? 0 : named;
  return records
    .slice(named === -1 ? 0 : 1)
    .map((record) => unneutralized((record[column] ?? '').trim()))
    .filter(Boolean);
};

/** The non-blank lines of a textbox, trimmed: one value each. */
export const linesOf = (text: string): string[] =>
  text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .filter(Boolean);

/** `items` in slices of `size`, for requests with a per-call cap. */
export const chunked = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};
