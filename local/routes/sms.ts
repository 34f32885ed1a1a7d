import { wireSmsReplies } from '#wiring/sms-replies';
import { makeHandler } from '../../functions/queue/sms-replies';
import type { LocalRoute } from '../http-adapter';
import type { FeatureRoutesContext } from './context';
import { snsQueueRoute } from './sns-queue-route';

/**
 * `POST /_local/sns/sms`: takes an SNS Lambda event whose records' `Message` is an inbound SMS as AWS End User
 * Messaging publishes it (`{"originationNumber","destinationNumber","messageKeyword","messageBody",
 * "inboundMessageId"}`), wraps each record into the SQS record SNS → SQS would produce, runs the same SMS replies
 * handler as AWS and answers 200 with what it returned (`{"batchItemFailures":[…]}`).
 */
export const smsRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const handler = makeHandler(wireSmsReplies(context.config));
  return [snsQueueRoute('/_local/sns/sms', 'quietlist-sms-replies', handler)];
};
