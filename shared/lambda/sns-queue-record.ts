import type { SQSRecord } from 'aws-lambda';
import { logger } from '#lambda/logger';
import { unwrapSnsDelivery } from '#lambda/sns-envelope';

/**
 * A record that will never apply however often it is retried. Throwing it reports the record as failed, so SQS
 * redelivers it until `maxReceiveCount` and then parks it in the dead-letter queue, where the alarm finds it and
 * an operator can read it: nothing is dropped silently.
 */
export class UnprocessableRecordError extends Error {
  override readonly name = 'UnprocessableRecordError';
}

/** The ids every log line of a record carries: the queue's and SNS's, never the message's content. */
export type SnsRecordIds = { readonly sqsMessageId: string; readonly snsMessageId: string | undefined };

/**
 * The glue one SNS-fed queue shares with the others (SES feedback, SMS replies): what it is called in logs, and
 * the use case that receives the publisher's message.
 */
export interface SnsQueueRecordGlue<Received> {
  /** Names the messages in log lines, e.g. `SES feedback`, `SMS reply`. */
  readonly label: string;
  readonly receive: (message: string, timestamp: string) => Promise<Received>;
}

/** Logs why a record can never apply and throws it into the dead-letter path (after its retries). */
export const parkRecord = (
  label: string,
  record: SQSRecord,
  reason: string,
  extra: Record<string, unknown> = {},
): never => {
  logger.error(`${label} record not processable; it goes to the dead-letter queue after its retries`, {
    sqsMessageId: record.messageId,
    receiveCount: record.attributes.ApproximateReceiveCount,
    reason,
    ...extra,
  });
  throw new UnprocessableRecordError(reason);
};

/**
 * The steps every SNS-fed queue takes before its own: unwraps the SNS notification; a body that is none is
 * parked; SNS's subscription control messages are acknowledged with a log line (`undefined`); the message is
 * handed to the use case, and a storage error is logged and rethrown so that SQS delivers the record again later.
 * What the use case answered is the caller's to turn into logs, metrics and the batch answer.
 */
export const receiveSnsRecord = async <Received>(
  glue: SnsQueueRecordGlue<Received>,
  record: SQSRecord,
): Promise<{ readonly ids: SnsRecordIds; readonly received: Received } | undefined> => {
  const delivery = unwrapSnsDelivery(record.body, record.attributes.SentTimestamp);
  if (delivery.kind === 'unreadable') return parkRecord(glue.label, record, delivery.reason);
  if (delivery.kind === 'control') {
    logger.info('SNS control message acknowledged', {
      sqsMessageId: record.messageId,
      type: delivery.type,
      topicArn: delivery.topicArn,
    });
    return undefined;
  }
  const ids: SnsRecordIds = { sqsMessageId: record.messageId, snsMessageId: delivery.snsMessageId };
  try {
    return { ids, received: await glue.receive(delivery.message, delivery.timestamp) };
  } catch (error) {
    logger.warn(`${glue.label} not applied; the record will be retried`, {
      ...ids,
      error: { name: (error as Error).name, message: (error as Error).message },
    });
    throw error;
  }
};
