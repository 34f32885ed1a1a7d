import { daysBetween } from '#app/suppression-stats';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError } from '#domain/errors';
import { controlCharacterProblem, MAX_CAMPAIGN_ID } from '#domain/text-rules';
import { invalidDocumentError } from '#domain/validation-issues';
import { one, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import type { AdminOperationHandler } from './request';
import { sourcesOf } from './search-query';

const dayOf = (name: string, value: string): string => {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new InvalidInputError(
      `${name} must be a day like 2026-03-01 (UTC); got ${JSON.stringify(value.slice(0, 64))}`,
    );
  }
  return value;
};

/**
 * `GET /v1/stats?from&to&campaignId&source&type`: suppressions per day by source, and per campaign, with SES
 * sends, deliveries, bounces and complaints, rates and alerts. Days are UTC, both ends included; `to` defaults to
 * today and `from` to 29 days before `to`; at most ADMIN_LIMITS.statsDays days a request. `campaignId` narrows
 * everything to one campaign; `source` and `type` (a union, as for the list) narrow the suppression counts only.
 */
export const suppressionStatsRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  const query = queryOf(event, { from: 'one', to: 'one', campaignId: 'one', source: 'many', type: 'many' });
  const toText = one(query, 'to');
  const to = toText === undefined ? now.toISOString().slice(0, 10) : dayOf('to', toText);
  const fromText = one(query, 'from');
  const from =
    fromText === undefined
      ? new Date(Date.parse(`${to}T00:00:00.000Z`) - (ADMIN_LIMITS.statsDefaultDays - 1) * 86_400_000)
          .toISOString()
          .slice(0, 10)
      : dayOf('from', fromText);
  if (from > to) throw new InvalidInputError(`from (${from}) is after to (${to})`);
  const days = daysBetween(from, to).length;
  if (days > ADMIN_LIMITS.statsDays) {
    throw new InvalidInputError(
      `from ${from} to ${to} is ${days} days; ask for at most ${ADMIN_LIMITS.statsDays} days a request`,
    );
  }
  const campaignId = one(query, 'campaignId');
  if (campaignId !== undefined && (campaignId === '' || campaignId.length > MAX_CAMPAIGN_ID)) {
    throw new InvalidInputError(`campaignId must be 1 to ${MAX_CAMPAIGN_ID} characters`);
  }
  // The filter's and the link builder's rule for campaign ids (#domain/text-rules).
  const problem = campaignId === undefined ? undefined : controlCharacterProblem(campaignId);
  if (problem !== undefined) throw invalidDocumentError([{ field: 'query.campaignId', message: problem }]);
  const sources = sourcesOf(query);
  const stats = await useCases.suppressionStats({
    tenantId: principal.tenantId,
    from,
    to,
    ...(campaignId === undefined ? {} : { campaignId }),
    ...(sources === undefined ? {} : { sources }),
  });
  return jsonResponse(200, stats);
};
