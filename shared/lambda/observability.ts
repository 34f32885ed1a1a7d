import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { FilterSummary } from '#app/ports/filter-runs';
import type { FilterReason } from '#domain/filter-reasons';
import type { Source } from '#domain/sources';
import { logger } from '#lambda/logger';
import {
  METRIC_DIMENSIONS,
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  type MetricName,
} from '#shared/metric-contract';

/**
 * EMF metrics in the `Quietlist` namespace (shared/metric-contract.ts). Powertools writes them to stdout as JSON
 * that CloudWatch turns into metrics: no API call, no latency. Disabled outside Lambda when `POWERTOOLS_DEV` is
 * set, like Powertools' own default.
 */
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

/** Publishes each breakdown record at once, with its one extra dimension (see `count`). */
const breakdowns = metrics.singleMetric();

/** Publishes several metrics of one breakdown as one record, when asked (see `recordUnsubscribe`). */
const sourceBreakdowns = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

export interface ObserveOptions<TEvent> {
  /** The operation, e.g. `unsubscribe-page`: the `operation` key of every log line (and an X-Ray annotation). */
  readonly name: string;
  /**
   * In-function tracing, for the functions that trace: `traceHandler` from `#lambda/tracing`, given the name.
   * Passed in rather than imported here, so that a function without it does not load the X-Ray SDK. Lambda's
   * active tracing records every invocation either way.
   */
  readonly trace?: (operation: string) => MiddlewareObj[];
  /**
   * Where the correlation id comes from. Default: API Gateway's request id for HTTP events, the message id of
   * a single-record SQS batch, otherwise none (Lambda's request id is on every line anyway).
   */
  readonly correlationId?: (event: TEvent) => string | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The correlation id an event carries: API Gateway's `requestContext.requestId` (also in its access log and in
 * the `apigw-requestid` response header), or the SQS `messageId` when a batch holds one record. Batches of more
 * carry each record's id on that record's own lines (`sqsMessageId`), since records run concurrently.
 */
export const correlationIdOf = (event: unknown): string | undefined => {
  if (!isObject(event)) return undefined;
  const requestContext = event.requestContext;
  if (isObject(requestContext) && typeof requestContext.requestId === 'string')
    return requestContext.requestId;
  const records = event.Records;
  if (Array.isArray(records) && records.length === 1 && isObject(records[0])) {
    const messageId = records[0].messageId;
    if (typeof messageId === 'string') return messageId;
  }
  return undefined;
};

/**
 * Publishes what the invocation recorded, after it returns or throws. Powertools' `logMetrics` middleware would
 * do the same but warns "No application metrics to publish" on every invocation that recorded none (every page
 * view), a log line per request that says nothing.
 */
const publishMetrics = (): MiddlewareObj => {
  const publish = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
};

/** Names the invocation on its log lines. */
const annotate = <TEvent>(options: ObserveOptions<TEvent>): MiddlewareObj<TEvent> => ({
  before: (request) => {
    const correlationId = (options.correlationId ?? correlationIdOf)(request.event);
    logger.appendKeys({ operation: options.name });
    if (correlationId !== undefined) logger.setCorrelationId(correlationId);
  },
});

/**
 * The observability middlewares every handler uses, in order: Lambda context and a correlation id on every log
 * line (keys reset after each invocation; the event itself is never logged), the handler's X-Ray subsegment and
 * annotation where `trace` is given, and the metrics the invocation recorded.
 *
 * Put it first, so that its `after`/`onError` run last and see the response the error mappers made.
 *
 * @example
 * export const makeHandler = (useCases: Promise<AdminApiUseCases>) =>
 *   middy(async (event: APIGatewayProxyEventV2) => ...)
 *     .use(observe({ name: 'admin-api', trace: traceHandler }))
 *     .use(httpErrors());
 */
export const observe = <TEvent = unknown, TResult = unknown>(
  options: ObserveOptions<TEvent>,
): MiddlewareObj<TEvent, TResult>[] =>
  [
    injectLambdaContext(logger, { resetKeys: true, logEvent: false }),
    ...(options.trace?.(options.name) ?? []),
    annotate(options),
    publishMetrics(),
  ] as MiddlewareObj<TEvent, TResult>[];

interface Breakdown {
  readonly dimension: string;
  readonly value: string;
  /** Also add to the service-wide total. @default true */
  readonly total?: boolean;
}

