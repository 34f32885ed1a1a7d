import { transientBouncePolicyFromEnv } from '#lambda/ses-feedback-config';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { makeHandler } from '../../functions/queue/ses-feedback';
import type { LocalRoute } from '../http-adapter';
import type { FeatureRoutesContext } from './context';
import { snsQueueRoute } from './sns-queue-route';

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
  return [snsQueueRoute('/_local/sns/feedback', 'quietlist-ses-feedback', handler)];
};
