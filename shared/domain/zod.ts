/**
 * The project's one zod: `zod/mini`, with English error messages. Every schema imports it as
 * `import * as z from '#domain/zod'` (biome forbids `zod` and `zod/mini` elsewhere), so that no schema can be built
 * or parsed before English is configured.
 *
 * Why zod/mini: its functions (`z.optional(s)`, `s.check(z.maxLength(n))`) let esbuild drop what a bundle does not
 * call, where the classic API's methods pull every schema type in: 31 KB instead of 93 KB in the pre-send filter's
 * bundle, 29 KB in the unsubscribe page's, and 8–17 ms less module init, paired (issue #16; docs/decisions.md,
 * "zod/mini").
 *
 * Why configure English here: zod/mini registers no language, and without one every issue reads "Invalid input".
 * The classic API registers English itself when its first schema is built; both share zod's one global config,
 * so where both run (tests that hold our schemas to classic or Powertools' ones) they agree. English is
 * imported alone: `z.locales.en` would bring zod's 62 other languages into the bundle with the namespace.
 */
// biome-ignore lint/style/noRestrictedImports: the one module that imports zod, so that English comes with it.
import * as z from 'zod/mini';
// biome-ignore lint/style/noRestrictedImports: zod's core, for the compiled object parser below.
import * as core from 'zod/v4/core';
// biome-ignore lint/style/noRestrictedImports: English alone; zod/mini's `locales` would bring every language.
import en from 'zod/v4/locales/en.js';

z.config(en());

/** zod declares `init` as an assertion; as a plain function it can be called as one of two in sequence. */
type Init = (inst: z.ZodMiniObject, def: z.ZodMiniObject['_zod']['def']) => void;

/**
 * What {@link compiledStrictObject} builds: zod/mini's object, parsed by the parser zod generates for the shape
 * (`$ZodObjectJIT`, what classic zod's objects use) instead of zod/mini's interpreted one. Pure, and reading zod's
 * constructors only when called: a bundle that builds no compiled object (the unsubscribe page) leaves it out.
 */
const ZodMiniCompiledObject = /* @__PURE__ */ core.$constructor(
  'ZodMiniCompiledObject',
  (inst: z.ZodMiniObject, def) => {
    const initCompiledParser: Init = core.$ZodObjectJIT.init;
    const initMiniMethods: Init = z.ZodMiniType.init;
    initCompiledParser(inst, def);
    initMiniMethods(inst, def);
  },
);

/**
 * `z.strictObject(shape)`, parsed 3–4× faster: zod/mini objects leave out the parser classic zod generates for
 * each object shape (one `new Function` per shape, on its first parse), which cost the pre-send filter about
 * 1–2 µs a recipient over 10,000 recipients (`npm run bench:filter-cpu`). For the schemas parsed once per item
 * of a long list; the same issues, paths and messages as `z.strictObject` (test/unit/zod-compiled-object.test.ts).
 */
export const compiledStrictObject = <Shape extends core.$ZodLooseShape>(
  shape: Shape,
): z.ZodMiniObject<Shape, core.$strict> =>
  new ZodMiniCompiledObject({
    type: 'object',
    shape,
    catchall: z.never(),
  }) as unknown as z.ZodMiniObject<Shape, core.$strict>;

/**
 * A refinement from a parser that answers a `Result`: its error, when there is one, is the issue's message. For
 * `z.string().check(z.superRefine(fromResult(parseTenantId)))`: one rule, written once, at the edge and inside.
 */
export const fromResult =
  (parse: (input: unknown) => { ok: true; value: string } | { ok: false; error: string }) =>
  (value: string, context: core.$RefinementCtx<string>) => {
    const result = parse(value);
    if (!result.ok) context.addIssue({ code: 'custom', message: result.error });
  };

// biome-ignore lint/style/noRestrictedImports: what every schema imports, as `import * as z from '#domain/zod'`.
export * from 'zod/mini';
