import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as zod from 'zod';
import { FUNCTION_BUNDLING } from '../../infra/bundling';

/*
 * The deployed bundles resolve `zod` to infra/zod-without-locales (FUNCTION_BUNDLING's alias), while tests and
 * the local server use the real package. This test bundles the same parses both ways and holds the bundled ones
 * to the real zod's answers, so the alias cannot change what a caller is told.
 */

const ISSUES = `
  const schemas = [
    [z.object({ a: z.string(), n: z.number().int().min(1).max(20) }).strict(), { a: 1, n: 0.5, extra: true }],
    [z.array(z.string()).max(1), [1, 'x', 'y']],
    [z.enum(['marketing', 'transactional']), 'newsletter'],
    [z.iso.datetime({ offset: true }), '30/11/2026'],
    [z.url(), 'not a url'],
    [z.literal('address_verified'), 'because'],
    [z.string().trim().min(1).max(3), '   '],
    [z.record(z.string(), z.object({ Type: z.string() })), { k: { Type: 7 } }],
  ];
  export const messages = () =>
    schemas.map(([schema, input]) => {
      const parsed = schema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
    });
`;

const folder = await mkdtemp(join(import.meta.dirname, '..', '..', 'node_modules', '.cache-zod-alias-'));

afterAll(() => rm(folder, { recursive: true, force: true }));

const bundled = async (importLine: string) => {
  const entry = join(folder, `entry-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(entry, `${importLine}\n${ISSUES}`);
  const outfile = `${entry}.mjs`;
  const alias = FUNCTION_BUNDLING.esbuildArgs['--alias'].map((pair) => pair.split('='));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: FUNCTION_BUNDLING.mainFields,
    alias: Object.fromEntries(alias),
    logLevel: 'silent',
  });
  return (await import(pathToFileURL(outfile).href)) as { messages: () => unknown };
};

const real = new Function(
  'z',
  `${ISSUES.replace('export const messages', 'const messages')}; return messages();`,
);

describe("the deployed bundles' zod", () => {
  it.each([["import { z } from 'zod';"], ["import * as z from 'zod';"]])(
    'answers every parse in English exactly as zod does (%s)',
    async (importLine) => {
      const { messages } = await bundled(importLine);
      expect(messages()).toEqual(real(zod.z));
      expect(JSON.stringify(messages())).toContain('Invalid input');
    },
  );
});
