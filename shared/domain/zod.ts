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
 * so where both run (tests, the local server, functions that still use Powertools' parser) they agree. English is
 * imported alone: `z.locales.en` would bring zod's 62 other languages into the bundle with the namespace.
 */
// biome-ignore lint/style/noRestrictedImports: the one module that imports zod, so that English comes with it.
import * as z from 'zod/mini';
// biome-ignore lint/style/noRestrictedImports: English alone; zod/mini's `locales` would bring every language.
import en from 'zod/v4/locales/en.js';

z.config(en());

// biome-ignore lint/style/noRestrictedImports: what every schema imports, as `import * as z from '#domain/zod'`.
export * from 'zod/mini';
