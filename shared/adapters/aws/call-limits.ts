import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { UnavailableError } from '#domain/errors';
import type { SdkCallLimits } from '#shared/time-budgets';

/**
 * The client options that hold every call of an AWS SDK client to `limits`: the SDK's own HTTP handler timeouts
 * (`throwOnRequestTimeout`, or a breached request timeout is only logged) and its retry strategy's attempts.
 */
export const sdkClientLimits = (limits: SdkCallLimits) => ({
  maxAttempts: limits.maxAttempts,
  requestHandler: {
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    throwOnRequestTimeout: true,
  },
});

const deadlines = new AsyncLocalStorage<AbortSignal>();

/**
 * The deadline the current use case call runs under, if any. Adapters hand it to every SDK call as its
 * `abortSignal`: a call in flight when it passes is aborted (and not retried), and a call started after it fails at
 * once.
 */
export const currentDeadline = (): AbortSignal | undefined => deadlines.getStore();

/** Whether the current call's deadline has passed: retry loops stop then. */
export const deadlinePassed = (): boolean => currentDeadline()?.aborted === true;

/**
 * Runs `work` under a deadline `ms` from now, which every SDK call `work` makes (through the adapters) inherits.
 * An enclosing deadline still holds: the earlier one wins.
 */
export const withDeadline = <T>(ms: number, work: () => T): T => {
  const own = AbortSignal.timeout(ms);
  const outer = deadlines.getStore();
  const signal = outer ? AbortSignal.any([outer, own]) : own;
  // Each SDK call in flight listens for the abort; a batch keeps more than the default ten in flight.
  setMaxListeners(1_000, signal);
  return deadlines.run(signal, work);
};

/**
 * What an SDK call that `signal` or its own timeouts cut short throws instead: an {@link UnavailableError}, which
 * every function already answers fail-closed (a 503 or retry page, the filter's "nothing was decided", a failed
 * SQS record). Any other error is returned as it is.
 */
export const stalledCallError = (
  service: string,
  error: unknown,
  signal: AbortSignal | undefined,
): unknown => {
  const name = (error as { readonly name?: unknown } | null)?.name;
  const cut = name === 'TimeoutError' || (name === 'AbortError' && signal?.aborted === true);
  return cut
    ? new UnavailableError(`${service} did not answer in time; retry the request`, undefined, {
        cause: error,
      })
    : error;
};
