import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, type ConsoleBuild, FIRST_LOAD_BUDGET_BYTES, inlineCodeIn } from '../../console/build';
import { type ConsoleService, startConsoleService } from '../support/console';

let service: ConsoleService;

beforeAll(async () => {
  service = await startConsoleService();
});

afterAll(async () => {
  await service?.close();
});

const get = (pathname: string, init: RequestInit = {}) =>
  fetch(`${service.baseUrl}${pathname}`, { redirect: 'manual', ...init });

describe('the local server serves the console at /console/', () => {
  it('answers the app for /console/ and for any route of it, with a strict CSP and no caching', async () => {
    const index = await get('/console/');
    const html = await index.text();
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${service.baseUrl}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(inlineCodeIn(html)).toEqual([]);

    for (const route of [
      '/console/suppressions',
      '/console/campaign-runs?x=1',
      '/console/a/b/c',
      '/console/index.html',
    ]) {
      const deep = await get(route);
      expect(deep.status, route).toBe(200);
      expect(await deep.text(), route).toBe(html);
    }
    const head = await get('/console/contacts', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serves the built files with their content types, hashed assets cached for a year', async () => {
    const html = await (await get('/console/')).text();
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1] ?? '';
    const style = /<link rel="stylesheet" crossorigin href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(script).toMatch(/^\/console\/assets\/index-[\w-]+\.js$/);
    expect(style).toMatch(/^\/console\/assets\/index-[\w-]+\.css$/);

    const js = await get(script);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await get(style);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/console/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=300');

    // A missing asset is a 404, not the app's HTML (which a browser would refuse as a script anyway).
    const missing = await get('/console/assets/index-missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('writes the runtime config: the API is this service, and there is no identity provider locally', async () => {
    const config = await get('/console/config.json');
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toBe('application/json');
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect(await config.json()).toEqual({ apiUrl: service.baseUrl });
  });

  it('redirects /console to /console/, refuses other methods, and never serves a file outside the site', async () => {
    const bare = await get('/console?next=1');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/?next=1');
    const post = await get('/console/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');

    const html = await (await get('/console/')).text();
    for (const sneaky of ['/console/..%2f..%2fpackage.json', '/console/%2e%2e/%2e%2e/package.json']) {
      const response = await get(sneaky);
      const body = await response.text();
      expect(body, sneaky).not.toContain('"devDependencies"');
      expect([200, 404], sneaky).toContain(response.status);
      if (response.status === 200) expect(body).toBe(html);
    }
    // The API beside it is untouched.
    expect((await get('/v1/suppressions')).status).toBe(401);
  });
});

describe('the console build', () => {
  let built: ConsoleBuild;
  beforeAll(async () => {
    built = await buildConsole({
      outDir: await mkdtemp(path.join(tmpdir(), 'quietlist-console-build-')),
      quiet: true,
    });
  });

  it(`loads at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB of gzipped JavaScript first, the OIDC client and the charts on demand`, () => {
    expect(built.firstLoadJsGzipBytes).toBeGreaterThan(0);
    expect(built.firstLoadJsGzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    expect(built.lazyJs.map((file) => file.file).sort()).toEqual([
      expect.stringMatching(/^assets\/oidc-[\w-]+\.js$/),
      // uPlot and the Statistics charts, with their stylesheet (a file: the CSP allows no inline style).
      expect.stringMatching(/^assets\/uplot-chart-[\w-]+\.js$/),
    ]);
    expect(built.css.map((file) => file.file)).toContainEqual(
      expect.stringMatching(/^assets\/uplot-chart-[\w-]+\.css$/),
    );
    // Only pure tables and functions of the domain reach the browser, no server code.
    expect(built.sharedModules).toEqual([
      'shared/domain/mask.ts',
      'shared/domain/roles.ts',
      'shared/domain/sources.ts',
      'shared/domain/stats-alerts.ts',
      'shared/domain/topics.ts',
    ]);
  });

  it('writes no inline script or style, no source map and no data: URI', async () => {
    const files = await readdir(built.outDir, { recursive: true });
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const html = await readFile(path.join(built.outDir, 'index.html'), 'utf8');
    expect(inlineCodeIn(html)).toEqual([]);
    expect(html).not.toContain('data:');
    for (const file of files.filter((name) => name.endsWith('.css'))) {
      expect(await readFile(path.join(built.outDir, file), 'utf8')).not.toContain('data:');
    }
  });

  it('finds inline code a strict CSP would block', () => {
    expect(
      inlineCodeIn('<script type="module" src="/a.js"></script><link rel="stylesheet" href="/b.css">'),
    ).toEqual([]);
    expect(inlineCodeIn('<script>alert(1)</script>')).toHaveLength(1);
    expect(inlineCodeIn('<script src="/a.js">alert(1)</script>')).toHaveLength(1);
    expect(inlineCodeIn('<style>p{}</style>')).toHaveLength(1);
    expect(inlineCodeIn('<p style="color:red">x</p>')).toHaveLength(1);
    expect(inlineCodeIn('<img src="x" onerror="alert(1)">')).toHaveLength(1);
  });
});
