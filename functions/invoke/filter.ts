import middy from '@middy/core';
import { DECISION_ATTRIBUTES } from '#adapters/dynamodb/suppression-repository';
import { type FilterAudienceOutput, filterAudience } from '#app/filter-audience';
import { deployedHandler } from '#lambda/deployed-handler';
import { filterReportTtlSecondsFromEnv } from '#lambda/filter-config';
import { type InvokeErrorResult, invokeErrors } from '#lambda/invoke-errors';
import { logger } from '#lambda/logger';
import { observe, recordFilterRun } from '#lambda/observability';
import type { Services } from '#lambda/services';

export interface FilterHandlerOptions {
  /** How long run reports are kept. */
  readonly reportTtlSeconds: number;
}

/**
 * The pre-send filter, invoked by campaign pipelines with an audience batch (docs/filter.md). Returns the run's
 * answer, or `{ error }` for a refused request; throws `UnavailableError` when DynamoDB did not answer, so the
 * invoker retries.
 */
export const makeHandler = (services: Promise<Services>, options: FilterHandlerOptions) => {
  const filter = services.then((s) =>
    filterAudience({
      suppressions: s.suppressions,
      contacts: s.contacts,
      filterRuns: s.filterRuns,
      hashValue: s.hashValue,
      buildUnsubscribeLink: s.buildUnsubscribeLink,
      decisionAttributes: DECISION_ATTRIBUTES,
      reportTtlSeconds: options.reportTtlSeconds,
      normalize: s.config.defaultPhoneCountry ? { defaultPhoneCountry: s.config.defaultPhoneCountry } : {},
    }),
  );
  return middy<unknown, FilterAudienceOutput | InvokeErrorResult>(async (event: unknown) => {
    const started = performance.now();
    const { output, stats } = await (await filter)(event);
    logger.info('filter run', {
      runId: output.runId,
      ...output.summary,
      ...stats,
      durationMs: Math.round(performance.now() - started),
    });
    recordFilterRun(output.summary);
    return output;
  })
    .use(observe({ name: 'filter' }))
    .use(invokeErrors());
};

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler((services) =>
  makeHandler(services, { reportTtlSeconds: filterReportTtlSecondsFromEnv() }),
);
