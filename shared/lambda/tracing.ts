import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { METRIC_SERVICE } from '#shared/metric-contract';

/**
 * In-function X-Ray tracing through Powertools, for the functions where it pays (docs/decisions.md, "Tracing in
 * the function or not"): a subsegment for the handler and one per AWS call. Importing this module loads the X-Ray
 * SDK, which installs async hooks (cls-hooked) that run on every promise of the process, and adds ~115 KB to the
 * bundle, so the hot functions (the filter, the unsubscribe page) do not import it: Lambda's active tracing still
 * records their invocations. Active only inside Lambda with tracing on; a no-op in tests and the local runtime.
 */
export const tracer = new Tracer({ serviceName: METRIC_SERVICE });

/** Returns the AWS SDK v3 client with its calls traced as X-Ray subsegments. */
export const traceAwsClient = <T>(client: T): T => tracer.captureAWSv3Client(client);

/**
 * The handler's subsegment (its response is not captured: it holds addresses) and the operation as an annotation,
 * for `observe`'s `trace` option.
 */
export const traceHandler = (operation: string): MiddlewareObj[] => [
  captureLambdaHandler(tracer, { captureResponse: false }),
  { before: () => tracer.putAnnotation('operation', operation) },
];
