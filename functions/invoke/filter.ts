import middy from '@middy/core';
import type { FilterAudienceOutput } from '#app/filter-answer';
import { deployedHandler } from '#lambda/deployed-handler';
import { filterReportTtlSecondsFromEnv } from '#lambda/filter-config';
import { type InvokeErrorResult, invokeErrors } from '#lambda/invoke-errors';
import { logger } from '#lambda/logger';
import { observe, recordFilterRun } from '#lambda/observability';
import { configFromEnv } from '#lambda/service-config';
import { type FilterUseCases, wireFilter } from '#wiring/filter';

/**
 * The pre-send filter, invoked by campaign pipelines with an audience batch (docs/filter.md). Returns the run's
 * answer, or `{ error }` for a refused request; throws `UnavailableError` when DynamoDB did not answer, so the
 * invoker retries.
 */
export const makeHandler = (useCases: Promise<FilterUseCases>) =>
  middy<unknown, FilterAudienceOutput | InvokeErrorResult>(async (event: unknown) => {
    const started = performance.now();
    const { output, stats } = await (await useCases).filterAudience(event);
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

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () =>
  wireFilter(configFromEnv(), { reportTtlSeconds: filterReportTtlSecondsFromEnv() }),
);
