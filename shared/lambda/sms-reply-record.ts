import type { SQSRecord } from 'aws-lambda';
import type { receiveSmsReply, SmsReplyDisposition } from '#app/receive-sms-reply';
import { logger } from '#lambda/logger';
import { UnprocessableRecordError } from '#lambda/ses-feedback-record';
import { unwrapSnsDelivery } from '#lambda/sns-envelope';

export type SmsReplyRecordOutcome = 'suppressed' | 'recorded' | 'duplicate' | 'acknowledged';

const park = (record: SQSRecord, reason: string, extra: Record<string, unknown> = {}): never => {
  logger.error('SMS reply record not processable; it goes to the dead-letter queue after its retries', {
    sqsMessageId: record.messageId,
    receiveCount: record.attributes.ApproximateReceiveCount,
    reason,
    ...extra,
  });
  throw new UnprocessableRecordError(reason);
};

/**
 * Handles one SQS record of the SMS replies queue as the SES feedback glue does
 * (shared/lambda/ses-feedback-record.ts): SNS control messages are acknowledged; a body that is no SNS
 * notification, or a message that is no inbound SMS, is thrown as `UnprocessableRecordError` (the dead-letter
 * queue after its retries); a storage error is rethrown for a later redelivery. Logs carry ids and the tenant,
 * never a phone number or a message body.
 */
export const processSmsReplyRecord =
  (receive: ReturnType<typeof receiveSmsReply>) =>
  async (record: SQSRecord): Promise<SmsReplyRecordOutcome> => {
    const delivery = unwrapSnsDelivery(record.body, record.attributes.SentTimestamp);
    if (delivery.kind === 'unreadable') return park(record, delivery.reason);
    if (delivery.kind === 'control') {
      logger.info('SNS control message acknowledged', {
        sqsMessageId: record.messageId,
        type: delivery.type,
      });
      return 'acknowledged';
    }
    const ids = { sqsMessageId: record.messageId, snsMessageId: delivery.snsMessageId };
    let received: SmsReplyDisposition;
    try {
      received = await receive(delivery.message, delivery.timestamp);
    } catch (error) {
      logger.warn('SMS reply not applied; the record will be retried', {
        ...ids,
        error: { name: (error as Error).name, message: (error as Error).message },
      });
      throw error;
    }
    if (received.disposition === 'park') return park(record, received.reason, ids);
    logger.info('SMS reply applied', {
      ...ids,
      tenantId: received.tenantId,
      intent: received.intent,
      inboundMessageId: received.inboundMessageId,
      disposition: received.disposition,
    });
    return received.disposition;
  };
