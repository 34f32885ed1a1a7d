import type { MiddlewareObj } from '@middy/core';
import { QuietlistError, UnavailableError } from '#domain/errors';
import { logger } from '#lambda/logger';
import { withOriginalStack } from '#lambda/original-stack';

/** What a directly invoked function returns for a request it refuses: the HTTP APIs' error body, as data. */
export interface InvokeErrorResult {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export const isInvokeError = (result: unknown): result is InvokeErrorResult =>
  typeof result === 'object' && result !== null && 'error' in result;

/**
 * middy `onError` for functions that pipelines invoke directly (Lambda Invoke, Step Functions). A refused request
 * (invalid payload, over the limits, a refused template) is *returned* as `{ error: { code, message, details? } }`:
 * it is the caller's to fix and retrying cannot help. Anything else stays a function error (`errorType`
 * `UnavailableError` when DynamoDB did not answer), so invokers' retry policies (Step Functions `Retry`, SDK
 * retries) apply; unexpected errors never reach the caller with their details beyond Lambda's own report.
 */
export const invokeErrors = <TEvent>(): MiddlewareObj<TEvent> => ({
  onError: async (request) => {
    const error = request.error;
    if (error instanceof QuietlistError && !(error instanceof UnavailableError)) {
      logger.info('request refused', { code: error.code, error: error.message });
      request.response = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      } satisfies InvokeErrorResult;
      return;
    }
    if (error instanceof UnavailableError) logger.warn('dependency unavailable', { error: error.message });
    else logger.error('unhandled error', { error: withOriginalStack(error) as Error });
  },
});
