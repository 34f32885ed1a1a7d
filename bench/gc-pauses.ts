import { PerformanceObserver } from 'node:perf_hooks';

/** A window of time on the performance clock (`performance.now()`). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Records the garbage collector's pauses of the main thread (PerformanceObserver 'gc' entries) from now on, so
 * that a bench can say how much of a timed window the collector took. Entries arrive on a later turn of the event
 * loop: {@link GcPauses.stop} waits one before it stops listening.
 */
export interface GcPauses {
  /** Milliseconds of pauses that started within the window. */
  within(window: TimeWindow): number;
  stop(): Promise<void>;
}

export const watchGcPauses = (): GcPauses => {
  const pauses: { readonly start: number; readonly ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, ms: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    within: ({ from, to }) =>
      pauses
        .filter((pause) => pause.start >= from && pause.start < to)
        .reduce((sum, pause) => sum + pause.ms, 0),
    stop: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      observer.disconnect();
    },
  };
};
