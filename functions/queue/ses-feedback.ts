import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deployedHandler } from '#lambda/deployed-handler';
import { observe, recordFeedbackBatch } from '#lambda/observability';
import { configFromEnv } from '#lambda/service-config';
import { sesMirrorFromEnv, transientBouncePolicyFromEnv } from '#lambda/ses-feedback-config';
import { processFeedbackRecord } from '#lambda/ses-feedback-record';
import { traceAwsClient, traceHandler } from '#lambda/tracing';
import { type SesFeedbackUseCases, wireSesFeedback } from '#wiring/ses-feedback';

/**
 * SES feedback: an SQS queue subscribed to the SNS topic SES publishes bounces and complaints to (raw message
 * delivery off). Each record is applied on its own; the response names only the records that failed, so SQS
 * retries those and, after `maxReceiveCount`, parks them in the dead-letter queue while their neighbours are done.
 */
export const makeHandler = (useCases: Promise<SesFeedbackUseCases>) =>
  middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const processRecord = processFeedbackRecord((await useCases).receiveSesFeedback);
    let duplicates = 0;
    const handleRecord = async (record: SQSRecord) => {
      if ((await processRecord(record)) === 'duplicate') duplicates++;
    };
    // One processor per invocation: it holds the batch's state, and the local server may run invocations at once.
    const processor = new BatchProcessor(EventType.SQS);
    // A fully failed batch is reported record by record too, rather than thrown: SQS treats both alike.
    const response = await processPartialResponse(event, handleRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
    const failed = response.batchItemFailures.length;
    recordFeedbackBatch({ processed: event.Records.length - failed, failed, duplicate: duplicates });
    return response;
  }).use(observe({ name: 'ses-feedback', trace: traceHandler }));

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () =>
  wireSesFeedback(
    { ...configFromEnv(), traceClient: traceAwsClient },
    {
      transientBounces: transientBouncePolicyFromEnv(),
      accountSuppressionList: sesMirrorFromEnv(),
    },
  ),
);
