import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deadlinePassed } from '#adapters/aws/call-limits';
import { type BackoffOptions, waitBeforeRetry } from '#adapters/dynamodb/backoff';

const BATCH_WRITE_LIMIT = 25;

/**
 * Puts many items, 25 a call, retrying UnprocessedItems with jittered backoff. Unlike reads, a write that never
 * lands is an error: the caller must not report success for data it did not store.
 */
export const batchWriteAll = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: BackoffOptions = {},
): Promise<void> => {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
    let pending = items.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts)
        throw new Error(`${pending.length} items stayed unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0 && deadlinePassed())
        throw new Error(`${pending.length} items stayed unprocessed when the deadline passed`);
      if (attempt > 0) await waitBeforeRetry(attempt - 1, options);
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (output.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
};
