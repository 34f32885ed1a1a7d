import type { SuppressionListFilter } from '#app/ports/suppressions';
import { cursorBinding } from '#domain/cursor';
import type { Kind } from '#domain/kinds';
import { searchPrefixes } from '#domain/search-prefixes';
import type { Source } from '#domain/sources';
import { withoutUndefined } from '#domain/without-undefined';

/** What an admin filters the suppression list by; shared by the list and the export. */
export interface SuppressionSearch {
  /** ISO-8601 instants (`toISOString` form), both included. */
  readonly from?: string;
  readonly to?: string;
  /** Any of these sources holds the entry. */
  readonly sources?: readonly Source[];
  readonly kinds?: readonly Kind[];
  /** A person (user id) who added one of the entry's sources. */
  readonly addedBy?: string;
  /** Search text: a prefix of the value (domain entries by domain), see `searchPrefixes`. */
  readonly q?: string;
}

/** The repository filter (R3) for a search. */
export const toListFilter = (search: SuppressionSearch): SuppressionListFilter =>
  withoutUndefined({
    from: search.from,
    to: search.to,
    sources: search.sources,
    kinds: search.kinds,
    addedBy: search.addedBy,
    valuePrefixes: search.q === undefined ? undefined : searchPrefixes(search.q),
  });

/**
 * What a suppression-list cursor is bound to: the tenant and the whole filter, in a fixed order with sorted
 * lists, so the same filter always signs alike and another filter never accepts the cursor. The list and the
 * export share it: a cursor from one goes on in the other with the same filter.
 */
export const suppressionCursorBinding = (tenantId: string, search: SuppressionSearch): string =>
  cursorBinding(tenantId, 'suppressions', [
    search.from ?? null,
    search.to ?? null,
    search.sources ? [...search.sources].sort() : null,
    search.kinds ? [...search.kinds].sort() : null,
    search.addedBy ?? null,
    search.q ?? null,
  ]);
