import type { SuppressionSearch } from '#app/suppression-search';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { isKind, KINDS, type Kind } from '#domain/kinds';
import { isSourceType, SOURCE_TYPE_NAMES, type SourceType, sourcesOfType } from '#domain/source-types';
import { isSource, SOURCES, type Source } from '#domain/sources';
import { withoutUndefined } from '#domain/without-undefined';
import { one, type ParameterArity } from '#lambda/http-request';

/** The filters the list and the export share. */
export const SEARCH_PARAMETERS = {
  from: 'one',
  to: 'one',
  source: 'many',
  kind: 'many',
  addedBy: 'one',
  q: 'one',
  type: 'many',
} as const satisfies Record<string, ParameterArity>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * `from` / `to`: a day (`2026-03-01`, UTC; `to` then means the end of that day) or an ISO-8601 instant with a
 * time zone (`2026-03-01T08:00:00Z`, `…+02:00`), turned into the `toISOString` form the keys sort by.
 */
export const instantOf = (name: string, value: string, edge: 'start' | 'end'): string => {
  const text = DAY.test(value) ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  const time = INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  // Date.parse rolls over impossible dates (Feb 30); the round trip catches them.
  if (Number.isNaN(time) || (DAY.test(value) && new Date(time).toISOString().slice(0, 10) !== value)) {
    throw new InvalidInputError(
      `${name} must be a day (2026-03-01) or an ISO-8601 instant with a time zone (2026-03-01T08:00:00Z); got ${JSON.stringify(value.slice(0, 64))}`,
    );
  }
  return new Date(time).toISOString();
};

const listOf = <T extends string>(
  name: string,
  values: readonly string[] | undefined,
  allowed: readonly T[],
  is: (value: unknown) => value is T,
): T[] | undefined => {
  if (values === undefined) return undefined;
  const bad = values.filter((value) => !is(value));
  if (bad.length > 0) {
    throw new InvalidInputError(
      `${name} ${bad.map((value) => JSON.stringify(value.slice(0, 64))).join(', ')} is not one of ${allowed.join(', ')}`,
    );
  }
  return [...new Set(values as T[])].sort();
};

/**
 * The sources named by `source` and by `type` (console labels, `SOURCE_TYPES`), as one sorted set: the two
 * filter the same thing, so they combine as a union (`type=lead&source=bounce` is link, list_unsubscribe and
 * bounce), just as several values of one of them do. Undefined when neither is given.
 */
export const sourcesOf = (query: ReadonlyMap<string, readonly string[]>): Source[] | undefined => {
  const sources = listOf<Source>('source', query.get('source'), SOURCES, isSource);
  const types = listOf<SourceType>('type', query.get('type'), SOURCE_TYPE_NAMES, isSourceType);
  if (sources === undefined && types === undefined) return undefined;
  const union = new Set([...(sources ?? []), ...(types ?? []).flatMap(sourcesOfType)]);
  return [...union].sort();
};

/**
 * `from`/`to` of a strict query: days (UTC, `to` to its end) or ISO-8601 instants, each checked with its reason,
 * and `from` not after `to`.
 */
export const instantRangeOf = (
  query: ReadonlyMap<string, readonly string[]>,
): { readonly from: string | undefined; readonly to: string | undefined } => {
  const fromText = one(query, 'from');
  const toText = one(query, 'to');
  const from = fromText === undefined ? undefined : instantOf('from', fromText, 'start');
  const to = toText === undefined ? undefined : instantOf('to', toText, 'end');
  if (from !== undefined && to !== undefined && from > to) {
    throw new InvalidInputError(`from (${fromText}) is after to (${toText})`);
  }
  return { from, to };
};

/** The list/export filters of a strict query (see `queryOf`), checked one by one with the reason. */
export const searchOf = (query: ReadonlyMap<string, readonly string[]>): SuppressionSearch => {
  const { from, to } = instantRangeOf(query);
  const addedBy = one(query, 'addedBy');
  if (addedBy !== undefined && (addedBy === '' || addedBy.length > 128)) {
    throw new InvalidInputError('addedBy must be a user id of 1 to 128 characters');
  }
  const q = one(query, 'q')?.trim();
  if (q !== undefined && q.length > ADMIN_LIMITS.searchLength) {
    throw new InvalidInputError(`q is longer than ${ADMIN_LIMITS.searchLength} characters`);
  }
  return withoutUndefined({
    from,
    to,
    sources: sourcesOf(query),
    kinds: listOf<Kind>('kind', query.get('kind'), KINDS, isKind),
    addedBy,
    // A blank search is no search: consoles send `q=` when the box is empty.
    q: q === '' ? undefined : q,
  });
};
