/**
 * Runs one HTTP-shaped invocation of a handler wrapped in `observe`, in a process of its own so that Powertools
 * writes logs and EMF metrics to stdout exactly as in Lambda (test/unit/observability.test.ts reads them).
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '#lambda/logger';
import {
  observe,
  recordFeedbackBatch,
  recordFilterRun,
  recordSesEvent,
  recordSuppressionsAdded,
  recordUnsubscribe,
} from '#lambda/observability';

const handler = middy(async (event: { body: string }) => {
  logger.info('recipient unsubscribe', { email: event.body, source: 'link' });
  recordUnsubscribe('link');
  recordFilterRun({ received: 3, eligible: 1, filtered: 2, byReason: { bounced: 1, unchecked: 1 } });
  recordSuppressionsAdded([
    { status: 'added', source: 'admin' },
    { status: 'added', source: 'admin' },
    { status: 'already_suppressed', source: 'admin' },
    { status: 'invalid' },
  ]);
  recordFeedbackBatch({ processed: 9, failed: 1, duplicate: 0 });
  recordSesEvent('Complaint', 2);
  throw new Error(`could not reach DynamoDB for ${event.body}`);
})
  .use(observe({ name: 'probe' }))
  .use({
    onError: (request) => {
      logger.error('request failed', { error: request.error as Error });
      request.response = { statusCode: 500 };
    },
  });

const context = {
  functionName: 'probe',
  awsRequestId: 'lambda-request-1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:probe',
  memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

await handler(
  { body: 'jane.doe@example.com', requestContext: { requestId: 'api-request-1' } } as { body: string },
  context,
);
