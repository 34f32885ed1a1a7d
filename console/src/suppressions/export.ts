import type { Api } from '../api';
import { countCsvRecords, joinCsvParts } from '../lib/csv';

/** The file name the API proposes (`Content-Disposition`), when the browser may read it. */
const fileNameOf = (disposition: string | null): string | undefined => {
  const name = disposition ? /filename="([^"]+)"/.exec(disposition)?.[1] : undefined;
  return name && /^[\w.-]+$/.test(name) ? name : undefined;
};

/**
 * Downloads the filtered list as one CSV: fetches the export's parts with the bearer token (each response
 * holds at most 5 MiB; `X-Next-Cursor` names the next), joins them (docs/csv-export.md) and hands the browser a
 * Blob link. `onProgress` hears the rows so far after each part.
 */
export const exportCsv = async (options: {
  readonly api: Api;
  readonly query: URLSearchParams;
  readonly fallbackName: string;
  readonly onProgress: (rows: number, parts: number) => void;
  readonly signal?: AbortSignal;
}): Promise<{ rows: number; fileName: string }> => {
  const parts: string[] = [];
  let rows = 0;
  let cursor: string | null = null;
  let fileName: string | undefined;
  do {
    const query = new URLSearchParams(options.query);
    if (cursor) query.set('cursor', cursor);
    const response = await options.api.request('/v1/suppressions/export', {
      query,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const part = await response.text();
    parts.push(part);
    rows += Math.max(0, countCsvRecords(part) - 1);
    fileName ??= fileNameOf(response.headers.get('content-disposition'));
    cursor = response.headers.get('x-next-cursor');
    options.onProgress(rows, parts.length);
  } while (cursor);

  const name = fileName ?? options.fallbackName;
  const url = URL.createObjectURL(new Blob([joinCsvParts(parts)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link; the URL may go once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { rows, fileName: name };
};
