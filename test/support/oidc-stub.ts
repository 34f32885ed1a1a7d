import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub identity provider saw: the authorization requests and the token exchanges. */
export interface OidcStubLog {
  readonly authorizations: URLSearchParams[];
  readonly exchanges: { readonly form: URLSearchParams; readonly pkceVerified: boolean }[];
  readonly logouts: URLSearchParams[];
}

export interface OidcStub {
  readonly issuer: string;
  readonly log: OidcStubLog;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type, authorization',
};

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...CORS,
    ...headers,
  });
  res.end(JSON.stringify(body));
};

const formOf = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.once('error', reject);
  });

/**
 * A stand-in OpenID Connect provider on 127.0.0.1 for the console's sign-in test: discovery, an authorization
 * endpoint that signs the user in at once (redirecting back with a code), a token endpoint that checks PKCE
 * (S256: the verifier must hash to the challenge of the code's authorization) and answers with the ID token
 * `idToken()` mints, and an end-session endpoint. CORS is open, as a real provider's token endpoint is.
 */
export const startOidcStub = async (idToken: () => Promise<string>): Promise<OidcStub> => {
  const log: OidcStubLog = { authorizations: [], exchanges: [], logouts: [] };
  const codes = new Map<string, URLSearchParams>();
  let issuer = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, POST' });
        res.end();
      } else if (url.pathname === '/.well-known/openid-configuration') {
        send(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          end_session_endpoint: `${issuer}/logout`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['HS256'],
        });
      } else if (url.pathname === '/authorize') {
        log.authorizations.push(url.searchParams);
        const code = randomBytes(16).toString('hex');
        codes.set(code, url.searchParams);
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(302, { location: back.toString() });
        res.end();
      } else if (url.pathname === '/token' && req.method === 'POST') {
        const form = await formOf(req);
        const authorization = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const challenge = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        const pkceVerified =
          authorization !== undefined &&
          authorization.get('code_challenge_method') === 'S256' &&
          authorization.get('code_challenge') === challenge &&
          authorization.get('redirect_uri') === form.get('redirect_uri');
        log.exchanges.push({ form, pkceVerified });
        if (!pkceVerified) {
          send(res, 400, { error: 'invalid_grant' });
          return;
        }
        send(res, 200, {
          id_token: await idToken(),
          access_token: randomBytes(16).toString('hex'),
          token_type: 'Bearer',
          expires_in: 3600,
        });
      } else if (url.pathname === '/logout') {
        log.logouts.push(url.searchParams);
        res.writeHead(302, { location: url.searchParams.get('post_logout_redirect_uri') ?? issuer });
        res.end();
      } else {
        send(res, 404, { error: 'not_found' });
      }
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    log,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
