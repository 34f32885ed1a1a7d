import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { withOriginalStack } from '#lambda/original-stack';
import { FUNCTION_BUNDLING } from '../../infra/bundling';

/*
 * The functions run minified bundles without --enable-source-maps (infra/bundling.ts): a logged error reads the
 * map then. This bundles a thrower as the functions are bundled (minified, linked map without the sources' text),
 * loads it in this process, where source maps are off for it, and maps what it throws.
 */

const folder = await mkdtemp(join(import.meta.dirname, '..', '..', 'node_modules', '.cache-original-stack-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const THROWER = `export class StoreError extends Error {
  readonly code = 'store_failed';
}

export const readStore = (): never => {
  throw new Error('the store did not answer');
};

export const save = (): never => {
  try {
    readStore();
  } catch (cause) {
    throw new StoreError('could not save', { cause });
  }
  return undefined as never;
};
`;

const bundled = async () => {
  const entry = join(folder, 'thrower.ts');
  await writeFile(entry, THROWER);
  const outfile = join(folder, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: FUNCTION_BUNDLING.minify,
    sourcemap: 'linked',
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    logLevel: 'silent',
  });
  return (await import(pathToFileURL(outfile).href)) as { save: () => never };
};

const thrownBy = (run: () => never): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing thrown');
};

describe('withOriginalStack', () => {
  it("points a bundle's frames at the original file and line, causes included, fields kept", async () => {
    const { save } = await bundled();
    const error = thrownBy(save);
    expect(error.stack).toContain('index.mjs:');
    expect(error.stack).not.toContain('thrower.ts');

    const logged = withOriginalStack(error) as Error & { code: string; cause: Error };
    expect(logged.stack).toMatch(/thrower\.ts:13:\d+/);
    expect(logged.stack).not.toContain('index.mjs:');
    expect(logged.cause.stack).toMatch(/thrower\.ts:6:\d+/);
    expect(logged).toMatchObject({ message: 'could not save', code: 'store_failed' });
    expect(logged).toBeInstanceOf(error.constructor);
    // The thrown object itself is left as it was.
    expect(error.stack).toContain('index.mjs:');
  });

  it('leaves an error without a bundle map, and anything not an error, as it is', () => {
    const error = new Error('from the sources');
    expect(withOriginalStack(error)).toBe(error);
    expect(withOriginalStack('a string')).toBe('a string');
  });
});
