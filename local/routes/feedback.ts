import { toErrorResponse } from '#lambda/http-errors';
import { parseJsonDocument } from '#lambda/http-request';
import { transientBouncePolicyFromEnv } from '#lambda/ses-feedback-config';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { makeHandler } from '../../functions/queue/ses-feedback';
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
 * `POST /_local/sns/feedback`: takes an SNS Lambda event (`{"Records":[{"EventSource":"aws:sns","Sns":{…,
 * "Message":"<SES JSON>"}}]}`), wraps each record into the SQS record SNS → SQS would produce, runs the same
 * feedback handler as AWS and answers 200 with what it returned (`{"batchItemFailures":[…]}`).
 */
export const feedbackRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const useCases = await wireSesFeedback(context.config, {
    transientBounces: transientBouncePolicyFromEnv(),
  });
  const handler = makeHandler(Promise.resolve(useCases));
  return [
    {
      method: 'POST',
      path: '/_local/sns/feedback',
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
          await handler(toSqsEvent(snsEvent), lambdaContext('quietlist-ses-feedback', 30_000, 256)),
        );
      },
    },
  ];
};
