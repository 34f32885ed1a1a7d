import { once } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalServer, type LocalRoute, localServerUrl } from '../../local/http-adapter';

/** Every handler records the event it got and echoes it back, so tests can look at both sides. */
let events: APIGatewayProxyEventV2[] = [];
const echo: LocalRoute['handler'] = async (event) => {
  events.push(event);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
};

const routes: LocalRoute[] = [
  { method: 'GET', path: '/u/{token}', handler: echo },
  { method: 'POST', path: '/u/{token}', handler: echo },
  { method: 'POST', path: '/v1/suppressions', handler: echo },
  { method: 'GET', path: '/v1/tenants/{tenantId}/suppressions/{id}', handler: echo },
  { method: '*', path: '/files/{proxy+}', handler: echo },
  {
    method: 'GET',
    path: '/cookies',
    handler: async () => ({
      statusCode: 204,
      headers: { 'x-count': 2 },
      cookies: ['a=1; Path=/; HttpOnly', 'b=2; Path=/'],
    }),
  },
  {
    method: 'GET',
    path: '/binary',
    handler: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    }),
  },
  {
    method: 'GET',
    path: '/boom',
    handler: async () => {
      throw new Error('secret database detail');
    },
  },
];

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createLocalServer(routes, { maxBodyBytes: 64 * 1024 });
  await once(server, 'listening');
  baseUrl = localServerUrl(server);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  events = [];
  vi.restoreAllMocks();
});

const lastEvent = (): APIGatewayProxyEventV2 => {
  const event = events.at(-1);
  if (!event) throw new Error('no handler was called');
  return event;
};

