import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { deadlinePassed } from '#adapters/aws/call-limits';
import { type BackoffOptions, waitBeforeRetry } from '#adapters/dynamodb/backoff';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CancelledWrite {
  readonly committed: false;
  /** Index of every item whose condition failed, with the old item when it was asked for. */
  readonly failedConditions: ReadonlyMap<number, Record<string, unknown> | undefined>;
}
export type TransactOutcome = { readonly committed: true } | CancelledWrite;

/**
 * Writes items all-or-nothing. A failed condition is an expected outcome (a repeat, a race lost) and comes back
 * as data, naming which items failed; only then may the caller decide what the repeat means. Conflicts with
 * another transaction on the same item are retried with jittered backoff, since the other writer usually wins
 * within milliseconds (many concurrent one-click POSTs for one link do exactly this).
 */
export const transactWrite = async (
  client: DynamoDBDocumentClient,
  items: readonly TransactItem[],
  options: BackoffOptions = {},
): Promise<TransactOutcome> => {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [...items] }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedConditions = new Map<number, Record<string, unknown> | undefined>();
      reasons.forEach((reason, index) => {
        if (reason.Code !== 'ConditionalCheckFailed') return;
        // lib-dynamodb leaves error payloads marshalled.
        failedConditions.set(index, reason.Item && unmarshall(reason.Item as Record<string, AttributeValue>));
      });
      if (failedConditions.size > 0) return { committed: false, failedConditions };
      const retryable = reasons.some(
        (reason) => reason.Code === 'TransactionConflict' || reason.Code === 'ThrottlingError',
      );
      if (!retryable || attempt + 1 >= maxAttempts || deadlinePassed()) throw error;
      await waitBeforeRetry(attempt, options);
    }
  }
};
