import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { plainText } from '#domain/text-rules';
import * as z from '#domain/zod';
import { cursorOf, jsonBody, limitOf, noBody, one, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import { recordSuppressionsAdded } from '#lambda/observability';
import { type AdminOperationHandler, capValues, contactIdOf } from './request';

const unsubscribeBody = z.strictObject({
  doNotContact: z.optional(z.boolean()),
  emails: z.optional(z.array(z.unknown())),
  phones: z.optional(z.array(z.unknown())),
  linkedinUrls: z.optional(z.array(z.unknown())),
  note: z.optional(plainText().check(z.maxLength(ADMIN_LIMITS.noteLength))),
});

/**
 * `POST /v1/contacts/{contactId}/unsubscribe`: do-not-contact (with the contact's current values, so they are
 * blocked too), or only the selected emails, phones and LinkedIn URLs.
 */
export const unsubscribeContactRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  queryOf(event, {});
  const contactId = contactIdOf(event);
  const body = jsonBody(event, unsubscribeBody, ADMIN_LIMITS.jsonBodyBytes);
  const values = {
    emails: body.emails ?? [],
    phones: body.phones ?? [],
    linkedinUrls: body.linkedinUrls ?? [],
  };
  for (const [field, list] of Object.entries(values)) {
    capValues(list.length, ADMIN_LIMITS.contactValuesPerKind, field);
  }
  const count = values.emails.length + values.phones.length + values.linkedinUrls.length;
  const doNotContact = body.doNotContact === true;
  if (doNotContact && count === 0) {
    throw new InvalidInputError(
      "doNotContact needs the contact's current emails, phones or linkedinUrls in the body, so that they are blocked too",
    );
  }
  if (count === 0) {
    throw new InvalidInputError(
      'nothing to do: send doNotContact: true and/or emails, phones or linkedinUrls',
    );
  }
  const result = await useCases.unsubscribeContact({
    tenantId: principal.tenantId,
    principal,
    contactId,
    doNotContact,
    values,
    ...(body.note === undefined ? {} : { note: body.note }),
    at: now,
  });
  recordSuppressionsAdded(result.results);
  return jsonResponse(200, result);
};

/** `DELETE /v1/contacts/{contactId}/do-not-contact`: lifts a do-not-contact set through this API. */
export const liftDoNotContactRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  queryOf(event, {});
  noBody(event, ADMIN_LIMITS.jsonBodyBytes);
  const result = await useCases.liftDoNotContact({
    tenantId: principal.tenantId,
    principal,
    contactId: contactIdOf(event),
    at: now,
  });
  return jsonResponse(200, result);
};

/** `GET /v1/contacts/{contactId}/activity`: the contact's activity log, newest first. */
export const listContactActivityRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  const query = queryOf(event, { limit: 'one', cursor: 'one' });
  const cursor = cursorOf(one(query, 'cursor'));
  const page = await useCases.listContactActivity({
    tenantId: principal.tenantId,
    contactId: contactIdOf(event),
    limit: limitOf(one(query, 'limit'), ADMIN_LIMITS.activityPage),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return jsonResponse(200, page);
};

/**
 * `GET /v1/contacts/{contactId}`: the contact at a glance (do-not-contact, the values its activity names and
 * whether each is suppressed now, the last activity); 404 when nothing at all is known about it.
 */
export const getContactRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  queryOf(event, {});
  const view = await useCases.getContact({ tenantId: principal.tenantId, contactId: contactIdOf(event) });
  return jsonResponse(200, view);
};
