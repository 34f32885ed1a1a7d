/**
 * The custom metrics Quietlist publishes (CloudWatch Embedded Metric Format, through Powertools Metrics), described
 * once: the functions emit them (shared/lambda/observability.ts) and the alarms and dashboard read them
 * (infra/constructs/observability.ts), so the two can never disagree on a name or a dimension.
 *
 * Every metric carries the `service` dimension; the `*By*` metrics carry one more, named in
 * {@link METRIC_DIMENSIONS}. A count with a breakdown is published twice: once as the total (service only, what
 * alarms read) and once per value of its dimension (what the dashboard breaks down).
 */
export const METRIC_NAMESPACE = 'Quietlist';

/** The value of the `service` dimension on every metric. */
export const METRIC_SERVICE = 'quietlist';

export const METRIC_DIMENSIONS = {
  service: 'service',
  /** A suppression source (shared/domain/sources.ts): `link`, `list_unsubscribe`, `bounce`, ... */
  source: 'source',
  /** A filter reason (shared/domain/filter-reasons.ts): `unsubscribed`, `bounced`, `unchecked`, ... */
  reason: 'reason',
  /** An SES event type: `Send`, `Delivery`, `Bounce`, `Complaint`, `Reject`. */
  eventType: 'eventType',
} as const;

export const METRICS = {
  /** A recipient unsubscribed themselves (`link` page button or RFC 8058 one-click); by `source`. */
  unsubscribes: 'Unsubscribes',
  /** New suppression entries, whatever wrote them (recipient, SES, admin, API); by `source`. */
  suppressionsWritten: 'SuppressionsWritten',
  /** Recipients the pre-send filter was asked about. */
  filterRecipients: 'FilterRecipients',
  /** Recipients the filter returned as eligible on at least one channel. */
  filterEligible: 'FilterEligible',
  /** Recipients the filter dropped entirely. */
  filterFiltered: 'FilterFiltered',
  /** Filtered recipients per reason (one recipient may count under several); by `reason`. */
  filteredByReason: 'FilteredByReason',
  /**
   * Recipients the filter could not check (throttling, unprocessed keys after retries) and therefore dropped
   * (fail closed). Any is worth an alarm: a campaign silently lost recipients.
   */
  filterUnchecked: 'FilterUnchecked',
  /** SES feedback records (SQS messages) applied. */
  feedbackProcessed: 'FeedbackRecordsProcessed',
  /** SES feedback records that failed and will be retried (and, in the end, parked in the dead-letter queue). */
  feedbackFailed: 'FeedbackRecordsFailed',
  /** SES feedback records that changed nothing because they had been applied before (at-least-once delivery). */
  feedbackDuplicate: 'FeedbackRecordsDuplicate',
  /** Recipients named by SES events; by `eventType`. Complaint rate = Complaint / Send. */
  sesEventRecipients: 'SesEventRecipients',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];
