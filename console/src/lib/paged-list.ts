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
