import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Options of {@link toHttpApiEvent}. */
export interface HttpApiEventOptions {
  /** `requestContext.stage`; `$default` unless given. */
  readonly stage?: string;
  /** Route key as API Gateway writes it, e.g. `GET /u/{token}`; `$default` unless given. */
  readonly routeKey?: string;
  /** Values of the route's `{param}`s, already decoded. */
  readonly pathParameters?: Readonly<Record<string, string>>;
}

/**
 * The content types API Gateway HTTP APIs pass to Lambda as plain text; every other body, a missing content
 * type and form posts (`application/x-www-form-urlencoded`, `multipart/form-data`) included, arrives base64
 * encoded with `isBase64Encoded: true`. Handlers must therefore decode form posts, locally as in AWS.
 */
const isTextual = (contentType: string | undefined): boolean => {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml' ||
    mediaType === 'application/javascript'
  );
};

/** Percent-decodes, keeping the input when it is malformed (a lone `%`) rather than failing the request. */
const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** The request-target split into its encoded path and query, without URL normalisation (which would alter it). */
const splitTarget = (url: string | undefined): { encodedPath: string; rawQueryString: string } => {
  const target = url ?? '/';
  const queryStart = target.indexOf('?');
  const beforeQuery = queryStart === -1 ? target : target.slice(0, queryStart);
  // An absolute-form target (proxies send them) still has a path to route on.
  const encodedPath = /^https?:\/\//i.test(beforeQuery)
    ? beforeQuery.replace(/^https?:\/\/[^/]*/i, '') || '/'
    : beforeQuery || '/';
  return { encodedPath, rawQueryString: queryStart === -1 ? '' : target.slice(queryStart + 1) };
};

/**
 * API Gateway hands Lambda the path percent-decoded (`%2F` becomes a separator before routing), so the router
 * and the event both use the decoded form.
 */
const decodedPath = (url: string | undefined): string => decode(splitTarget(url).encodedPath);

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
const gatewayTime = (date: Date): string => {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
};

const clientIp = (req: IncomingMessage): string => {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
};

/**
 * Translates a Node request and its complete body into the event API Gateway HTTP APIs send Lambda with payload
 * format 2.0, as faithfully as one machine allows:
 *
 * - `rawPath` and `requestContext.http.path` are percent-decoded, `rawQueryString` is kept as sent;
 * - header names are lower-cased and repeated headers joined with commas; the `cookie` header is moved into
 *   `cookies` (one entry per cookie), as API Gateway does;
 * - `x-forwarded-for`/`-proto`/`-port` and `x-amzn-trace-id` are added like API Gateway adds them;
 * - `queryStringParameters` values are percent-decoded (`+` stays `+`), repeated keys joined with commas;
 * - the body is text only for `text/*`, JSON, XML and JavaScript, otherwise base64 with `isBase64Encoded`.
 *
 * Optional fields (`cookies`, `queryStringParameters`, `pathParameters`, `body`) are absent when empty, as in
 * AWS. `requestContext.domainName` is the Host header, port included, so URLs built from it work locally.
 */
export function toHttpApiEvent(
  req: IncomingMessage,
  body: Buffer,
  options: HttpApiEventOptions = {},
): APIGatewayProxyEventV2 {
  const now = new Date();
  const { rawQueryString } = splitTarget(req.url);
  const path = decodedPath(req.url);
  const sourceIp = clientIp(req);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const queryStringParameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (!pair) continue;
    const separator = pair.indexOf('=');
    const key = decode(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? '' : decode(pair.slice(separator + 1));
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }

  const routeKey = options.routeKey ?? '$default';
  const host = headers.host ?? 'localhost';
  const textual = isTextual(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    headers,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.', 1)[0] ?? host,
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: options.stage ?? '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: body.length > 0 && !textual,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (Object.keys(queryStringParameters).length > 0) event.queryStringParameters = queryStringParameters;
  if (options.pathParameters && Object.keys(options.pathParameters).length > 0) {
    event.pathParameters = { ...options.pathParameters };
  }
  if (body.length > 0) event.body = body.toString(textual ? 'utf8' : 'base64');
  return event;
}

/**
 * Writes a Lambda result to the response as API Gateway would: `statusCode` (200 when absent), `headers`, each
 * of `cookies` as its own `Set-Cookie`, and the body, base64-decoded when `isBase64Encoded`. HEAD responses keep
 * their headers (Content-Length included) but carry no body.
 */
export function writeHttpApiResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  res.statusCode = result.statusCode ?? 200;
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies && result.cookies.length > 0) {
    const existing = res.getHeader('set-cookie');
    const earlier = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    res.setHeader('set-cookie', [...earlier, ...result.cookies]);
  }
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded === true ? 'base64' : 'utf8');
  // 1xx, 204 and 304 answers must not carry Content-Length (RFC 9110); everything else gets an exact one.
  const bodiless = res.statusCode < 200 || res.statusCode === 204 || res.statusCode === 304;
  if (!bodiless && !res.hasHeader('content-length') && !res.hasHeader('transfer-encoding')) {
    res.setHeader('content-length', body.length);
  }
  // Node drops the body of a HEAD response by itself; passing it keeps the code path single.
  res.end(body);
}

/** A handler behind a route: the same shape as a Lambda behind an HTTP API with payload format 2.0. */
export type HttpApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** One route of the local server. */
export interface LocalRoute {
  /** HTTP method, or `*` for any (API Gateway's `ANY`). HEAD only matches `HEAD` and `*`, as in API Gateway. */
  readonly method: string;
  /** Path template: literal segments, `{param}` segments and an optional trailing `{proxy+}` (one or more). */
  readonly path: string;
  readonly handler: HttpApiHandler;
}

