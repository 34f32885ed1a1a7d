/** The console's runtime configuration, `/console/config.json`, written by whoever serves the console. */
export interface ConsoleConfig {
  /** The admin API's base URL, without a trailing slash (`https://abc.execute-api.eu-west-1.amazonaws.com`). */
  readonly apiUrl: string;
  /** The identity provider; without it the sign-in page offers the development sign-in (a pasted token). */
  readonly oidc?: OidcConfig;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** @default 'openid' */
  readonly scope?: string;
  /**
   * Which token the API receives: the ID token (default: its audience is the client id, and identity providers
   * put custom claims such as `quietlist:tenant` there) or the access token.
   */
  readonly token?: 'id' | 'access';
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ConsoleConfig }
  | { readonly ok: false; readonly error: string };

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Checks config.json's content and says what is wrong with it, field by field. */
export const parseConfig = (json: unknown): ConfigResult => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'config.json is not a JSON object.' };
  }
  const { apiUrl, oidc } = json as Record<string, unknown>;
  if (!isHttpUrl(apiUrl)) return { ok: false, error: 'config.json: apiUrl must be an http(s) URL.' };
  const base = { apiUrl: apiUrl.replace(/\/+$/, '') };
  if (oidc === undefined || oidc === null) return { ok: true, config: base };
  if (typeof oidc !== 'object' || Array.isArray(oidc)) {
    return { ok: false, error: 'config.json: oidc must be an object with issuer and clientId.' };
  }
  const { issuer, clientId, scope, token } = oidc as Record<string, unknown>;
  if (!isHttpUrl(issuer)) return { ok: false, error: 'config.json: oidc.issuer must be an http(s) URL.' };
  if (!nonEmpty(clientId))
    return { ok: false, error: 'config.json: oidc.clientId must be a non-empty string.' };
  if (scope !== undefined && !nonEmpty(scope)) {
    return { ok: false, error: 'config.json: oidc.scope must be a non-empty string.' };
  }
  if (token !== undefined && token !== 'id' && token !== 'access') {
    return { ok: false, error: 'config.json: oidc.token must be "id" or "access".' };
  }
  return {
    ok: true,
    config: {
      ...base,
      oidc: {
        issuer,
        clientId,
        ...(scope === undefined ? {} : { scope }),
        ...(token === undefined ? {} : { token }),
      },
    },
  };
};
