import type { SQSRecord } from 'aws-lambda';
import type { ApplySesFeedbackOutcome } from '#app/apply-ses-feedback';
import type { receiveSesFeedback } from '#app/receive-ses-feedback';
import { logger } from '#lambda/logger';
import { recordSesEvent, recordSuppressionsWritten } from '#lambda/observability';
import { parkRecord, receiveSnsRecord } from '#lambda/sns-queue-record';

const LABEL = 'SES feedback';

/**
 * What became of a record: `applied` (it changed or counted something), `duplicate` (a redelivery that changed
 * nothing) or `acknowledged` (a control or setup message, or an event that neither suppresses nor counts).
 */
export type FeedbackRecordOutcome = 'applied' | 'duplicate' | 'acknowledged';

const SUPPRESSING_SOURCE = { Bounce: 'bounce', Complaint: 'spam_complaint' } as const;

/** Metrics of one applied message: recipients counted for the first time, by event type, and new suppressions. */
const recordMetrics = (eventType: string, outcome: ApplySesFeedbackOutcome) => {
  recordSesEvent(eventType, outcome.recipients.filter((recipient) => recipient.statsCounted === true).length);
  const source = SUPPRESSING_SOURCE[eventType as keyof typeof SUPPRESSING_SOURCE];
  if (source) {
    recordSuppressionsWritten(source, outcome.recipients.filter((r) => r.result === 'suppressed').length);
  }
};

const tally = (outcome: ApplySesFeedbackOutcome): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const recipient of outcome.recipients) counts[recipient.result] = (counts[recipient.result] ?? 0) + 1;
  return counts;
};

/**
 * Handles one SQS record of the feedback queue: unwraps the SNS notification and hands the SES message to the
 * `receiveSesFeedback` use case (the steps every SNS-fed queue shares are in `#lambda/sns-queue-record`), which decides what becomes of it; this glue turns that into logs, metrics and
 * the batch answer:
 *
 * - SNS subscription and unsubscribe confirmations and SES setup messages: acknowledged with a log line;
 * - a body that is not an SNS notification, or a message the use case parks: thrown as
 *   `UnprocessableRecordError`, which parks it in the dead-letter queue after its retries;
 * - recipients whose address does not parse: skipped with a warning, the others applied;
 * - a storage error: rethrown, so SQS delivers the record again later.
 *
 * Logs carry ids, types, tenants and value hashes, never an address.
 */
export const processFeedbackRecord =
  (receive: ReturnType<typeof receiveSesFeedback>) =>
  async (record: SQSRecord): Promise<FeedbackRecordOutcome> => {
    const taken = await receiveSnsRecord({ label: LABEL, receive }, record);
    if (taken === undefined) return 'acknowledged';
    const { ids, received } = taken;
    if (received.disposition === 'park') {
      return parkRecord(LABEL, record, received.reason, {
        ...ids,
        ...(received.eventType === undefined ? {} : { eventType: received.eventType }),
      });
    }
    if (!('feedback' in received)) {
      logger.info('SES setup message acknowledged', { ...ids, description: received.setup });
      return 'acknowledged';
    }
    const { feedback, context, outcome } = received;
    const summary = {
      ...ids,
      eventType: feedback.eventType,
      form: feedback.form,
      sesMessageId: feedback.mail.messageId,
      tenantId: context.tenantId,
      tenantFrom: context.from,
    };
    if (context.dropped.length > 0) {
      logger.warn('SES feedback carried unusable ids; applied without them', {
        ...summary,
        dropped: context.dropped,
      });
    }
    const invalid = outcome.recipients.filter((recipient) => recipient.result === 'invalid_address');
    if (invalid.length > 0) {
      logger.warn('SES feedback named addresses that do not parse; they were skipped', {
        ...summary,
        reasons: invalid.map((recipient) => recipient.reason),
      });
    }
    logger.info('SES feedback applied', {
      ...summary,
      results: tally(outcome),
      replay: received.disposition === 'duplicate',
      valueHashes: outcome.recipients.flatMap((recipient) => recipient.valueHash ?? []),
    });
    recordMetrics(feedback.eventType, outcome);
    return received.disposition;
  };
