/**
 * Runs `work` with this process's standard output written nowhere. The handler formats its log lines and metrics
 * (EMF) records per request as it does in Lambda, and that work still counts; only the writing is dropped. In Lambda it
 * goes down a pipe to CloudWatch, not to this terminal, and the report stays readable. Errors still go to stderr.
 */
export const withStdoutDropped = async <T>(work: () => Promise<T>): Promise<T> => {
  const write = process.stdout.write;
  process.stdout.write = ((_chunk: unknown, encodingOrDone?: unknown, done?: unknown) => {
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') queueMicrotask(() => callback());
    return true;
  }) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
};
