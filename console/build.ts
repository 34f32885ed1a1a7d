import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type InlineConfig } from 'vite';
import viteConfig from './vite.config';

/**
 * Builds the admin console with Vite (console/vite.config.ts) and measures what a first visit downloads: the
 * entry script and every chunk it imports statically (what the browser must fetch before the app runs),
 * gzipped. Chunks loaded on demand (`import()`: the OIDC client, later the charts) are not part of it.
 *
 * `npm run build:console` runs this file: it builds into console/dist, prints one summary line and writes
 * bench/results/console.json. `npm start` and the browser tests call {@link buildConsole}.
 */

/** The first-load budget of the issue: 150 KB (1,024 bytes) of gzipped JavaScript. */
export const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

const CONSOLE_ROOT = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = path.resolve(CONSOLE_ROOT, '..');
export const DEFAULT_CONSOLE_DIST = path.join(CONSOLE_ROOT, 'dist');

export interface ConsoleFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface ConsoleBuild {
  readonly outDir: string;
  readonly durationMs: number;
  /** Scripts a first visit downloads (entry and static imports), in load order. */
  readonly firstLoadJs: readonly ConsoleFile[];
  readonly firstLoadJsGzipBytes: number;
  /** Chunks loaded only when needed (the OIDC client, …). */
  readonly lazyJs: readonly ConsoleFile[];
  readonly css: readonly ConsoleFile[];
  /** Project files outside console/ in the bundle (shared/domain tables); node_modules are not listed. */
  readonly sharedModules: readonly string[];
}

interface Chunk {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly code: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
  readonly dynamicImports: readonly string[];
  readonly moduleIds: readonly string[];
}
interface Asset {
  readonly type: 'asset';
  readonly fileName: string;
  readonly source: string | Uint8Array;
}

const measure = (file: string, content: string | Uint8Array): ConsoleFile => {
  const buffer = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  return { file, bytes: buffer.length, gzipBytes: gzipSync(buffer, { level: 9 }).length };
};

/**
 * What the deployed CSP (`script-src 'self'; style-src 'self'`) would block: inline scripts, inline styles,
 * style attributes, event-handler attributes. Returns the offending snippets.
 */
export const inlineCodeIn = (html: string): string[] => {
  const problems: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [whole, attributes = '', body = ''] = match;
    if (!/\bsrc\s*=/.test(attributes) || body.trim() !== '') problems.push(whole.slice(0, 80));
  }
  for (const match of html.matchAll(/<style\b[\s\S]*?<\/style>/gi)) problems.push(match[0].slice(0, 80));
  for (const match of html.matchAll(/<[^>]*\s(style|on[a-z]+)\s*=[^>]*>/gi))
    problems.push(match[0].slice(0, 80));
  return problems;
};

/** Builds the console into `outDir` (console/dist by default) and measures it; throws on a CSP-unsafe page. */
export async function buildConsole(
  options: { outDir?: string; quiet?: boolean } = {},
): Promise<ConsoleBuild> {
  const outDir = path.resolve(options.outDir ?? DEFAULT_CONSOLE_DIST);
  const started = performance.now();
  const browserExternals: string[] = [];
  const config: InlineConfig = {
    ...viteConfig,
    configFile: false,
    logLevel: options.quiet ? 'error' : 'warn',
    build: { ...viteConfig.build, outDir },
    plugins: [
      {
        name: 'quietlist:no-node-modules-in-the-browser',
        // Vite replaces a Node built-in imported by browser code with an empty stub that fails at run time.
        generateBundle(_options, bundle) {
          for (const output of Object.values(bundle)) {
            if (output.type !== 'chunk') continue;
            for (const id of output.moduleIds) {
              if (id.includes('__vite-browser-external')) browserExternals.push(`${output.fileName}: ${id}`);
            }
          }
        },
      },
    ],
  };
  const result = await build(config);
  if (browserExternals.length > 0) {
    throw new Error(
      `The console imports Node.js modules, which do not exist in a browser:\n  ${browserExternals.join('\n  ')}`,
    );
  }
  const outputs = (Array.isArray(result) ? result : [result]).flatMap(
    (one) => (one as { output: (Chunk | Asset)[] }).output,
  );
  const chunks = new Map(
    outputs
      .filter((output): output is Chunk => output.type === 'chunk')
      .map((chunk) => [chunk.fileName, chunk]),
  );

  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const inline = inlineCodeIn(html);
  if (inline.length > 0) {
    throw new Error(
      `The console's index.html holds inline code a strict CSP blocks:\n  ${inline.join('\n  ')}`,
    );
  }

  const firstLoad: string[] = [];
  const visit = (fileName: string) => {
    if (firstLoad.includes(fileName)) return;
    firstLoad.push(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  const firstLoadJs = firstLoad.map((file) => measure(file, chunks.get(file)?.code ?? ''));
  const lazyJs = [...chunks.values()]
    .filter((chunk) => !firstLoad.includes(chunk.fileName))
    .map((chunk) => measure(chunk.fileName, chunk.code));
  const css = outputs
    .filter((output): output is Asset => output.type === 'asset' && output.fileName.endsWith('.css'))
    .map((asset) => measure(asset.fileName, asset.source));
  const sharedModules = [
    ...new Set(
      [...chunks.values()]
        .flatMap((chunk) => chunk.moduleIds)
        .filter(
          (id) => id.startsWith(REPO_ROOT) && !id.includes('node_modules') && !id.startsWith(CONSOLE_ROOT),
        )
        .map((id) => path.relative(REPO_ROOT, id)),
    ),
  ].sort();

  return {
    outDir,
    durationMs: Math.round(performance.now() - started),
    firstLoadJs,
    firstLoadJsGzipBytes: firstLoadJs.reduce((sum, file) => sum + file.gzipBytes, 0),
    lazyJs,
    css,
    sharedModules,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The line `npm run build:console` and `npm start` print. */
export const summaryLine = (built: ConsoleBuild): string => {
  const within = built.firstLoadJsGzipBytes <= FIRST_LOAD_BUDGET_BYTES;
  const lazy = built.lazyJs.reduce((sum, file) => sum + file.gzipBytes, 0);
  const css = built.css.reduce((sum, file) => sum + file.gzipBytes, 0);
  return (
    `Console built in ${built.durationMs} ms: first load ${kb(built.firstLoadJsGzipBytes)} of JavaScript gzipped ` +
    `(${built.firstLoadJs.length} file${built.firstLoadJs.length === 1 ? '' : 's'}; budget ${kb(FIRST_LOAD_BUDGET_BYTES)}, ` +
    `${within ? 'within' : 'OVER'}), ${kb(lazy)} loaded on demand, ${kb(css)} of CSS`
  );
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildConsole();
  console.log(summaryLine(built));
  const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const { outDir, ...figures } = built;
  await writeFile(
    path.join(resultsDir, 'console.json'),
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        budgetGzipBytes: FIRST_LOAD_BUDGET_BYTES,
        withinBudget: built.firstLoadJsGzipBytes <= FIRST_LOAD_BUDGET_BYTES,
        ...figures,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `Wrote ${path.relative(process.cwd(), path.join(resultsDir, 'console.json'))}; the site is in ${path.relative(process.cwd(), outDir)}/`,
  );
  if (built.firstLoadJsGzipBytes > FIRST_LOAD_BUDGET_BYTES) process.exitCode = 1;
}
