import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { parseContactId } from '#domain/tenant';
import * as z from '#domain/zod';
import { jsonBody, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import { type AdminOperationHandler, capValues } from './request';

const erasureBody = z.strictObject({
  values: z.optional(z.array(z.unknown())),
  contactId: z.optional(z.unknown()),
});

/**
 * `POST /v1/erasures` (admin): erases the clear text of some values, or of everything a contact's events name,
 * keeping each value suppressed (docs/privacy.md). Exactly one of `values` and `contactId`.
 */
export const erasePersonalDataRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  queryOf(event, {});
  const body = jsonBody(event, erasureBody, ADMIN_LIMITS.jsonBodyBytes);
  const base = { tenantId: principal.tenantId, principal, at: now };
  if (body.values !== undefined && body.contactId !== undefined) {
    throw new InvalidInputError(
      'send either values or contactId, not both: an erasure is of values or of one contact',
    );
  }
  if (body.contactId !== undefined) {
    const contactId = parseContactId(body.contactId);
    if (!contactId.ok) throw new InvalidInputError(`contactId: ${contactId.error}`);
    return jsonResponse(200, await useCases.erasePersonalData({ ...base, contactId: contactId.value }));
  }
  if (body.values === undefined || body.values.length === 0) {
    throw new InvalidInputError('nothing to erase: send values (a non-empty list) or contactId');
  }
  capValues(body.values.length, ADMIN_LIMITS.eraseValues);
  return jsonResponse(200, await useCases.erasePersonalData({ ...base, values: body.values }));
};

const subjectAccessBody = z.strictObject({ value: z.string() });

/**
 * `POST /v1/subject-access` (admin): everything stored about one value, as one JSON document (GDPR Art. 15). The
 * value travels in the body, never in the URL, which access logs keep.
 */
export const subjectAccessRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  queryOf(event, {});
  const body = jsonBody(event, subjectAccessBody, ADMIN_LIMITS.jsonBodyBytes);
  return jsonResponse(200, await useCases.subjectAccess({ tenantId: principal.tenantId, value: body.value }));
};
