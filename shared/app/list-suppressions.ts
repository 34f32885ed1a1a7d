import type { SuppressionRepository } from '#app/ports/suppressions';
import { type SuppressionItem, toSuppressionItem } from '#app/suppression-item';
import { type SuppressionSearch, suppressionCursorBinding, toListFilter } from '#app/suppression-search';
import { decodeCursor, encodeCursor } from '#domain/cursor';

export interface ListSuppressionsDeps {
  readonly suppressions: Pick<SuppressionRepository, 'listSuppressionsNewestFirst'>;
  readonly cursorKey: Uint8Array;
}

export interface ListSuppressionsInput {
  readonly tenantId: string;
  readonly search: SuppressionSearch;
  readonly limit: number;
  readonly cursor?: string;
}

export interface SuppressionPage {
  readonly items: readonly SuppressionItem[];
  /** Opaque; null on the last page. A page may hold fewer than `limit` items and still have a next one. */
  readonly nextCursor: string | null;
}

/**
 * A tenant's suppression list, newest first, one page:
 * 1. opens the cursor (signed, bound to tenant and filter: a forged or replayed one is a 400);
 * 2. reads one page of R3 with the filter;
 * 3. seals the position after the page into the next cursor.
 */
export const listSuppressions =
  (deps: ListSuppressionsDeps) =>
  async (input: ListSuppressionsInput): Promise<SuppressionPage> => {
    const binding = suppressionCursorBinding(input.tenantId, input.search);
    const startKey =
      input.cursor === undefined ? undefined : { ...decodeCursor(deps.cursorKey, binding, input.cursor) };
    const page = await deps.suppressions.listSuppressionsNewestFirst(
      input.tenantId,
      toListFilter(input.search),
      {
        limit: input.limit,
        ...(startKey ? { startKey } : {}),
      },
    );
    return {
      items: page.items.map(toSuppressionItem),
      nextCursor: page.nextKey ? encodeCursor(deps.cursorKey, binding, page.nextKey) : null,
    };
  };
