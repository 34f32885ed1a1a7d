import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { controlCharacterProblem, MAX_CAMPAIGN_ID } from '#domain/text-rules';
import { invalidDocumentError } from '#domain/validation-issues';
import { withoutUndefined } from '#domain/without-undefined';
import { cursorOf, limitOf, one, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import type { AdminOperationHandler } from './request';
import { instantRangeOf } from './search-query';

/** The `{campaignId}` path parameter (decoded by API Gateway). */
const campaignIdOf = (event: Parameters<AdminOperationHandler>[0]['event']): string => {
  const campaignId = event.pathParameters?.campaignId ?? '';
  // The pre-send filter's rule for campaign ids (#domain/text-rules); so do its reads.
  if (campaignId.length === 0 || campaignId.length > MAX_CAMPAIGN_ID) {
    throw new InvalidInputError(`campaignId must be 1 to ${MAX_CAMPAIGN_ID} characters`);
  }
  const problem = controlCharacterProblem(campaignId);
  if (problem !== undefined) throw invalidDocumentError([{ field: 'path.campaignId', message: problem }]);
  return campaignId;
};

/** `GET /v1/campaigns/{campaignId}/runs?limit&cursor`: a campaign's filter runs, newest first, one page. */
export const listCampaignRunsRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  const query = queryOf(event, { limit: 'one', cursor: 'one' });
  const cursor = cursorOf(one(query, 'cursor'));
  const page = await useCases.listCampaignRuns({
    tenantId: principal.tenantId,
    campaignId: campaignIdOf(event),
    limit: limitOf(one(query, 'limit'), ADMIN_LIMITS.readPage),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return jsonResponse(200, page);
};

/**
 * `GET /v1/runs?from&to&limit&cursor`: the tenant's filter runs of every campaign, newest first, one page;
 * `from`/`to` bound the runs' creation time (days or instants, as for the suppression list).
 */
export const listTenantRunsRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  const query = queryOf(event, { from: 'one', to: 'one', limit: 'one', cursor: 'one' });
  const { from, to } = instantRangeOf(query);
  const cursor = cursorOf(one(query, 'cursor'));
  const page = await useCases.listTenantRuns({
    tenantId: principal.tenantId,
    range: withoutUndefined({ from, to }),
    limit: limitOf(one(query, 'limit'), ADMIN_LIMITS.readPage),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return jsonResponse(200, page);
};
