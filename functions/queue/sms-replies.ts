import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deployedHandler } from '#lambda/deployed-handler';
import { observe } from '#lambda/observability';
import { configFromEnv } from '#lambda/service-config';
import { processSmsReplyRecord } from '#lambda/sms-reply-record';
import { traceAwsClient, traceHandler } from '#lambda/tracing';
import { type SmsRepliesUseCases, wireSmsReplies } from '#wiring/sms-replies';

/**
 * SMS replies: an SQS queue subscribed to the SNS topic AWS End User Messaging SMS publishes inbound messages to
 * (raw message delivery off). Each record is applied on its own; the response names only the records that
 * failed, so SQS retries those and, after `maxReceiveCount`, parks them in the dead-letter queue.
 */
export const makeHandler = (useCases: Promise<SmsRepliesUseCases>) =>
  middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const processRecord = processSmsReplyRecord((await useCases).receiveSmsReply);
    const handleRecord = async (record: SQSRecord) => {
      await processRecord(record);
    };
    // One processor per invocation: it holds the batch's state, and the local server may run invocations at once.
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, handleRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  }).use(observe({ name: 'sms-replies', trace: traceHandler }));

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () =>
  wireSmsReplies({ ...configFromEnv(), traceClient: traceAwsClient }),
);
