import type { Page, PageRequest } from '#app/ports/paging';
import { decodeCursor, encodeCursor } from '#domain/cursor';

/** One page of a list as the admin API answers it: the items and the signed cursor of the next page. */
export interface SignedPage<R> {
  readonly items: readonly R[];
  readonly nextCursor: string | null;
}

/**
 * Reads one page of a store's list behind a signed cursor: verifies `cursor` against `binding` (tenant, list and
 * filter, so a cursor replayed elsewhere or altered is refused), reads the page from where it points, and signs
 * the store's next position with the same binding.
 */
export const readSignedPage = async <T, R>(
  cursorKey: Uint8Array,
  binding: string,
  request: { readonly limit: number; readonly cursor?: string },
  read: (page: PageRequest) => Promise<Page<T>>,
  toItem: (item: T) => R,
): Promise<SignedPage<R>> => {
  const startKey =
    request.cursor === undefined ? undefined : { ...decodeCursor(cursorKey, binding, request.cursor) };
  const page = await read({ limit: request.limit, ...(startKey ? { startKey } : {}) });
  return {
    items: page.items.map(toItem),
    nextCursor: page.nextKey ? encodeCursor(cursorKey, binding, page.nextKey) : null,
  };
};
