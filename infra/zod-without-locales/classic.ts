/**
 * zod 4's classic API (`zod/v4/classic/external`) with `core` and `locales` shadowed: an explicit export wins over
 * an `export *` of the same name. See ./index.ts.
 */
import en from '../../node_modules/zod/v4/locales/en.js';

export * from '../../node_modules/zod/v4/classic/external.js';
export * as core from './core';
/** English only: `z.locales.en()` still works, any other language is undefined in the bundles. */
export const locales = { en };