/** Adds `value` to a metric's total and, when `by` is given, to its breakdown (a separate EMF record). */
const count = (name: MetricName, value: number, by?: Breakdown) => {
  if (!Number.isFinite(value) || value <= 0) return;
  if (by?.total !== false) metrics.addMetric(name, MetricUnit.Count, value);
  if (by === undefined) return;
  // A single metric is published at once with its own dimensions (cleared after each), the buffered ones keep only
  // `service`. One instance for the container: `metrics.singleMetric()` builds a new Metrics, and with it a new
  // Console, every call, which was 40 % of a one-click's CPU (`npm run bench:one-click`, docs/decisions.md).
  breakdowns.addDimension(by.dimension, by.value);
  breakdowns.addMetric(name, MetricUnit.Count, value);
};

/** New suppression entries written for `source` (not counting values that were already suppressed). */
export const recordSuppressionsWritten = (source: Source, written = 1): void =>
  count(METRICS.suppressionsWritten, written, { dimension: METRIC_DIMENSIONS.source, value: source });

/** New suppressions among per-value results (`status: 'added'`, e.g. the admin API's bulk add), by source. */
export const recordSuppressionsAdded = (
  results: readonly { readonly status: string; readonly source?: Source }[],
): void => {
  const added = new Map<Source, number>();
  for (const result of results) {
    if (result.status === 'added' && result.source)
      added.set(result.source, (added.get(result.source) ?? 0) + 1);
  }
  for (const [source, count] of added) recordSuppressionsWritten(source, count);
};

/**
 * A recipient newly unsubscribed themselves (`link` or `list_unsubscribe`): counts the unsubscribe and the
 * suppression it wrote. Repeats (already unsubscribed) are not counted.
 */
export const recordUnsubscribe = (source: Extract<Source, 'link' | 'list_unsubscribe'>): void => {
  metrics.addMetric(METRICS.unsubscribes, MetricUnit.Count, 1);
  metrics.addMetric(METRICS.suppressionsWritten, MetricUnit.Count, 1);
  // Both breakdowns share their dimension, so they go out as one record: one EMF line less on every click.
  sourceBreakdowns.addDimension(METRIC_DIMENSIONS.source, source);
  sourceBreakdowns.addMetric(METRICS.unsubscribes, MetricUnit.Count, 1);
  sourceBreakdowns.addMetric(METRICS.suppressionsWritten, MetricUnit.Count, 1);
  sourceBreakdowns.publishStoredMetrics();
};

/**
 * One pre-send filter run: recipients received, eligible and filtered, each reason, and the recipients that could
 * not be checked. The totals are published even when zero, so a dashboard shows runs, not gaps.
 */
export const recordFilterRun = (
  summary: Pick<FilterSummary, 'received' | 'eligible' | 'filtered' | 'byReason'>,
) => {
  metrics.addMetric(METRICS.filterRecipients, MetricUnit.Count, summary.received);
  metrics.addMetric(METRICS.filterEligible, MetricUnit.Count, summary.eligible);
  metrics.addMetric(METRICS.filterFiltered, MetricUnit.Count, summary.filtered);
  metrics.addMetric(METRICS.filterUnchecked, MetricUnit.Count, summary.byReason.unchecked ?? 0);
  for (const [reason, recipients] of Object.entries(summary.byReason) as [FilterReason, number][]) {
    count(METRICS.filteredByReason, recipients, { dimension: METRIC_DIMENSIONS.reason, value: reason });
  }
};

/** The records of one SES feedback batch: applied, failed (to be retried), and replays that changed nothing. */
export const recordFeedbackBatch = (records: {
  readonly processed: number;
  readonly failed: number;
  readonly duplicate: number;
}): void => {
  count(METRICS.feedbackProcessed, records.processed);
  count(METRICS.feedbackFailed, records.failed);
  count(METRICS.feedbackDuplicate, records.duplicate);
};

/** Recipients one SES event names (`Send`, `Complaint`, ...): the complaint-rate alarm divides the two. */
export const recordSesEvent = (eventType: string, recipients: number): void =>
  count(METRICS.sesEventRecipients, recipients, {
    dimension: METRIC_DIMENSIONS.eventType,
    value: eventType,
    total: false,
  });
