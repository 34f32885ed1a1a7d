import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '#adapters/dynamodb/batch-write';
import { mapBounded } from '#app/map-bounded';

/*
 * The floors the write benchmarks compare against: the very items the service wrote, replayed into another table
 * with no code of ours around them, at the same number of requests in flight.
 */

const BATCH_WRITE_LIMIT = 25;

/** The whole items the recorded transactions put. Only creations replay as puts: an update has no item to copy. */
export const itemsPutBy = (transactions: readonly TransactWriteCommandInput[]): Record<string, unknown>[] =>
  transactions.flatMap((input) =>
    (input.TransactItems ?? []).map((action) => {
      if (!action.Put?.Item) throw new Error('the floor replays puts only; the run updated an existing item');
      return action.Put.Item;
    }),
  );

/** BatchWriteItem of `items` into `tableName`, 25 a call, `concurrency` calls in flight, unprocessed items retried. */
export const batchWriteFloor = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency: number,
): Promise<number> => {
  const calls: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) calls.push(items.slice(i, i + BATCH_WRITE_LIMIT));
  await mapBounded(calls, concurrency, (call) => batchWriteAll(doc, tableName, call));
  return calls.length;
};

/** The recorded transactions again, as they were sent but into `tableName`, `concurrency` in flight. */
export const transactWriteFloor = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  transactions: readonly TransactWriteCommandInput[],
  concurrency: number,
): Promise<void> => {
  await mapBounded(transactions, concurrency, (input) =>
    doc.send(
      new TransactWriteCommand({
        TransactItems: (input.TransactItems ?? []).map((action) =>
          Object.fromEntries(
            Object.entries(action).map(([kind, body]) => [kind, { ...body, TableName: tableName }]),
          ),
        ),
      }),
    ),
  );
};

/**
 * The recorded transactions with `suffix` after every put item's partition key: the same requests, the same sizes
 * within a few bytes, for items that do not exist yet, so a replay into the service's own table meets the same
 * `attribute_not_exists` conditions the service's requests met.
 */
export const withFreshKeys = (
  transactions: readonly TransactWriteCommandInput[],
  suffix: string,
): TransactWriteCommandInput[] =>
  transactions.map((input) => ({
    ...input,
    TransactItems: (input.TransactItems ?? []).map((action) => {
      if (!action.Put?.Item) throw new Error('the floor replays puts only; the run updated an existing item');
      return {
        ...action,
        Put: { ...action.Put, Item: { ...action.Put.Item, pk: `${action.Put.Item.pk}${suffix}` } },
      };
    }),
  }));
