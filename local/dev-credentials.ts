import { jwtVerify, SignJWT } from 'jose';
import { DEFAULT_CLAIMS, type Role } from '#domain/roles';

/** Issuer and audience of dev credentials; the deployed JWT authorizer is configured with real ones. */
export const DEV_ISSUER = 'quietlist-local';
export const DEV_AUDIENCE = 'quietlist-admin';

export interface DevCredentialRequest {
  readonly tenant: string;
  readonly role: Role;
  readonly user: string;
  readonly type?: 'person' | 'service';
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
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.user)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(keyOf(secret));

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
  });
  return payload as Record<string, unknown>;
};
