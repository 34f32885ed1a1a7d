import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthenticatedError } from '#domain/errors';
import { ok } from '#domain/result';
import { can, DEFAULT_CLAIMS, isRole, type Permission, type Principal } from '#domain/roles';
import { GLOBAL_TENANT, parseTenantId } from '#domain/tenant';

type JwtClaims = Record<string, string | number | boolean | string[]>;

/**
 * The caller, from the claims API Gateway's JWT authorizer verified (locally: the dev server's verifier, which
 * fills the same field). Tenant and user never come from the request body or query.
 */
export const principalOf = (event: APIGatewayProxyEventV2, claimNames = DEFAULT_CLAIMS): Principal => {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: JwtClaims } } }).authorizer?.jwt
    ?.claims;
  if (!claims) throw new UnauthenticatedError('a bearer credential is required');
  const role = claims[claimNames.role];
  const userId = claims.sub;
  if (!isRole(role))
    throw new UnauthenticatedError('the credential names no valid role (viewer, manager, admin or operator)');
  if (typeof userId !== 'string' || userId === '')
    throw new UnauthenticatedError('the credential has no subject');
  // An operator acts on the global list only, whatever tenant its credential may also name: its permissions
  // (roles.ts) reach no tenant route, and every route it may call is scoped to the global list.
  const tenant = role === 'operator' ? ok(GLOBAL_TENANT) : parseTenantId(claims[claimNames.tenant]);
  if (!tenant.ok) throw new UnauthenticatedError(`the credential names no valid tenant: ${tenant.error}`);
  return {
    tenantId: tenant.value,
    userId,
    role,
    type: claims[claimNames.type] === 'service' ? 'service' : 'person',
  };
};

/** Throws 403 naming the missing permission; callers record the refusal in the activity log. */
export const requirePermission = (principal: Principal, permission: Permission): void => {
  if (!can(principal.role, permission)) {
    throw new ForbiddenError(`role "${principal.role}" may not ${permission.replace('_', ' ')}`);
  }
};
