import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HttpApiHandler, LocalRoute } from '../http-adapter';
import type { LocalRoutesContext } from './context';

/** Where the console is served, locally as deployed (console/vite.config.ts's `base`). */
export const CONSOLE_PATH = '/console/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Hashed file names (`assets/index-dfdJwwse.js`) never change content: cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const originOf = (url: string): string => new URL(url).origin;

/**
 * The console's Content-Security-Policy, as strict as the deployed one: scripts and styles from the console's
 * origin only, API calls to the API (and the identity provider), uploads to the jobs' bucket (the local S3
 * server), nothing framed, no inline code anywhere.
 */
export const consoleCsp = (apiUrl: string, oidcIssuer?: string, uploadsUrl?: string): string =>
  [
    "default-src 'self'",
    `connect-src ${["'self'", originOf(apiUrl), ...[oidcIssuer, uploadsUrl].flatMap((url) => (url ? [originOf(url)] : []))].join(' ')}`,
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The admin console (a built Vite site, console/dist) at `/console/`, beside the API on the same server:
 *
 * - `/console/config.json` is the runtime config, written here: `apiUrl` is this service, `oidc` only if given;
 * - a path naming a file serves it with its content type; hashed `assets/` are cached for a year, the rest
 *   revalidated;
 * - any other `/console/*` path serves index.html (the app routes it: `/console/suppressions`), except under
 *   `assets/`, where a missing file is a 404 rather than HTML that the browser would refuse as a script;
 * - `/console` redirects to `/console/`; methods other than GET and HEAD answer 405.
 */
export const consoleRoutes = (context: LocalRoutesContext): LocalRoute[] => {
  const site = context.console;
  if (!site) return [];
  const root = path.resolve(site.dir);
  const csp = consoleCsp(context.baseUrl, site.oidc?.issuer, context.s3?.endpoint);
  const config = JSON.stringify({ apiUrl: context.baseUrl, ...(site.oidc ? { oidc: site.oidc } : {}) });

  const file = async (relative: string) => {
    const resolved = path.resolve(root, relative);
    if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`)) return undefined;
    try {
      if (!(await stat(resolved)).isFile()) return undefined;
      return { resolved, body: await readFile(resolved) };
    } catch {
      return undefined;
    }
  };

  const page = async (status = 200) => {
    const index = await file('index.html');
    if (!index) {
      return {
        statusCode: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: `The console is not built in ${root}: run npm run build:console.\n`,
      };
    }
    return {
      statusCode: status,
      headers: {
        'content-type': CONTENT_TYPES['.html'] as string,
        'cache-control': 'no-cache',
        'content-security-policy': csp,
        ...SECURITY_HEADERS,
      },
      body: index.body.toString('base64'),
      isBase64Encoded: true,
    };
  };

  const handler: HttpApiHandler = async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        statusCode: 405,
        headers: { allow: 'GET, HEAD', 'content-type': 'application/json' },
        body: JSON.stringify({
          error: { code: 'method_not_allowed', message: `${method} is not allowed here` },
        }),
      };
    }
    const requestPath = event.rawPath;
    if (requestPath === '/console') {
      const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
      return { statusCode: 308, headers: { location: `${CONSOLE_PATH}${query}` } };
    }
    const relative = requestPath.slice(CONSOLE_PATH.length);
    if (relative === 'config.json') {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS },
        body: config,
      };
    }
    if (relative === '' || relative === 'index.html') return page();
    const found = await file(relative);
    if (found) {
      const type = CONTENT_TYPES[path.extname(found.resolved).toLowerCase()] ?? 'application/octet-stream';
      return {
        statusCode: 200,
        headers: {
          'content-type': type,
          'cache-control': relative.startsWith('assets/') ? IMMUTABLE : 'public, max-age=300',
          ...SECURITY_HEADERS,
          ...(type.startsWith('text/html') ? { 'content-security-policy': csp } : {}),
        },
        body: found.body.toString('base64'),
        isBase64Encoded: true,
      };
    }
    if (relative.startsWith('assets/')) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: `No such file: ${requestPath}\n`,
      };
    }
    return page();
  };

  return [
    { method: '*', path: '/console', handler },
    { method: '*', path: CONSOLE_PATH, handler },
    { method: '*', path: `${CONSOLE_PATH}{proxy+}`, handler },
  ];
};
