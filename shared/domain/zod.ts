/**
 * The project's one zod: `zod/mini`, with English error messages. Every schema imports it as
 * `import * as z from '#domain/zod'` (biome forbids `zod` and `zod/mini` elsewhere), so that no schema can be built
 * or parsed before English is configured.
 *
 * Why zod/mini: its functions (`z.optional(s)`, `s.check(z.maxLength(n))`) let esbuild drop what a bundle does not
 * call, where the classic API's methods pull every schema type in: 17 KB instead of 93 KB in the pre-send filter's
 * and the unsubscribe page's bundles, and some 15 ms less module init (issue #16; docs/decisions.md, "zod/mini").
 *
 * Why configure English here: zod/mini registers no language, and without one every issue reads "Invalid input".
 * The classic API registers English itself when its first schema is built; both share zod's one global config,
 * so where both run (tests, the local server, functions that still use Powertools' parser) they agree. English is
 * imported alone: `z.locales.en` would bring zod's 62 other languages into the bundle with the namespace.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';
