import { SOURCES, type Source } from '#domain/sources';
import type { SourceRecord, SuppressionEntry } from '#domain/suppression';

export interface HeldSource {
  readonly source: Source;
  readonly record: SourceRecord;
}

/**
 * The sources holding an entry, oldest first (ties in the order of {@link SOURCES}). The first one is the
 * entry's origin: lists show its source, adder, campaign and detail, and the entry's `createdAt` is its time.
 */
export const sourcesOldestFirst = (entry: Pick<SuppressionEntry, 'sources'>): HeldSource[] =>
  SOURCES.flatMap((source) => {
    const record = entry.sources[source];
    return record ? [{ source, record }] : [];
  }).sort((a, b) => (a.record.at < b.record.at ? -1 : a.record.at > b.record.at ? 1 : 0));
