import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DECISION_ATTRIBUTES } from '../../shared/adapters/dynamodb/suppression-repository';
import { type FilterAudienceOutput, filterAudience } from '../../shared/app/filter-audience';
import { filterReportTtlSecondsFromEnv } from '../../shared/lambda/filter-config';
import { type InvokeErrorResult, invokeErrors } from '../../shared/lambda/invoke-errors';
import { logger } from '../../shared/lambda/logger';
import { observe, recordFilterRun } from '../../shared/lambda/observability';
import { configFromEnv, createServices, type Services } from '../../shared/lambda/services';

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

let deployed: ReturnType<typeof makeHandler> | undefined;

/**
 * The deployed entry point. Built on the first invocation rather than at import, so that the local server and the
 * tests can import `makeHandler` without the deployed configuration; a missing variable still fails the first
 * call, naming it.
 */
export const handler = (event: unknown, context: Context) => {
  deployed ??= makeHandler(createServices(configFromEnv()), {
    reportTtlSeconds: filterReportTtlSecondsFromEnv(),
  });
  return deployed(event, context);
};