describe('the local HTTP server', () => {
  it('listens on loopback only', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('builds a payload 2.0 event with path parameters and the route key', async () => {
    const response = await fetch(`${baseUrl}/v1/tenants/acme/suppressions/s%201`, {
      headers: { 'user-agent': 'quietlist-test' },
    });
    expect(response.status).toBe(200);
    const event = lastEvent();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/tenants/{tenantId}/suppressions/{id}',
      rawPath: '/v1/tenants/acme/suppressions/s 1',
      rawQueryString: '',
      pathParameters: { tenantId: 'acme', id: 's 1' },
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        routeKey: 'GET /v1/tenants/{tenantId}/suppressions/{id}',
        stage: '$default',
        http: {
          method: 'GET',
          path: '/v1/tenants/acme/suppressions/s 1',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'quietlist-test',
        },
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(event.requestContext.domainName).toBe(new URL(baseUrl).host);
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.headers['x-forwarded-proto']).toBe('http');
    // Absent, not empty, as API Gateway sends them.
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    // The handler's answer comes back as sent.
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(((await response.json()) as APIGatewayProxyEventV2).routeKey).toBe(
      'GET /v1/tenants/{tenantId}/suppressions/{id}',
    );
  });

  it('passes a JSON body as text', async () => {
    const payload = { values: ['a@example.com'], note: 'ünïcødé' };
    await fetch(`${baseUrl}/v1/suppressions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
    });
    const event = lastEvent();
    expect(event.isBase64Encoded).toBe(false);
    expect(JSON.parse(event.body ?? '')).toEqual(payload);
    expect(event.routeKey).toBe('POST /v1/suppressions');
  });

  it('passes a form body base64-encoded, as API Gateway does', async () => {
    await fetch(`${baseUrl}/u/tok123`, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    const event = lastEvent();
    expect(event.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe('List-Unsubscribe=One-Click');
    expect(event.pathParameters).toEqual({ token: 'tok123' });
  });

  it('passes a multipart body base64-encoded, byte for byte', async () => {
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    form.append('file', new Blob([new Uint8Array([0, 159, 255, 10])]), 'x.bin');
    await fetch(`${baseUrl}/u/tok123`, { method: 'POST', body: form });
    const event = lastEvent();
    expect(event.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(event.isBase64Encoded).toBe(true);
    const decoded = Buffer.from(event.body ?? '', 'base64');
    expect(decoded.toString('latin1')).toContain('name="List-Unsubscribe"\r\n\r\nOne-Click');
    expect(decoded.includes(Buffer.from([0, 159, 255, 10]))).toBe(true);
    expect(Number(event.headers['content-length'])).toBe(decoded.length);
  });

  it('keeps the raw query string and decodes the parameters, joining repeated ones', async () => {
    await fetch(`${baseUrl}/u/t?a=1&a=2&email=x%40example.com&flag&plus=a+b`);
    const event = lastEvent();
    expect(event.rawQueryString).toBe('a=1&a=2&email=x%40example.com&flag&plus=a+b');
    expect(event.queryStringParameters).toEqual({ a: '1,2', email: 'x@example.com', flag: '', plus: 'a+b' });
  });

  it('lower-cases header names and joins repeated headers with commas', async () => {
    const event = await rawRequest({
      method: 'GET',
      path: '/u/t',
      headers: [
        ['X-Custom', 'one'],
        ['X-CUSTOM', 'two'],
        ['Accept', 'text/html'],
      ],
    }).then(() => lastEvent());
    expect(event.headers['x-custom']).toBe('one,two');
    expect(event.headers.accept).toBe('text/html');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('moves request cookies out of the headers into cookies[]', async () => {
    await rawRequest({
      method: 'GET',
      path: '/u/t',
      headers: [
        ['Cookie', 'session=abc; theme=dark'],
        ['Cookie', 'csrf=xyz'],
      ],
    });
    const event = lastEvent();
    expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'csrf=xyz']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('writes result cookies as separate Set-Cookie headers, and other headers as strings', async () => {
    const response = await fetch(`${baseUrl}/cookies`);
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    expect(response.headers.get('x-count')).toBe('2');
    expect(response.headers.get('content-length')).toBeNull();
  });

  it('decodes a base64 result body', async () => {
    const response = await fetch(`${baseUrl}/binary`);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 255]));
  });

  it('fills a greedy {proxy+} parameter and runs ANY routes', async () => {
    await fetch(`${baseUrl}/files/a/b/c.txt`, { method: 'DELETE' });
    const event = lastEvent();
    expect(event.routeKey).toBe('ANY /files/{proxy+}');
    expect(event.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
    expect(event.requestContext.http.method).toBe('DELETE');
  });

  it("answers 404 as API Gateway does when no route matches, never echoing the request's path", async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['DELETE', '/v1/suppressions'],
      ['GET', '/u/'],
      ['GET', '/files'],
      ['GET', '/%3Cscript%3Ealert(1)%3C/script%3E'],
    ] as const) {
      const response = await fetch(`${baseUrl}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ message: 'Not Found' });
      expect(text).not.toContain(path.slice(1, 8) || '/');
    }
    expect(events).toEqual([]);
  });

  it('answers a generic 500 when a handler throws, logging the error but not leaking it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await fetch(`${baseUrl}/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
    expect(text).not.toContain('secret');
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]?.[1])).toContain('secret database detail');
  });

  it('answers 413 to a body over the cap, declared or streamed', async () => {
    const big = 'x'.repeat(64 * 1024 + 1);
    const declared = await fetch(`${baseUrl}/v1/suppressions`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');

    const streamed = await rawRequest({
      method: 'POST',
      path: '/v1/suppressions',
      chunks: [big.slice(0, 40_000), big],
    });
    expect(streamed.status).toBe(413);
    expect(events).toEqual([]);

    // Exactly at the cap is fine.
    const atCap = await fetch(`${baseUrl}/v1/suppressions`, { method: 'POST', body: big.slice(1) });
    expect(atCap.status).toBe(200);
  });

  it('answers HEAD with headers and no body on routes that allow HEAD, 404 on GET-only ones', async () => {
    const head = await rawRequest({ method: 'HEAD', path: '/files/report.csv' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(lastEvent().requestContext.http.method).toBe('HEAD');

    // API Gateway routes HEAD only to HEAD or ANY routes.
    const headOnGet = await rawRequest({ method: 'HEAD', path: '/u/t' });
    expect(headOnGet.status).toBe(404);
  });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with full control over header repetition and body chunking, which fetch does not give. */
const rawRequest = (options: {
  method: string;
  path: string;
  headers?: [string, string][];
  chunks?: string[];
}): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(options.path, baseUrl);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: url.pathname + url.search,
        // Raw headers replace Node's defaults, Host included, which HTTP/1.1 requires.
        headers: [['Host', url.host], ...(options.headers ?? [])].flat(),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    // The server may close the connection after refusing a body; the response has been read by then.
    req.on('error', (error) => reject(error));
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
