import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { knownTopic } from '#app/tenant-rules';
import { describeInvalidValue } from '#domain/invalid-value';
import { parseEmail } from '#domain/normalize-email';
import { campaignIdSchema, contactIdSchema } from '#domain/text-rules';
import { invalidDocumentError } from '#domain/validation-issues';
import { withoutUndefined } from '#domain/without-undefined';
import * as z from '#domain/zod';
import { deployedHandler } from '#lambda/deployed-handler';
import { httpErrors } from '#lambda/http-errors';
import { jsonBody } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import { observe } from '#lambda/observability';
import { principalOf, requirePermission } from '#lambda/principal';
import { configFromEnv } from '#lambda/service-config';
import { type UnsubscribeLinksUseCases, wireUnsubscribeLinks } from '#wiring/unsubscribe-links';

/** The request body; unknown fields are refused, so a typo (`campaign`) is reported instead of ignored. */
const linkRequestSchema = z.strictObject({
  contactId: contactIdSchema,
  email: z.string(),
  campaignId: z.optional(campaignIdSchema),
  /** A topic of the tenant's preference center: one-click on the link leaves that topic only. */
  topic: z.optional(z.string().check(z.maxLength(64))),
});

const MAX_BODY_BYTES = 4096;

/** Names the field at fault: `email: "jane@" is not a valid email: the domain is missing`. */
const parseBody = (event: APIGatewayProxyEventV2) => {
  const body = jsonBody(event, linkRequestSchema, MAX_BODY_BYTES);
  // parseEmail alone, not the parser of every kind: this function has no use for phone metadata.
  const email = parseEmail(body.email);
  if (!email.ok)
    throw invalidDocumentError([{ field: 'body.email', message: describeInvalidValue(email.error) }]);
  return withoutUndefined({ ...body, email: email.value.value });
};

/**
 * `POST /v1/unsubscribe-links` (permission `build_links`): the unsubscribe URL and the `List-Unsubscribe` and
 * `List-Unsubscribe-Post` headers for one recipient of the caller's tenant, for senders that do not run the
 * pre-send filter. Body `{ "contactId", "email", "campaignId"?, "topic"? }`; answer `{ "url", "headers" }`. A
 * topic must be one of the tenant's (400 naming the known ones).
 */
export const makeHandler = (useCases: Promise<UnsubscribeLinksUseCases>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async (event: APIGatewayProxyEventV2) => {
    const principal = principalOf(event);
    requirePermission(principal, 'build_links');
    const body = parseBody(event);
    const { buildUnsubscribeLink, topicsFor } = await useCases;
    if (body.topic !== undefined) await knownTopic(topicsFor, principal.tenantId, body.topic);
    const link = buildUnsubscribeLink({ tenantId: principal.tenantId, ...body });
    return jsonResponse(200, { url: link.url, headers: link.headers });
  })
    .use(observe({ name: 'unsubscribe-links' }))
    .use(httpErrors());

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () => wireUnsubscribeLinks(configFromEnv()));
