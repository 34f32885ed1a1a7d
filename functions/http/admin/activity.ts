import type { ActorFilter } from '#app/ports/activity';
import { ACTIVITY_ACTIONS, type ActivityAction, type Actor } from '#domain/activity';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { withoutUndefined } from '#domain/without-undefined';
import * as z from '#domain/zod';
import { cursorOf, jsonBody, limitOf, one, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import type { AdminOperationHandler } from './request';
import { instantRangeOf } from './search-query';

/** `actor=<one of these>` selects every actor of that type; any other text is an id. */
const ACTOR_TYPES = ['user', 'api', 'recipient', 'system'] as const satisfies readonly Actor['type'][];

const isActorType = (value: string): value is Actor['type'] =>
  (ACTOR_TYPES as readonly string[]).includes(value);
const isAction = (value: string): value is ActivityAction =>
  (ACTIVITY_ACTIONS as readonly string[]).includes(value);

/** `action`: one or more of ACTIVITY_ACTIONS (repeated or comma-separated), each checked. */
const actionsOf = (values: readonly string[] | undefined): ActivityAction[] | undefined => {
  if (values === undefined) return undefined;
  const bad = values.filter((value) => !isAction(value));
  if (bad.length > 0) {
    throw new InvalidInputError(
      `action ${bad.map((value) => JSON.stringify(value.slice(0, 64))).join(', ')} is not one of ${ACTIVITY_ACTIONS.join(', ')}`,
    );
  }
  return [...new Set(values as ActivityAction[])].sort();
};

/**
 * `actor`: an actor type (`user`, `api`, `recipient`, `system`: every actor of that type), or else an id: a
 * teammate's user id, an API client's id, or a system component's name (`ses`). An id spelled like a type is
 * read as the type.
 */
const actorOf = (value: string | undefined): ActorFilter | undefined => {
  if (value === undefined) return undefined;
  if (value === '' || value.length > 128) {
    throw new InvalidInputError(
      `actor must be one of ${ACTOR_TYPES.join(', ')} or an id of 1 to 128 characters`,
    );
  }
  return isActorType(value) ? { type: value } : { id: value };
};

/** `GET /v1/activity?from&to&action&actor&limit&cursor`: the tenant's timeline, newest first, one page. */
export const listTenantActivityRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  const query = queryOf(event, {
    from: 'one',
    to: 'one',
    action: 'many',
    actor: 'one',
    limit: 'one',
    cursor: 'one',
  });
  const { from, to } = instantRangeOf(query);
  const cursor = cursorOf(one(query, 'cursor'));
  const page = await useCases.listTenantActivity({
    tenantId: principal.tenantId,
    filter: withoutUndefined({
      from,
      to,
      actions: actionsOf(query.get('action')),
      actor: actorOf(one(query, 'actor')),
    }),
    limit: limitOf(one(query, 'limit'), ADMIN_LIMITS.readPage),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return jsonResponse(200, page);
};

const historyBody = z.strictObject({
  value: z.string(),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(ADMIN_LIMITS.readPage.max))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});

/**
 * `POST /v1/suppressions/history`: one value's history, newest first. The value, and so the paging that goes
 * with it (`limit`, `cursor`), travel in the JSON body, never in the URL, which access logs and proxies keep.
 */
export const valueHistoryRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  queryOf(event, {});
  const body = jsonBody(event, historyBody, ADMIN_LIMITS.jsonBodyBytes);
  const page = await useCases.listValueHistory({
    tenantId: principal.tenantId,
    value: body.value,
    limit: body.limit ?? ADMIN_LIMITS.readPage.default,
    ...(body.cursor === undefined ? {} : { cursor: body.cursor }),
  });
  return jsonResponse(200, page);
};
