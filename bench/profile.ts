/**
 * The V8 sampling profiler (node:inspector) around some work, summarised as self time per function and per file:
 * what `--profile` prints in `npm run bench` and `npm run bench:filter-cpu`. The raw profile is written too, for
 * Chrome DevTools.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Self time, ms, by name, largest first. */
export type SelfTimes = readonly (readonly [string, number])[];

export interface ProfileSummary {
  readonly functions: SelfTimes;
  readonly files: SelfTimes;
  readonly totalMs: number;
}

/** Self time per function and per file, ms, from the samples' time deltas. */
const selfTimes = (profile: Profile, top: number): ProfileSummary => {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    const node = byNode.get(samples[index] as number);
    if (node === undefined) continue;
    const ms = (deltas[index + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^.*\/work\/[^/]+\//, '') || '(native)';
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const largest = (map: Map<string, number>, count: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return {
    functions: largest(functions, top),
    files: largest(files, top),
    totalMs: (profile.endTime - profile.startTime) / 1000,
  };
};

/** Runs `work` under the profiler (100 µs sampling), writes the raw profile to `file`, returns its summary. */
export const profiled = async (
  work: () => Promise<unknown>,
  file: URL,
  top = 25,
): Promise<ProfileSummary> => {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await work();
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    await mkdir(new URL('./', file), { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    return selfTimes(profile, top);
  } finally {
    session.disconnect();
  }
};

/** `   123.4 ms  name` lines. */
export const selfTimeLines = (times: SelfTimes): string[] =>
  times.map(([name, ms]) => `  ${(Math.round(ms * 10) / 10).toString().padStart(8)} ms  ${name}`);
