import type { SQSRecord } from 'aws-lambda';
import type { receiveSmsReply } from '#app/receive-sms-reply';
import { logger } from '#lambda/logger';
import { parkRecord, receiveSnsRecord } from '#lambda/sns-queue-record';

export type SmsReplyRecordOutcome = 'suppressed' | 'recorded' | 'duplicate' | 'acknowledged';

const LABEL = 'SMS reply';

/**
 * Handles one SQS record of the SMS replies queue with the steps every SNS-fed queue shares
 * (`#lambda/sns-queue-record`): SNS control messages are acknowledged; a body that is no SNS
 * notification, or a message that is no inbound SMS, is thrown as `UnprocessableRecordError` (the dead-letter
 * queue after its retries); a storage error is rethrown for a later redelivery. Logs carry ids and the tenant,
 * never a phone number or a message body.
 */
export const processSmsReplyRecord =
  (receive: ReturnType<typeof receiveSmsReply>) =>
  async (record: SQSRecord): Promise<SmsReplyRecordOutcome> => {
    const taken = await receiveSnsRecord({ label: LABEL, receive }, record);
    if (taken === undefined) return 'acknowledged';
    const { ids, received } = taken;
    if (received.disposition === 'park') return parkRecord(LABEL, record, received.reason, ids);
    logger.info('SMS reply applied', {
      ...ids,
      tenantId: received.tenantId,
      intent: received.intent,
      inboundMessageId: received.inboundMessageId,
      disposition: received.disposition,
    });
    return received.disposition;
  };
