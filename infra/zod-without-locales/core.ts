/** zod 4's core (`zod/v4/core`) with `locales` holding English only. See ./index.ts. */
import en from '../../node_modules/zod/v4/locales/en.js';

export * from '../../node_modules/zod/v4/core/index.js';
export const locales = { en };
