import middy from '@middy/core';
import type { ImportCounts } from '#domain/import-job';
import { deployedHandler } from '#lambda/deployed-handler';
import { optionalEnv, requireEnv } from '#lambda/env';
import { filterReportTtlSecondsFromEnv } from '#lambda/filter-config';
import { logger } from '#lambda/logger';
import { observe } from '#lambda/observability';
import { configFromEnv } from '#lambda/service-config';
import { traceAwsClient } from '#lambda/tracing';
import { type ImportStepEvent, JOBS_ENV, type PreparedImport } from '#shared/jobs-contract';
import { type ImportStepsUseCases, wireImportSteps } from '#wiring/import-steps';

/** What each step answers the state machine: the prepared job, a chunk's or the job's counts, or nothing. */
export type ImportStepResult = PreparedImport | ImportCounts | { readonly failed: true };

/**
 * The import state machine's task handler: one function for its states (`Prepare`, each chunk of the Distributed
 * Map and its Catch `MarkUnchecked`, `Finish`, `MarkFailed`), told apart by `step`. A step that fails throws, so the state machine's Retry
 * (throttling, an unavailable table) and Catch (anything else → `MarkFailed`) decide; the local runner calls
 * this same handler with the same events.
 */
export const makeHandler = (useCases: Promise<ImportStepsUseCases>) =>
  middy<ImportStepEvent, ImportStepResult>(async (event: ImportStepEvent): Promise<ImportStepResult> => {
    const ready = await useCases;
    const at = new Date();
    switch (event.step) {
      case 'prepare':
        return ready.prepareImport({ key: event.key, at });
      case 'chunk': {
        const counts = await ready.importChunk({ ...event.BatchInput, items: event.Items, at });
        logger.info('import chunk', { importId: event.BatchInput.importId, ...counts });
        return counts;
      }
      case 'unchecked': {
        const error = errorMessageOf(event.error, event.cause);
        const counts = await ready.importChunkUnchecked({
          ...event.BatchInput,
          items: event.Items,
          at,
          error,
        });
        logger.warn('import chunk unchecked', { importId: event.BatchInput.importId, error, ...counts });
        return counts;
      }
      case 'finish':
        return ready.finishImport({
          tenantId: event.tenantId,
          importId: event.importId,
          lines: event.lines,
          at,
        });
      case 'fail':
        await ready.failImport({ key: event.key, error: errorMessageOf(event.error, event.cause), at });
        return { failed: true };
    }
  }).use(observe({ name: 'import-steps' }));

/**
 * The error a failed job shows: a Lambda error's own message (Step Functions passes the Lambda's `{ errorType,
 * errorMessage }` as the cause, JSON-encoded), else the state's error name.
 */
export const errorMessageOf = (error: string, cause?: string): string => {
  if (cause) {
    try {
      const parsed = JSON.parse(cause) as { errorMessage?: unknown };
      if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
    } catch {
      return cause.slice(0, 500);
    }
  }
  return error;
};

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () => {
  const endpoint = optionalEnv(JOBS_ENV.s3Endpoint);
  return wireImportSteps({
    ...configFromEnv(),
    traceClient: traceAwsClient,
    bucket: requireEnv(JOBS_ENV.bucket),
    // Filter jobs keep their reports as long as the synchronous filter keeps its own.
    filterReportTtlSeconds: filterReportTtlSecondsFromEnv(),
    ...(endpoint ? { s3Endpoint: endpoint } : {}),
  });
});
