import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { transientBouncePolicyFromEnv } from '#lambda/ses-feedback-config';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { makeHandler } from '../../functions/queue/ses-feedback';
import type { LocalRoute } from '../http-adapter';
import type { FeatureRoutesContext } from '../routes';
import { snsEventSchema, toSqsEvent } from '../sns-to-sqs';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const lambdaContext = (): Context => {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'quietlist-ses-feedback',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:quietlist-ses-feedback',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/quietlist-ses-feedback',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
};

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
        const text = event.isBase64Encoded
          ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
          : (event.body ?? '');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return json(400, {
            error: { code: 'invalid_input', message: 'the body must be an SNS event in JSON' },
          });
        }
        const parsed = snsEventSchema.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return json(400, {
            error: {
              code: 'invalid_input',
              message: `not an SNS event: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
            },
          });
        }
        return json(200, await handler(toSqsEvent(parsed.data), lambdaContext()));
      },
    },
  ];
};
