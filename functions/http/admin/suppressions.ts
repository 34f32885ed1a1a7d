import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { plainText } from '#domain/text-rules';
import { invalidDocumentError } from '#domain/validation-issues';
import { withoutUndefined } from '#domain/without-undefined';
import * as z from '#domain/zod';
import { bodyFormatOf, cursorOf, jsonBody, limitOf, one, queryOf, textLines } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import { recordSuppressionsAdded } from '#lambda/observability';
import { type AdminOperationHandler, capValues } from './request';
import { SEARCH_PARAMETERS, searchOf } from './search-query';

const valuesBody = z.strictObject({ values: z.array(z.unknown()) });
/** `obtainedAt` may be a few minutes ahead of our clock (the caller's clock may run fast), never more. */
const CLOCK_SKEW_MS = 5 * 60_000;

const removeBody = z.strictObject({
  values: z.array(z.unknown()),
  consent: z.optional(
    z.strictObject({
      evidence: z.string().check(z.trim(), z.minLength(1), z.maxLength(ADMIN_LIMITS.consentEvidenceLength)),
      obtainedAt: z.iso.datetime({ offset: true }),
    }),
  ),
  reason: z.optional(z.literal('address_verified')),
});

const addBody = z.strictObject({
  values: z.array(z.unknown()),
  note: z.optional(plainText().check(z.maxLength(ADMIN_LIMITS.noteLength))),
});

/** `GET /v1/suppressions`: one page of the filtered list, newest first. */
export const listSuppressionsRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  const query = queryOf(event, { ...SEARCH_PARAMETERS, limit: 'one', cursor: 'one' });
  const cursor = cursorOf(one(query, 'cursor'));
  const page = await useCases.listSuppressions({
    tenantId: principal.tenantId,
    search: searchOf(query),
    limit: limitOf(one(query, 'limit'), ADMIN_LIMITS.listPage),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return jsonResponse(200, page);
};

/**
 * The values of a bulk add: a JSON `{ values, note? }`, or `text/plain` with one value a line (blank lines
 * skipped, so the results line up with the non-blank lines in order).
 */
const addInput = (event: Parameters<AdminOperationHandler>[0]['event']) =>
  bodyFormatOf(event, ['json', 'text']) === 'text'
    ? { values: textLines(event, ADMIN_LIMITS.textBodyBytes) }
    : jsonBody(event, addBody, ADMIN_LIMITS.jsonBodyBytes);

/** `POST /v1/suppressions`: bulk add, one result per value in order. */
export const addSuppressionsRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  queryOf(event, {});
  const input = addInput(event);
  // Beyond the cap a bulk add would not finish inside API Gateway's 30 s: a file import has no such limit.
  const beyond = principal.role === 'operator' ? undefined : 'for more, import a file: POST /v1/imports';
  capValues(input.values.length, ADMIN_LIMITS.addValues, 'values', beyond);
  if (input.values.length === 0) throw new InvalidInputError('no values: send at least one');
  const results = await useCases.addSuppressions({
    tenantId: principal.tenantId,
    principal,
    values: input.values,
    ...('note' in input && input.note !== undefined ? { note: input.note } : {}),
    at: now,
  });
  recordSuppressionsAdded(results);
  return jsonResponse(200, { results });
};

/** `POST /v1/suppressions/remove`: bulk restore under the restore rules, one result per value in order. */
export const removeSuppressionsRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  queryOf(event, {});
  const { values, consent, reason } = jsonBody(event, removeBody, ADMIN_LIMITS.jsonBodyBytes);
  capValues(values.length, ADMIN_LIMITS.removeValues);
  if (consent !== undefined && Date.parse(consent.obtainedAt) > now.getTime() + CLOCK_SKEW_MS) {
    throw invalidDocumentError([
      { field: 'body.consent.obtainedAt', message: `${consent.obtainedAt} is in the future` },
    ]);
  }
  if (consent !== undefined || reason !== undefined) {
    // Lifting what the recipient owns, or a bounce, is an admin's decision alone; a refusal is audited.
    await useCases.authorizeAction({
      principal,
      permission: 'lift_with_consent',
      action: `${event.routeKey} (${consent === undefined ? 'reason' : 'consent'})`,
      at: now,
    });
  }
  const results = await useCases.removeSuppressions({
    tenantId: principal.tenantId,
    principal,
    values,
    at: now,
    grounds: withoutUndefined({
      consent: consent && {
        evidence: consent.evidence,
        obtainedAt: new Date(consent.obtainedAt).toISOString(),
      },
      reason,
    }),
  });
  return jsonResponse(200, { results });
};

/** `POST /v1/suppressions/check`: check-before-import, one result per value in order. */
export const checkValuesRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  queryOf(event, {});
  const { values } = jsonBody(event, valuesBody, ADMIN_LIMITS.jsonBodyBytes);
  capValues(values.length, ADMIN_LIMITS.checkValues);
  const results = await useCases.checkValues({ tenantId: principal.tenantId, values });
  return jsonResponse(200, { results });
};

/**
 * `GET /v1/suppressions/export`: the filtered list as CSV, newest first. API Gateway and Lambda buffer the
 * response (6 MB at most), so one response holds up to ADMIN_LIMITS.exportBytes of CSV (or `limit` entries);
 * when more remain, `X-Next-Cursor` names where the next part starts (same filters, `cursor=`).
 */
export const exportSuppressionsRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  const query = queryOf(event, { ...SEARCH_PARAMETERS, limit: 'one', cursor: 'one' });
  const cursor = cursorOf(one(query, 'cursor'));
  const limit = one(query, 'limit');
  const part = useCases.exportSuppressions({
    tenantId: principal.tenantId,
    search: searchOf(query),
    maxBytes: ADMIN_LIMITS.exportBytes,
    ...(limit === undefined
      ? {}
      : { maxEntries: limitOf(limit, { default: ADMIN_LIMITS.exportRows, max: ADMIN_LIMITS.exportRows }) }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  const chunks: string[] = [];
  let step = await part.next();
  while (!step.done) {
    chunks.push(step.value);
    step = await part.next();
  }
  const nextCursor = step.value;
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="quietlist-suppressions-${principal.tenantId}-${now.toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(nextCursor === null ? {} : { 'x-next-cursor': nextCursor }),
    },
    body: chunks.join(''),
  };
};
