import type { SuppressionRepository } from '#app/ports/suppressions';
import { readSignedPage } from '#app/signed-page';
import { type SuppressionItem, toSuppressionItem } from '#app/suppression-item';
import { type SuppressionSearch, suppressionCursorBinding, toListFilter } from '#app/suppression-search';

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
    return readSignedPage(
      deps.cursorKey,
      binding,
      input,
      (page) =>
        deps.suppressions.listSuppressionsNewestFirst(input.tenantId, toListFilter(input.search), page),
      toSuppressionItem,
    );
  };
