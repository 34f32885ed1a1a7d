import type { Context, SQSEvent } from 'aws-lambda';
import type * as z from '#domain/zod';
import { toErrorResponse } from '#lambda/http-errors';
import { parseJsonDocument } from '#lambda/http-request';
import type { LocalRoute } from '../http-adapter';
import { lambdaContext } from '../lambda-context';
import { snsEventSchema, toSqsEvent } from '../sns-to-sqs';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * `POST <path>`: an SNS Lambda event in, each record wrapped into the SQS record SNS → SQS would produce, run
 * through the queue function's own handler, answered 200 with what it returned (`{"batchItemFailures":[…]}`). A
 * body that is no SNS event answers the admin API's 400. The SES feedback and SMS replies routes are this, with
 * their own handler.
 */
export const snsQueueRoute = (
  path: string,
  functionName: string,
  handler: (event: SQSEvent, context: Context) => Promise<unknown>,
): LocalRoute => ({
  method: 'POST',
  path,
  handler: async (event) => {
    let snsEvent: z.output<typeof snsEventSchema>;
    try {
      snsEvent = parseJsonDocument(
        event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''),
        snsEventSchema,
      );
    } catch (error) {
      return toErrorResponse(error);
    }
    return json(200, await handler(toSqsEvent(snsEvent), lambdaContext(functionName, 30_000, 256)));
  },
});