/** Options of {@link createLocalServer}. */
export interface LocalServerOptions {
  /** Port to listen on; 0 (the default) picks a free one, see {@link localServerUrl}. */
  readonly port?: number;
  /** Largest request body accepted; larger ones get 413. 1 MB by default. */
  readonly maxBodyBytes?: number;
  /** `requestContext.stage` of the events. */
  readonly stage?: string;
  /** Called with one line per request (method, path, status, duration); silent when omitted. */
  readonly log?: (line: string) => void;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRoute {
  readonly route: LocalRoute;
  readonly routeKey: string;
  readonly match: (segments: readonly string[]) => Record<string, string> | undefined;
}

const compileRoute = (route: LocalRoute): CompiledRoute => {
  const template = route.path.split('/').slice(1);
  const last = template.at(-1);
  const greedy = last !== undefined && /^\{[^{}]+\+\}$/.test(last) ? last.slice(1, -2) : undefined;
  const fixed = greedy === undefined ? template : template.slice(0, -1);
  const method = route.method === '*' ? 'ANY' : route.method.toUpperCase();
  return {
    route,
    routeKey: `${method} ${route.path}`,
    match: (segments) => {
      if (greedy === undefined ? segments.length !== fixed.length : segments.length <= fixed.length) {
        return undefined;
      }
      const parameters: Record<string, string> = {};
      for (const [index, part] of fixed.entries()) {
        const segment = segments[index] as string;
        const param = /^\{([^{}]+)\}$/.exec(part)?.[1];
        if (param === undefined) {
          if (part !== segment) return undefined;
        } else {
          if (segment === '') return undefined;
          parameters[param] = segment;
        }
      }
      if (greedy !== undefined) {
        const rest = segments.slice(fixed.length).join('/');
        if (rest === '') return undefined;
        parameters[greedy] = rest;
      }
      return parameters;
    },
  };
};

const sendError = (res: ServerResponse, statusCode: number, code: string, message: string): void => {
  writeHttpApiResult(res, {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify({ error: { code, message } }),
  });
};

/**
 * No route: API Gateway's own answer (`{"message":"Not Found"}`), which names nothing of the request, so a path
 * or method a caller made up is never echoed back.
 */
const sendNoRoute = (res: ServerResponse): void =>
  writeHttpApiResult(res, {
    statusCode: 404,
    headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify({ message: 'Not Found' }),
  });

class BodyTooLargeError extends Error {}

/** Reads the whole body, refusing (before or while reading) one larger than `maxBytes`. */
const readBody = (req: IncomingMessage, maxBytes: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });

/**
 * An HTTP server that runs Lambda handlers as API Gateway (HTTP API, payload 2.0) would, for `npm start` and the
 * tests. Routes are tried in order; the first whose method and path template match gets the event, with
 * `routeKey` (e.g. `GET /u/{token}`) and decoded `pathParameters` filled in. No match answers 404, a throwing
 * handler 500 (the error goes to stderr, never to the client), a body over the cap 413, all as
 * `{ "error": { "code", "message" } }` JSON.
 *
 * It starts listening at once, on 127.0.0.1 only: the local service has dev credentials and no TLS, so it must
 * not be reachable from the network. Wait for `'listening'` before using {@link localServerUrl}.
 */
export function createLocalServer(routes: readonly LocalRoute[], options: LocalServerOptions = {}): Server {
  const compiled = routes.map(compileRoute);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const server = createServer((req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodedPath(req.url);
    res.once('finish', () => {
      options.log?.(`${method} ${path} → ${res.statusCode} (${Math.round(performance.now() - started)} ms)`);
    });
    void handle(req, res, method, path);
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, method: string, path: string) => {
    const segments = path.split('/').slice(1);
    let matched: { compiled: CompiledRoute; pathParameters: Record<string, string> } | undefined;
    for (const candidate of compiled) {
      const { route } = candidate;
      if (route.method !== '*' && route.method.toUpperCase() !== method) continue;
      const pathParameters = candidate.match(segments);
      if (pathParameters) {
        matched = { compiled: candidate, pathParameters };
        break;
      }
    }
    if (!matched) {
      req.resume();
      sendNoRoute(res);
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // Keep draining so the client can finish sending and read the answer, then drop the connection.
        res.setHeader('connection', 'close');
        req.resume();
        sendError(res, 413, 'payload_too_large', `The request body exceeds ${maxBodyBytes} bytes`);
      } else {
        res.destroy();
      }
      return;
    }

    try {
      const event = toHttpApiEvent(req, body, {
        routeKey: matched.compiled.routeKey,
        pathParameters: matched.pathParameters,
        ...(options.stage === undefined ? {} : { stage: options.stage }),
      });
      const result = await matched.compiled.route.handler(event);
      writeHttpApiResult(res, result);
    } catch (error) {
      console.error(`Handler for ${matched.compiled.routeKey} failed on ${method} ${path}:`, error);
      if (res.headersSent) {
        res.destroy();
      } else {
        // Headers a half-written result may have set must not leak into the error answer.
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        sendError(res, 500, 'internal_error', 'Internal server error');
      }
    }
  };

  server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return server;
}

/** `http://127.0.0.1:<port>` of a listening server. */
export function localServerUrl(server: Server): string {
  const address = server.address() as AddressInfo | null;
  if (!address || typeof address === 'string') throw new Error('The server is not listening on a TCP port');
  return `http://${address.address}:${address.port}`;
}
