import { describeIssues, issuesOf } from '#domain/validation-issues';
import * as z from '#domain/zod';
import { snsSqsNotificationSchema } from '#lambda/sns-notification-schema';

/** What an SQS record fed by an SNS subscription carries. */
export type SnsDelivery =
  /** An SNS notification: `message` is what the publisher (SES) sent, as text. */
  | {
      readonly kind: 'notification';
      readonly snsMessageId?: string;
      readonly topicArn?: string;
      /** When SNS accepted the message, ISO-8601. */
      readonly timestamp: string;
      readonly message: string;
    }
  /** SNS managing the subscription itself: nothing to apply. */
  | { readonly kind: 'control'; readonly type: string; readonly topicArn?: string }
  /** Not something SNS delivers: the reason says why. */
  | { readonly kind: 'unreadable'; readonly reason: string };

const SNS_CONTROL_TYPES = ['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;

const controlSchema = z.object({ Type: z.enum(SNS_CONTROL_TYPES), TopicArn: z.optional(z.string()) });

/** The SES message that arrives when raw message delivery was switched on by hand: no SNS envelope at all. */
const looksLikeRawSesMessage = (json: Record<string, unknown>): boolean =>
  typeof json.eventType === 'string' || typeof json.notificationType === 'string';

/**
 * Unwraps the body of an SQS record delivered by an SNS subscription with raw message delivery off (the body is
 * the SNS notification JSON, its `Message` the SES text), validated by {@link snsSqsNotificationSchema}: what
 * Powertools' classic-zod `SnsSqsNotificationSchema` accepted, in zod/mini, so no classic zod in the bundle.
 * Tolerates raw delivery too (the body is then the SES message itself), so a subscription edited by hand keeps
 * working. Never throws.
 *
 * @param sentTimestamp - the record's `SentTimestamp` attribute (epoch milliseconds), for raw deliveries.
 */
export const unwrapSnsDelivery = (body: string, sentTimestamp: string | undefined): SnsDelivery => {
  const sent = Number(sentTimestamp);
  const sentAt = new Date(Number.isFinite(sent) && sent > 0 ? sent : Date.now()).toISOString();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // SES's plain-text "Successfully validated SNS topic …" arrives like this under raw delivery.
    return { kind: 'notification', timestamp: sentAt, message: body };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'unreadable', reason: 'the SQS body is JSON but not an object' };
  }
  const record = json as Record<string, unknown>;
  const control = z.safeParse(controlSchema, record);
  if (control.success) {
    return {
      kind: 'control',
      type: control.data.Type,
      ...(control.data.TopicArn === undefined ? {} : { topicArn: control.data.TopicArn }),
    };
  }
  if (record.Type === undefined && looksLikeRawSesMessage(record)) {
    return { kind: 'notification', timestamp: sentAt, message: body };
  }
  const notification = z.safeParse(snsSqsNotificationSchema, record);
  if (!notification.success) {
    return {
      kind: 'unreadable',
      reason: `not an SNS notification: ${describeIssues(issuesOf(notification.error.issues))}`,
    };
  }
  return {
    kind: 'notification',
    snsMessageId: notification.data.MessageId,
    topicArn: notification.data.TopicArn,
    timestamp: new Date(notification.data.Timestamp).toISOString(),
    message: notification.data.Message,
  };
};
