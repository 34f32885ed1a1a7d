/** Runs a call once a slot is free; see {@link createCallLimiter}. */
export type CallLimiter = <R>(call: () => Promise<R>) => Promise<R>;

/**
 * At most `concurrency` calls running at once, the others waiting in order of arrival. Unlike
 * `mapBounded`, calls may be added while others run, and by several callers: the pre-send filter feeds one
 * limiter from two lookups (suppressions and do-not-contact) as it derives their keys, so that together they keep
 * exactly `concurrency` requests in flight instead of two pools each half full at the end.
 */
export const createCallLimiter = (concurrency: number): CallLimiter => {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency ${concurrency} must be a whole number of at least 1`);
  }
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished call hands its slot straight to the next waiting one, so `running` never overshoots.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (call) => {
    if (running < concurrency) running++;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await call();
    } finally {
      release();
    }
  };
};
