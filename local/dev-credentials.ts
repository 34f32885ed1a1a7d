import { parseArgs } from 'node:util';
import { jwtVerify, SignJWT } from 'jose';
import { DEFAULT_CLAIMS, isRole, type Role } from '#domain/roles';
import { parseTenantId } from '#domain/tenant';

/** Issuer and audience of dev credentials; the deployed JWT authorizer is configured with real ones. */
export const DEV_ISSUER = 'quietlist-local';
export const DEV_AUDIENCE = 'quietlist-admin';

export interface DevCredentialRequest {
  readonly tenant: string;
  readonly role: Role;
  readonly user: string;
  readonly type?: 'person' | 'service';
  /** The person's name and email (`name`, `email` claims), shown beside the user id. @default none */
  readonly name?: string;
  readonly email?: string;
  /** @default '12h' */
  readonly expiresIn?: string;
}

const keyOf = (secret: string) => Buffer.from(secret, 'base64');

/** Mints a dev admin credential: an HS256 JWT with the same claims the deployed identity provider issues. */
export const mintDevCredential = (request: DevCredentialRequest, secret: string): Promise<string> =>
  new SignJWT({
    [DEFAULT_CLAIMS.tenant]: request.tenant,
    [DEFAULT_CLAIMS.role]: request.role,
    [DEFAULT_CLAIMS.type]: request.type ?? 'person',
    ...(request.name === undefined ? {} : { [DEFAULT_CLAIMS.name]: request.name }),
    ...(request.email === undefined ? {} : { [DEFAULT_CLAIMS.email]: request.email }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.user)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(keyOf(secret));

/**
 * The request of `npm run token -- --tenant T --role admin --user U [--service] [--name N] [--email E]
 * [--expires 12h]`, from its arguments; throws an Error whose message is for the terminal.
 */
export const devCredentialRequestOf = (args: readonly string[]): DevCredentialRequest => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      tenant: { type: 'string', default: 'acme' },
      role: { type: 'string', default: 'admin' },
      user: { type: 'string', default: 'dev-user' },
      service: { type: 'boolean', default: false },
      name: { type: 'string' },
      email: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const tenant = parseTenantId(values.tenant);
  if (!tenant.ok) throw new Error(tenant.error);
  if (!isRole(values.role))
    throw new Error(`"${values.role}" is not a role: use viewer, manager, admin or operator`);
  return {
    tenant: tenant.value,
    role: values.role,
    user: values.user,
    type: values.service ? 'service' : 'person',
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.email === undefined ? {} : { email: values.email }),
    expiresIn: values.expires,
  };
};

/** The longest lifetime a dev credential may have, as `npm run token -- --expires` may ask for. */
export const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * Verifies a dev credential the way API Gateway's JWT authorizer verifies a real one (signature, issuer,
 * audience, expiry) and returns its claims; throws on anything else.
 */
export const verifyDevCredential = async (
  token: string,
  secret: string,
): Promise<Record<string, unknown>> => {
  const { payload } = await jwtVerify(token, keyOf(secret), {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: ['HS256'],
    // API Gateway's JWT authorizer refuses a token without `exp`; so does this one, or local would accept what
    // deployed refuses.
    requiredClaims: ['exp'],
  });
  // A lifetime over a day is refused, from `iat` when the token has one, else from now.
  const start = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
  if (typeof payload.exp === 'number' && payload.exp - start > MAX_LIFETIME_SECONDS) {
    throw new Error(`a dev credential may live at most 24 hours; this one lives ${payload.exp - start} s`);
  }
  return payload as Record<string, unknown>;
};
