import { sourcesOldestFirst } from '#domain/entry-sources';
import { erasedLabel } from '#domain/erasure';
import type { Kind } from '#domain/kinds';
import { type Scope, SOURCE_RULES, type Source } from '#domain/sources';
import { entryScope, type SuppressionDetail, type SuppressionEntry } from '#domain/suppression';
import { withoutUndefined } from '#domain/without-undefined';

/** One source's part of an entry, as the admin API shows it. */
export interface SourceItem {
  readonly source: Source;
  readonly createdAt: string;
  readonly addedBy: string | null;
  readonly campaignId: string | null;
  readonly detail: SuppressionDetail | null;
  readonly restorable: boolean;
  /** Who `addedBy` is, only when their credential said (its `name` and `email` claims). */
  readonly addedByName?: string;
  readonly addedByEmail?: string;
}

/**
 * A suppression entry as the admin API lists it. The single-valued fields (`source`, `createdAt`, `addedBy`,
 * `campaignId`, `detail`) describe the entry's first source; `sources` lists every source holding it, oldest first.
 * `value` is the form entered (once erased: `[erased]` and the start of its keyed hash, `erasedLabel`),
 * `normalizedValue` the form that is matched (null once erased).
 */
export interface SuppressionItem {
  readonly value: string;
  readonly normalizedValue: string | null;
  readonly kind: Kind;
  readonly source: Source;
  readonly sources: readonly SourceItem[];
  readonly scope: Scope;
  readonly createdAt: string;
  readonly addedBy: string | null;
  readonly campaignId: string | null;
  readonly detail: SuppressionDetail | null;
  /** Whether an admin may lift the whole entry: every source holding it is restorable. */
  readonly restorable: boolean;
  /** Who `addedBy` is (first source), only when their credential said. */
  readonly addedByName?: string;
  readonly addedByEmail?: string;
}

/** The adder's name and email, each only when known (absent rather than null: most entries have none). */
const personOf = (known: {
  readonly addedByName?: string | undefined;
  readonly addedByEmail?: string | undefined;
}): Pick<SourceItem, 'addedByName' | 'addedByEmail'> =>
  withoutUndefined({ addedByName: known.addedByName, addedByEmail: known.addedByEmail });

export const toSuppressionItem = (entry: SuppressionEntry): SuppressionItem => {
  const sources: SourceItem[] = sourcesOldestFirst(entry).map(({ source, record }) => ({
    source,
    createdAt: record.at,
    addedBy: record.addedBy ?? null,
    campaignId: record.campaignId ?? null,
    detail: record.detail ?? null,
    restorable: SOURCE_RULES[source].restorable,
    ...personOf(record),
  }));
  // An entry always has a source; the fallback only keeps the type honest for a malformed item.
  const first = sources[0] ?? {
    source: 'legacy' as const,
    createdAt: entry.createdAt,
    addedBy: null,
    campaignId: null,
    detail: null,
    restorable: true,
  };
  return {
    value: entry.display ?? entry.value ?? erasedLabel(entry.valueHash),
    normalizedValue: entry.value ?? null,
    kind: entry.kind,
    source: first.source,
    sources,
    scope: entryScope(entry),
    createdAt: entry.createdAt,
    addedBy: first.addedBy,
    campaignId: first.campaignId,
    detail: first.detail,
    restorable: sources.every((source) => source.restorable),
    ...personOf(first),
  };
};
