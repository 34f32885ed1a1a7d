import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deadlinePassed } from '#adapters/aws/call-limits';
import { type BackoffOptions, waitBeforeRetry } from '#adapters/dynamodb/backoff';
import { mapBounded } from '#app/map-bounded';
import { TABLE_KEYS } from '#shared/table-contract';

export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

export interface BatchGetOptions extends BackoffOptions {
  /** Attributes to read; the key attributes are always added. Unset reads whole items. */
  readonly projection?: readonly string[];
  /** BatchGetItem calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /**
   * The keys are distinct already (the pre-send filter de-duplicates its own): skip the check, a string and a Set
   * entry per key. Were one repeated, DynamoDB would refuse the call and its keys would come back unprocessed:
   * unchecked, never "not suppressed".
   */
  readonly distinct?: boolean;
}

export interface BatchGetResult {
  readonly items: ReadonlyMap<string, Record<string, unknown>>;
  /** Keys DynamoDB never answered for, after every retry: callers must treat them as unknown (fail closed). */
  readonly unprocessed: readonly TableKey[];
  /** Requests sent and read capacity consumed: the benchmark reports them. */
  readonly requests: number;
  readonly readUnits: number;
}

/** DynamoDB's limit on keys per BatchGetItem call. */
export const BATCH_GET_LIMIT = 100;

export const tableKeyId = (key: TableKey): string => `${key.pk}\u0000${key.sk}`;

/**
 * Reads many items by key: de-duplicates, splits into calls of 100 keys, keeps several calls in flight, and retries
 * UnprocessedKeys (and failed calls) with exponential backoff and jitter, until the attempts or the current use
 * case's deadline run out. It never throws for a key it could not
 * read: such keys come back in `unprocessed`, so the caller decides, and fails closed.
 */
export const batchGetAll = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly TableKey[],
  options: BatchGetOptions = {},
): Promise<BatchGetResult> => {
  const unique = options.distinct ? keys : distinctKeys(keys);
  const chunks: TableKey[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) chunks.push(unique.slice(i, i + BATCH_GET_LIMIT));

  const items = new Map<string, Record<string, unknown>>();
  const unprocessed: TableKey[] = [];
  let requests = 0;
  let readUnits = 0;

  const projection = options.projection && projectionOf(options.projection);
  const maxAttempts = options.maxAttempts ?? 6;

  const readChunk = async (chunk: TableKey[]): Promise<void> => {
    let pending: TableKey[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts || (attempt > 0 && deadlinePassed())) {
        unprocessed.push(...pending);
        return;
      }
      if (attempt > 0) await waitBeforeRetry(attempt - 1, options);
      requests++;
      try {
        const output = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: pending.map(({ pk, sk }) => ({
                  [TABLE_KEYS.partitionKey]: pk,
                  [TABLE_KEYS.sortKey]: sk,
                })),
                ...projection,
              },
            },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const consumed of output.ConsumedCapacity ?? []) readUnits += consumed.CapacityUnits ?? 0;
        for (const item of output.Responses?.[tableName] ?? []) {
          items.set(
            tableKeyId({ pk: String(item[TABLE_KEYS.partitionKey]), sk: String(item[TABLE_KEYS.sortKey]) }),
            item,
          );
        }
        pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []).map((key) => ({
          pk: String(key[TABLE_KEYS.partitionKey]),
          sk: String(key[TABLE_KEYS.sortKey]),
        }));
      } catch {
        // A throttled or failed call (after the SDK's own retries) is retried as a whole; if it keeps failing its
        // keys end up unprocessed, which the caller reports as unchecked rather than as "not suppressed".
      }
    }
  };

  // readChunk never throws (failed keys come back unprocessed), so every chunk is read.
  await mapBounded(chunks, options.concurrency ?? 8, readChunk);
  return { items, unprocessed, requests, readUnits };
};

/** DynamoDB refuses a call naming one key twice: one Set of ids, no pair per key. */
const distinctKeys = (keys: readonly TableKey[]): readonly TableKey[] => {
  const seen = new Set<string>();
  const unique: TableKey[] = [];
  for (const key of keys) {
    const id = tableKeyId(key);
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(key);
  }
  return unique;
};

/** Projections already written, by attribute list: the filter asks for the same one every 100 keys. */
const projections = new WeakMap<readonly string[], ReturnType<typeof writeProjection>>();

const projectionOf = (attributes: readonly string[]) => {
  let projection = projections.get(attributes);
  if (projection === undefined) {
    projection = writeProjection(attributes);
    projections.set(attributes, projection);
  }
  return projection;
};

const writeProjection = (attributes: readonly string[]) => {
  const names = [...new Set([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...attributes])];
  // Shared by every call asking for it: frozen, so nothing can change one call's projection through another's.
  return Object.freeze({
    ProjectionExpression: names.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.freeze(Object.fromEntries(names.map((name, i) => [`#p${i}`, name]))),
  });
};
