import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// biome-ignore lint/style/noRestrictedImports: the real classic zod is what the bundled answers are held to.
import * as zod from 'zod';
import { FUNCTION_BUNDLING } from '../../infra/bundling';

/*
 * The deployed bundles resolve `zod` to infra/zod-without-locales (FUNCTION_BUNDLING's alias), while tests and
 * the local server use the real package. This test bundles the same parses both ways and holds the bundled ones
 * to the real zod's answers, so the alias cannot change what a caller is told. The project's own schemas use
 * zod/mini through shared/domain/zod.ts, whose subpaths the alias must leave alone: the same parses written in
 * zod/mini, bundled alone (no classic zod to register English), must answer exactly the same.
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

/** {@link ISSUES} in zod/mini: the same checks, so the same issues. */
const MINI_ISSUES = `
  const schemas = [
    [z.strictObject({ a: z.string(), n: z.number().check(z.int(), z.minimum(1), z.maximum(20)) }), { a: 1, n: 0.5, extra: true }],
    [z.array(z.string()).check(z.maxLength(1)), [1, 'x', 'y']],
    [z.enum(['marketing', 'transactional']), 'newsletter'],
    [z.iso.datetime({ offset: true }), '30/11/2026'],
    [z.url(), 'not a url'],
    [z.literal('address_verified'), 'because'],
    [z.string().check(z.trim(), z.minLength(1), z.maxLength(3)), '   '],
    [z.record(z.string(), z.object({ Type: z.string() })), { k: { Type: 7 } }],
  ];
  export const messages = () =>
    schemas.map(([schema, input]) => {
      const parsed = z.safeParse(schema, input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
    });
`;

const projectZod = join(import.meta.dirname, '..', '..', 'shared', 'domain', 'zod.ts');

const folder = await mkdtemp(join(import.meta.dirname, '..', '..', 'node_modules', '.cache-zod-alias-'));

afterAll(() => rm(folder, { recursive: true, force: true }));

const bundledFile = async (importLine: string, issues = ISSUES) => {
  const entry = join(folder, `entry-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(entry, `${importLine}\n${issues}`);
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
  return { outfile };
};

const bundled = async (importLine: string) => {
  const { outfile } = await bundledFile(importLine);
  return (await import(pathToFileURL(outfile).href)) as { messages: () => unknown };
};

const run = promisify(execFile);

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

  // In a fresh process: zod keeps its config on globalThis, shared by every copy, so this process's classic zod
  // (which registers English itself) would hide a bundle that forgot to.
  it("leaves zod/mini to the project's schemas: alone, they answer in English exactly as zod does", async () => {
    const { outfile } = await bundledFile(`import * as z from ${JSON.stringify(projectZod)};`, MINI_ISSUES);
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '--eval',
      `const { messages } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
       console.log(JSON.stringify([globalThis.__zod_globalConfig?.localeError !== undefined, messages()]));`,
    ]);
    expect(JSON.parse(stdout)).toEqual([true, real(zod.z)]);
  });
});
