import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  QuietlistError,
  UnauthenticatedError,
  UnavailableError,
  UnsupportedMediaTypeError,
} from '#domain/errors';
import { errorResponse } from '#lambda/http-response';
import { logger } from '#lambda/logger';
import { withOriginalStack } from '#lambda/original-stack';

const STATUS: ReadonlyArray<[abstract new (...args: never[]) => QuietlistError, number]> = [
  [InvalidInputError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [UnavailableError, 503],
];

/** Maps a thrown error to a response: domain errors show their message, anything else is a generic 500. */
export const toErrorResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof QuietlistError) {
    const status = STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
    if (status >= 500) logger.warn('dependency unavailable', { code: error.code, error: error.message });
    return errorResponse(status, error.code, error.message, error.details);
  }
  // Never echo an unexpected error: it may carry a stack, a table name or a value.
  logger.error('unhandled error', { error: withOriginalStack(error) as Error });
  return errorResponse(500, 'internal_error', 'Something went wrong on our side. Please retry later.');
};

/** middy `onError`: the last word on any failure of an HTTP handler. */
export const httpErrors = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    request.response = toErrorResponse(request.error);
  },
});
