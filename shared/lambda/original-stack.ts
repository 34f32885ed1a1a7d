import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Source maps read on the first error, not at every cold start. The functions run minified bundles without
 * `--enable-source-maps`, with which Node.js reads and parses the bundle's map while it loads it (15–40 ms of
 * every init, docs/decisions.md, "Lambda bundles"); the map still ships beside the bundle (`index.mjs.map`). An
 * error that is logged passes through {@link withOriginalStack} first, which then reads that map once per
 * container and points each frame of the bundle at the original file and line.
 */

/** A bundle's parsed map, or `null` when it has none (tests and the local server run the sources themselves). */
const maps = new Map<string, SourceMap | null>();

const mapOf = (file: string): SourceMap | null => {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
};

/** A frame's location in a `.js`/`.mjs`/`.cjs` file: path or file URL, line, column. */
const LOCATION = /((?:file:\/\/)?\/[^\s():]+\.[cm]?js):(\d+):(\d+)/g;

/** `stack` with every location inside a bundle that has a map replaced by the original file, line and column. */
export const originalStack = (stack: string): string =>
  stack.replace(LOCATION, (location, path: string, line: string, column: string) => {
    const file = path.startsWith('file://') ? fileURLToPath(path) : path;
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return location;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });

/** The error to log: the same, with its stack (and its causes' stacks) pointing at the sources. */
export const withOriginalStack = (error: unknown): unknown => {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return error;
  const mapped = originalStack(error.stack);
  const cause = error.cause === undefined ? undefined : withOriginalStack(error.cause);
  if (mapped === error.stack && cause === error.cause) return error;
  // A copy, not the thrown object: others may still read it. Own fields (code, details) come along.
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error);
  Object.defineProperties(copy, {
    message: { value: error.message, writable: true, configurable: true },
    stack: { value: mapped, writable: true, configurable: true },
    ...(cause === undefined ? {} : { cause: { value: cause, writable: true, configurable: true } }),
  });
  return copy;
};
