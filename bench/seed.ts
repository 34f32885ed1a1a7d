import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '#adapters/dynamodb/batch-write';
import {
  ATTR,
  entryTableKey,
  sourceAttribute,
  tenantTimelineOf,
  timelineSortKey,
} from '#adapters/dynamodb/item-mappers';
import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { ValueHasher } from '#domain/value-hash';

export interface SeedEntry {
  readonly tenantId: string;
  readonly kind: Kind;
  /** Normalized. */
  readonly value: string;
  readonly source: Source;
}

/**
 * The item `addSuppression` (W1) would leave for a value suppressed by one source, built directly so that 100,000
 * of them load in seconds. Only the benchmark writes entries this way; the service always goes through W1.
 */
const entryItem = (entry: SeedEntry, hashValue: ValueHasher, at: string): Record<string, unknown> => {
  const valueHash = hashValue(entry.kind, entry.value);
  return {
    ...entryTableKey(entry.tenantId, entry.kind, valueHash),
    [ATTR.entity]: 'suppression',
    [ATTR.tenantId]: entry.tenantId,
    [ATTR.kind]: entry.kind,
    [ATTR.valueHash]: valueHash,
    [ATTR.value]: entry.value,
    [ATTR.display]: entry.value,
    [ATTR.createdAt]: at,
    [ATTR.updatedAt]: at,
    [sourceAttribute(entry.source)]: { at },
    [ATTR.sources]: new Set([entry.source]),
    [ATTR.version]: 1,
    gsi1pk: tenantTimelineOf(entry.tenantId),
    gsi1sk: timelineSortKey(at, entry.kind, valueHash),
  };
};

/** Writes entries with BatchWriteItem, 25 a call, `concurrency` calls in flight. */
export const seedEntries = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  hashValue: ValueHasher,
  entries: readonly SeedEntry[],
  concurrency = 16,
): Promise<void> => {
  const at = new Date().toISOString();
  const items = entries.map((entry) => entryItem(entry, hashValue, at));
  const slice = Math.ceil(items.length / concurrency);
  await Promise.all(
    Array.from({ length: concurrency }, (_, worker) =>
      batchWriteAll(doc, tableName, items.slice(worker * slice, (worker + 1) * slice)),
    ),
  );
};
