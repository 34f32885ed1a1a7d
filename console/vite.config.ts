import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The admin console's build (`npm run build:console`, and `npm start` before it serves it; `npx vite build console`
 * works too). Preact through Vite 8's own oxc JSX transform (no Babel plugin). The app is served under
 * `/console/`, locally and deployed, so every asset URL is absolute from there (an SPA fallback serves
 * index.html for deep links like `/console/suppressions`, whose relative URLs would otherwise resolve below them).
 *
 * CSP: the HTML carries only external `<script type="module">` and `<link rel="stylesheet">` tags: no module
 * preload polyfill (it would be injected as code), no assets inlined as `data:` URIs. console/build.ts refuses a
 * build whose HTML holds inline script or style.
 */
export const CONSOLE_BASE = '/console/';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: CONSOLE_BASE,
  publicDir: 'public',
  // The console reads its runtime config from /console/config.json; nothing in import.meta.env is secret or used.
  envPrefix: 'QUIETLIST_CONSOLE_',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 150,
  },
});
