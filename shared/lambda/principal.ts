import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthenticatedError } from '#domain/errors';
import { ok } from '#domain/result';
import {
  can,
  DEFAULT_CLAIMS,
  isRole,
  PERSON_CLAIM_LIMITS,
  type Permission,
  type Principal,
} from '#domain/roles';
import { GLOBAL_TENANT, parseTenantId } from '#domain/tenant';
import { controlCharacterProblem } from '#domain/text-rules';
import { withoutUndefined } from '#domain/without-undefined';

type JwtClaims = Record<string, string | number | boolean | string[]>;

/**
 * A person claim as teammates will read it: control characters become spaces (a name is shown in CSV cells and
 * pages) and it is trimmed; absent when not a string or blank. Too long: a name is cut to `max` code points (the
 * identity provider vouches for it, so the caller is not refused), an address is dropped (cut, it would be
 * someone else's).
 */
const personClaim = (value: unknown, max: number, tooLong: 'cut' | 'drop'): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const characters = Array.from(value.replace(/\p{Cc}/gu, ' ').trim());
  if (characters.length > max && tooLong === 'drop') return undefined;
  const text = characters.slice(0, max).join('').trim();
  return text === '' ? undefined : text;
};

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
  // The subject is written as it is into exports (`added_by`), the activity log and log lines: a CR or LF in it
  // would start a CSV row or a log line of its own (docs/csv-export.md). Refused, not cleaned like a name: two
  // subjects cleaned to the same text would be one user.
  const subjectProblem = controlCharacterProblem(userId);
  if (subjectProblem !== undefined)
    throw new UnauthenticatedError(`the credential's subject (sub) ${subjectProblem}`);
  // An operator acts on the global list only, whatever tenant its credential may also name: its permissions
  // (roles.ts) reach no tenant route, and every route it may call is scoped to the global list.
  const tenant = role === 'operator' ? ok(GLOBAL_TENANT) : parseTenantId(claims[claimNames.tenant]);
  if (!tenant.ok) throw new UnauthenticatedError(`the credential names no valid tenant: ${tenant.error}`);
  return withoutUndefined({
    tenantId: tenant.value,
    userId,
    role,
    type: claims[claimNames.type] === 'service' ? ('service' as const) : ('person' as const),
    displayName: personClaim(claims[claimNames.name], PERSON_CLAIM_LIMITS.displayName, 'cut'),
    email: personClaim(claims[claimNames.email], PERSON_CLAIM_LIMITS.email, 'drop'),
  });
};

/** Throws 403 naming the missing permission; callers record the refusal in the activity log. */
export const requirePermission = (principal: Principal, permission: Permission): void => {
  if (!can(principal.role, permission)) {
    throw new ForbiddenError(`role "${principal.role}" may not ${permission.replace('_', ' ')}`);
  }
};
