/**
 * What `import … from 'zod'` resolves to in the Lambda bundles (esbuild `--alias:zod=…`, infra/bundling.ts): zod 4's
 * classic API, the `z` namespace included, without the error messages of its 62 other languages. Tests, the local
 * server and `tsc` use the real `zod` package; only the deployed bundles are built against this.
 *
 * Why: zod's entry exports `z` as a namespace object (`import * as z` of its classic API), and that namespace
 * exports `locales` (every language) and `core`, whose own namespace exports `locales` again. esbuild keeps every
 * property of a namespace that code uses as a value, which `import { z } from 'zod'` then `z.object(…)` does, so
 * every language came along: 258 KB of each bundle. Here both are shadowed by namespaces that hold English only.
 * English stays the default language: zod's classic schemas register it themselves when the first one is built.
 */
import * as z from './classic';

export * from './classic';
export { z, z as default };
