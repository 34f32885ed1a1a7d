import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { withDeadline } from '#adapters/aws/call-limits';
import { batchGetAll } from '#adapters/dynamodb/batch-get';
import { batchWriteAll } from '#adapters/dynamodb/batch-write';
import {
  SDK_RETRY_BASE_DELAY_MS,
  TIME_BUDGETS,
  worstCaseAnswerMs,
  worstCaseCallMs,
} from '#shared/time-budgets';

const budgets = Object.entries(TIME_BUDGETS);

describe('the time budgets', () => {
  it.each(budgets)('%s answers before its Lambda timeout, even after a cold start', (_, budget) => {
    expect(worstCaseAnswerMs(budget)).toBeLessThan(budget.lambdaTimeoutSeconds * 1000);
  });

  it.each(budgets)('%s gives one call all its attempts within the deadline', (_, budget) => {
    expect(worstCaseCallMs(budget.calls, SDK_RETRY_BASE_DELAY_MS.dynamoDb)).toBeLessThanOrEqual(
      budget.deadlineMs,
    );
  });

  it('are the table docs/timeouts.md shows', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'timeouts.md'), 'utf8');
    const seconds = (ms: number) => `${ms / 1000} s`;
    for (const [name, budget] of budgets) {
      const row = [
        `\`${name}\``,
        seconds(budget.lambdaTimeoutSeconds * 1000),
        seconds(budget.deadlineMs),
        `${seconds(budget.calls.connectionTimeoutMs)} / ${seconds(budget.calls.requestTimeoutMs)} × ${budget.calls.maxAttempts}`,
        seconds(worstCaseCallMs(budget.calls, SDK_RETRY_BASE_DELAY_MS.dynamoDb)),
        `${seconds(budget.keyring.connectionTimeoutMs)} / ${seconds(budget.keyring.requestTimeoutMs)} × ${budget.keyring.maxAttempts}`,
        seconds(worstCaseAnswerMs(budget)),
      ];
      expect(doc).toContain(`| ${row.join(' | ')} |`);
    }
  });
});

/** A table that fails every call at once, as a call cut by its timeouts does after the SDK's attempts. */
const failingClient = (calls: { count: number }) =>
  ({
    send: async () => {
      calls.count++;
      throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    },
  }) as unknown as DynamoDBDocumentClient;

describe('our retry loops under a deadline', () => {
  it('stop reading at the deadline and report the keys unread, whatever attempts are left', async () => {
    const calls = { count: 0 };
    const started = performance.now();
    const result = await withDeadline(300, () =>
      batchGetAll(failingClient(calls), 'table', [{ pk: 'a', sk: 'b' }], {
        maxAttempts: 1_000,
        baseDelayMs: 50,
        maxDelayMs: 50,
      }),
    );
    expect(result.unprocessed).toEqual([{ pk: 'a', sk: 'b' }]);
    expect(calls.count).toBeLessThan(1_000);
    expect(performance.now() - started).toBeLessThan(300 + 500);
  });

  it('stop writing at the deadline and say so', async () => {
    const unprocessed = {
      send: async (command: { input: { RequestItems: Record<string, unknown[]> } }) => ({
        UnprocessedItems: command.input.RequestItems,
      }),
    } as unknown as DynamoDBDocumentClient;
    await expect(
      withDeadline(300, () =>
        batchWriteAll(unprocessed, 'table', [{ pk: 'a', sk: 'b' }], {
          maxAttempts: 1_000,
          baseDelayMs: 50,
          maxDelayMs: 50,
        }),
      ),
    ).rejects.toThrow('1 items stayed unprocessed when the deadline passed');
  });
});
