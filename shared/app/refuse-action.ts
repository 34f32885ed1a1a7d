import { randomUUID } from 'node:crypto';
import type { ActivityLog } from '#app/ports/activity';
import { actorOf } from '#domain/acting-principal';
import { ForbiddenError } from '#domain/errors';
import { can, type Permission, type Principal, ROLES } from '#domain/roles';
import { withoutUndefined } from '#domain/without-undefined';

/**
 * Activity events of refusals that concern no contact live in this pseudo-contact's partition of the tenant
 * (contact id `_admin`), so they sit on the tenant timeline (R6, GSI1) and nowhere else: the event carries no
 * contact id, so no contact's own timeline (GSI2) ever shows it.
 */
export const TENANT_LEVEL_PARTITION = { contactId: '_admin' } as const;

export interface AuthorizeActionInput {
  readonly principal: Principal;
  readonly permission: Permission;
  /** What was attempted, as the log shows it: `POST /v1/suppressions`. */
  readonly action: string;
  /** The contact the action was about, when there was one: the refusal then shows in its activity log. */
  readonly contactId?: string;
  readonly at: Date;
}

/**
 * Lets the action through when the caller's role grants the permission (roles.ts); otherwise records an
 * `action_refused` event (who, what, why) and throws a 403 naming the role and the permission.
 */
export const authorizeAction =
  (deps: { readonly activity: Pick<ActivityLog, 'recordActivity'> }) =>
  async (input: AuthorizeActionInput): Promise<void> => {
    const { principal, permission } = input;
    if (can(principal.role, permission)) return;
    const reason = `role "${principal.role}" may not ${permission.replace('_', ' ')} (${input.action})`;
    await deps.activity.recordActivity(
      withoutUndefined({
        eventId: randomUUID(),
        tenantId: principal.tenantId,
        at: input.at.toISOString(),
        action: 'action_refused' as const,
        actor: actorOf(principal),
        contactId: input.contactId,
        reason,
      }),
      input.contactId === undefined ? TENANT_LEVEL_PARTITION : { contactId: input.contactId },
    );
    const allowed = ROLES.filter((role) => can(role, permission)).join(' or ');
    throw new ForbiddenError(`${reason}; it needs the ${allowed} role`);
  };
