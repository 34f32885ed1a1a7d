import { DEFAULT_CLAIMS, isRole, type Role } from '#domain/roles';

/** Who a credential speaks for, read from its claims (the API verifies the signature; the console only shows them). */
export interface Identity {
  /** `sub`: the user (or client) id. */
  readonly subject: string;
  /** `quietlist:tenant`. */
  readonly tenant: string;
  /** `quietlist:role`. */
  readonly role: Role;
  /** `exp` in milliseconds, when present. */
  readonly expiresAt?: number;
}

export type IdentityResult =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly error: string };

const base64UrlDecode = (part: string): string => {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (char) =>
    char.charCodeAt(0),
  );
  return new TextDecoder().decode(bytes);
};

/**
 * The identity a JWT names, or why it names none: not three base64url parts, no JSON payload, a missing or
 * unknown claim, or expired. The signature is not checked here: the API's authorizer does that on every call.
 */
export const identityOf = (token: string, now = Date.now()): IdentityResult => {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    return {
      ok: false,
      error:
        'This is not a token: paste the whole line that npm run token prints (three parts joined by dots).',
    };
  }
  let claims: Record<string, unknown>;
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1] as string));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      throw new Error('not an object');
    claims = payload as Record<string, unknown>;
  } catch {
    return { ok: false, error: 'This token has no readable claims: paste it again, whole.' };
  }
  const subject = claims.sub;
  const tenant = claims[DEFAULT_CLAIMS.tenant];
  const role = claims[DEFAULT_CLAIMS.role];
  if (typeof subject !== 'string' || subject === '') {
    return { ok: false, error: 'This token names no user (its sub claim is missing).' };
  }
  if (typeof tenant !== 'string' || tenant === '') {
    return {
      ok: false,
      error: `This token names no workspace (its ${DEFAULT_CLAIMS.tenant} claim is missing).`,
    };
  }
  if (!isRole(role)) {
    return {
      ok: false,
      error: `This token has no known role (its ${DEFAULT_CLAIMS.role} claim is ${JSON.stringify(role ?? null)}).`,
    };
  }
  const exp = claims.exp;
  const expiresAt = typeof exp === 'number' ? exp * 1000 : undefined;
  if (expiresAt !== undefined && expiresAt <= now) {
    return {
      ok: false,
      error: `This token expired on ${new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16)} UTC: get a new one.`,
    };
  }
  return {
    ok: true,
    identity: { subject, tenant, role, ...(expiresAt === undefined ? {} : { expiresAt }) },
  };
};
