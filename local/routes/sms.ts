import { toErrorResponse } from '#lambda/http-errors';
import { parseJsonDocument } from '#lambda/http-request';
import { wireSmsReplies } from '#wiring/sms-replies';
import { makeHandler } from '../../functions/queue/sms-replies';
import type { LocalRoute } from '../http-adapter';
import { lambdaContext } from '../lambda-context';
import { snsEventSchema, toSqsEvent } from '../sns-to-sqs';
import type { FeatureRoutesContext } from './context';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * `POST /_local/sns/sms`: takes an SNS Lambda event whose records' `Message` is an inbound SMS as AWS End User
 * Messaging publishes it (`{"originationNumber","destinationNumber","messageKeyword","messageBody",
 * "inboundMessageId"}`), wraps each record into the SQS record SNS → SQS would produce, runs the same SMS replies
 * handler as AWS and answers 200 with what it returned (`{"batchItemFailures":[…]}`).
 */
export const smsRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const handler = makeHandler(wireSmsReplies(context.config));
  return [
    {
      method: 'POST',
      path: '/_local/sns/sms',
      handler: async (event) => {
        let snsEvent: ReturnType<typeof snsEventSchema.parse>;
        try {
          snsEvent = parseJsonDocument(
            event.isBase64Encoded
              ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
              : (event.body ?? ''),
            snsEventSchema,
          );
        } catch (error) {
          return toErrorResponse(error);
        }
        return json(
          200,
          await handler(toSqsEvent(snsEvent), lambdaContext('quietlist-sms-replies', 30_000, 256)),
        );
      },
    },
  ];
};
