/** A list read page by page from the API, as the console's lists show it. */
export interface PagedList<T> {
  readonly items: readonly T[];
  /** The API's `nextCursor`: more to load while set. */
  readonly cursor: string | null;
  /** `first` while the first page loads (the list is busy), `more` while a further page loads. */
  readonly loading: 'first' | 'more' | false;
  /** Why the first page could not be read, shown in place of the list. */
  readonly error?: string;
  /** Why a further page could not be read, shown beside **Load more**. */
  readonly moreError?: string;
}

export interface ApiPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

type ListUpdate<T> = (update: (current: PagedList<T>) => PagedList<T>) => void;

/**
 * **Load more**: appends the page after `list.cursor` to the list, or records why it could not be read
 * (`moreError`), leaving what is shown in place. Does nothing on the last page.
 */
export const loadNextPage = async <T>(
  list: PagedList<T>,
  setList: ListUpdate<T>,
  fetchPage: (cursor: string) => Promise<ApiPage<T>>,
  describeError: (cause: unknown) => string,
): Promise<void> => {
  const { cursor } = list;
  if (!cursor) return;
  setList((current) => ({ items: current.items, cursor: current.cursor, loading: 'more' }));
  try {
    const page = await fetchPage(cursor);
    setList((current) => ({
      items: [...current.items, ...page.items],
      cursor: page.nextCursor,
      loading: false,
    }));
  } catch (cause) {
    setList((current) => ({ ...current, loading: false, moreError: describeError(cause) }));
  }
};

/** How a list reads one page: its route, the filter's query string and what to read per load. */
export interface PageRead {
  readonly path: string;
  readonly query: string;
  readonly pageSize: number;
  /** A selective filter may answer pages with few or no items and a cursor: follow it at most this often. */
  readonly maxCalls: number;
}

/**
 * One load of a filtered list: pages from `cursor` on, following `nextCursor` until some items came back, the
 * list ended, or `maxCalls` calls were spent.
 */
export const fetchFilledPage = async <T>(
  json: (path: string, options: { query: URLSearchParams; signal: AbortSignal }) => Promise<ApiPage<T>>,
  read: PageRead,
  cursor: string | null,
  signal: AbortSignal,
): Promise<ApiPage<T>> => {
  const items: T[] = [];
  let next = cursor;
  let calls = 0;
  do {
    const params = new URLSearchParams(read.query);
    params.set('limit', String(read.pageSize));
    if (next) params.set('cursor', next);
    const page = await json(read.path, { query: params, signal });
    items.push(...page.items);
    next = page.nextCursor;
    calls++;
  } while (next && items.length < read.pageSize && calls < read.maxCalls);
  return { items, nextCursor: next };
};
