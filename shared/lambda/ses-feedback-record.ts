import type { SQSRecord } from 'aws-lambda';
import type { ApplySesFeedbackInput, ApplySesFeedbackOutcome } from '#app/apply-ses-feedback';
import { feedbackContextOf } from '#domain/ses-feedback-context';
import { parseSesMessage } from '#domain/ses-notification';
import { logger } from '#lambda/logger';
import { recordSesEvent, recordSuppressionsWritten } from '#lambda/observability';
import { unwrapSnsDelivery } from '#lambda/sns-envelope';

/**
 * A record that will never apply however often it is retried. Throwing it reports the record as failed, so SQS
 * redelivers it until `maxReceiveCount` and then parks it in the dead-letter queue, where the alarm finds it and
 * an operator can read it: nothing is dropped silently.
 */
export class UnprocessableRecordError extends Error {
  override readonly name = 'UnprocessableRecordError';
}

export type ApplyFeedback = (input: ApplySesFeedbackInput) => Promise<ApplySesFeedbackOutcome>;

const park = (record: SQSRecord, reason: string, extra: Record<string, unknown> = {}): never => {
  logger.error('SES feedback record not processable; it goes to the dead-letter queue after its retries', {
    sqsMessageId: record.messageId,
    receiveCount: record.attributes.ApproximateReceiveCount,
    reason,
    ...extra,
  });
  throw new UnprocessableRecordError(reason);
};

/**
 * What became of a record: `applied` (it changed or counted something), `duplicate` (a redelivery that changed
 * nothing: every recipient had been counted or recorded before) or `acknowledged` (a control or setup message, or
 * an event that neither suppresses nor counts).
 */
export type FeedbackRecordOutcome = 'applied' | 'duplicate' | 'acknowledged';

/** The daily counters are idempotent per message, event and recipient, so "not counted" means "seen before". */
const isReplay = (outcome: ApplySesFeedbackOutcome): boolean =>
  outcome.recipients.length > 0 &&
  outcome.recipients.every(
    (recipient) =>
      recipient.result === 'invalid_address' ||
      recipient.result === 'feedback_already_recorded' ||
      recipient.statsCounted === false,
  ) &&
  outcome.recipients.some((recipient) => recipient.result !== 'invalid_address');

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
 * Handles one SQS record of the feedback queue: unwraps the SNS notification, parses the SES message, finds its
 * tenant and applies it. What each case does (docs/ses-feedback.md, "Unusual messages"):
 *
 * - SNS subscription and unsubscribe confirmations, SES's `AmazonSnsSubscriptionSucceeded` and its plain-text
 *   "Successfully validated SNS topic" message: acknowledged with a log line;
 * - event types that neither suppress nor count (Open, Click, Reject, …): acknowledged;
 * - a body that is not an SNS notification, a message that is not SES JSON, an unknown type, missing fields or
 *   an invalid tenant tag: thrown as {@link UnprocessableRecordError}, which parks it in the dead-letter queue;
 * - recipients whose address does not parse: skipped with a warning, the others applied;
 * - a storage error: rethrown, so SQS delivers the record again later.
 *
 * Logs carry ids, types, tenants and value hashes, never an address.
 */
export const processFeedbackRecord =
  (apply: ApplyFeedback) =>
  async (record: SQSRecord): Promise<FeedbackRecordOutcome> => {
    const delivery = unwrapSnsDelivery(record.body, record.attributes.SentTimestamp);
    if (delivery.kind === 'unreadable') return park(record, delivery.reason);
    if (delivery.kind === 'control') {
      logger.info('SNS control message acknowledged', {
        sqsMessageId: record.messageId,
        type: delivery.type,
        topicArn: delivery.topicArn,
      });
      return 'acknowledged';
    }
    const ids = { sqsMessageId: record.messageId, snsMessageId: delivery.snsMessageId };
    const parsed = parseSesMessage(delivery.message);
    if (!parsed.ok) return park(record, parsed.error, ids);
    if (parsed.value.kind === 'setup') {
      logger.info('SES setup message acknowledged', { ...ids, description: parsed.value.description });
      return 'acknowledged';
    }
    const feedback = parsed.value.feedback;
    const context = feedbackContextOf(feedback.mail);
    if (!context.ok) return park(record, context.error, { ...ids, eventType: feedback.eventType });
    const summary = {
      ...ids,
      eventType: feedback.eventType,
      form: feedback.form,
      sesMessageId: feedback.mail.messageId,
      tenantId: context.value.tenantId,
      tenantFrom: context.value.from,
    };
    if (context.value.dropped.length > 0) {
      logger.warn('SES feedback carried unusable ids; applied without them', {
        ...summary,
        dropped: context.value.dropped,
      });
    }
    let outcome: ApplySesFeedbackOutcome;
    try {
      outcome = await apply({ feedback, context: context.value, receivedAt: delivery.timestamp });
    } catch (error) {
      logger.warn('SES feedback not applied; the record will be retried', {
        ...summary,
        error: { name: (error as Error).name, message: (error as Error).message },
      });
      throw error;
    }
    const invalid = outcome.recipients.filter((recipient) => recipient.result === 'invalid_address');
    if (invalid.length > 0) {
      logger.warn('SES feedback named addresses that do not parse; they were skipped', {
        ...summary,
        reasons: invalid.map((recipient) => recipient.reason),
      });
    }
    const replay = isReplay(outcome);
    logger.info('SES feedback applied', {
      ...summary,
      results: tally(outcome),
      replay,
      valueHashes: outcome.recipients.flatMap((recipient) => recipient.valueHash ?? []),
    });
    recordMetrics(feedback.eventType, outcome);
    if (replay) return 'duplicate';
    return outcome.recipients.length === 0 ? 'acknowledged' : 'applied';
  };
