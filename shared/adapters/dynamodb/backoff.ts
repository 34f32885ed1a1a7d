import { setTimeout as sleep } from 'node:timers/promises';
import { currentDeadline } from '#adapters/aws/call-limits';

/**
 * Retry policy for work DynamoDB hands back unfinished (unprocessed keys, transaction conflicts). The loops that
 * use it also stop at the current use case's deadline (`withDeadline`), whatever attempts are left.
 */
export interface BackoffOptions {
  /** Attempts in all, the first included. @default 6 */
  readonly maxAttempts?: number;
  /** @default 25 */
  readonly baseDelayMs?: number;
  /** @default 1000 */
  readonly maxDelayMs?: number;
  /** Injected by tests to run retries without waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected by tests for deterministic jitter. @default Math.random */
  readonly random?: () => number;
}

/** Waits `ms`, or less when the current use case's deadline passes meanwhile: the loop then stops retrying. */
const defaultSleep = async (ms: number): Promise<void> => {
  const deadline = currentDeadline();
  // The only rejection is the deadline's abort, which ends the wait early by design.
  await sleep(ms, undefined, deadline ? { signal: deadline } : {}).catch(() => {});
};

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"): a random delay
 * in [0, min(max, base * 2^attempt)), which spreads retries of many concurrent callers instead of syncing them.
 */
export const backoffDelay = (attempt: number, options: BackoffOptions = {}): number => {
  const base = options.baseDelayMs ?? 25;
  const cap = options.maxDelayMs ?? 1000;
  return Math.floor((options.random ?? Math.random)() * Math.min(cap, base * 2 ** attempt));
};

export const waitBeforeRetry = (attempt: number, options: BackoffOptions = {}): Promise<void> =>
  (options.sleep ?? defaultSleep)(backoffDelay(attempt, options));
