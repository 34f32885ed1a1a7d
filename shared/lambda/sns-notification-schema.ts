import * as z from '#domain/zod';

/**
 * The body SNS writes into an SQS queue for one notification when raw message delivery is off: the notification as
 * JSON, with `SigningCertURL` and `UnsubscribeURL` in capitals (AWS, "Fanout to Amazon SQS queues",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html, and "HTTP/HTTPS notification JSON format",
 * https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html; `Subject` is absent when none was
 * published, `MessageAttributes` present only when some were).
 *
 * Why our own and not Powertools' `SnsSqsNotificationSchema` (`@aws-lambda-powertools/parser/schemas/sns`): that
 * schema is classic zod, so it alone kept classic zod (~150 KB, and its module init) in the SES feedback and SMS
 * replies bundles beside the project's zod/mini; one dialect everywhere (docs/decisions.md, "zod/mini, one
 * dialect, English configured once", and "The SNS envelope in zod/mini").
 *
 * It accepts and refuses exactly what Powertools' schema (2.35) does, with the same issues in the same order
 * (test/unit/sns-notification-schema.test.ts runs both on the same inputs): the same fields in the same order,
 * `Timestamp` an ISO datetime in UTC (`Z`, any fraction), `SigningCertURL` a URL but `UnsubscribeURL` any string
 * (Powertools' SQS form overrides it so), `Subject` null or absent, `Type` only `Notification` (the control
 * messages are told apart before: shared/lambda/sns-envelope.ts), and unknown fields (`Token`, `SubscribeURL`,
 * the Lambda form's `SigningCertUrl`) ignored and stripped.
 */
export const snsSqsNotificationSchema = z.object({
  Subject: z.nullish(z.string()),
  TopicArn: z.string(),
  UnsubscribeURL: z.optional(z.string()),
  SigningCertURL: z.optional(z.url()),
  Type: z.literal('Notification'),
  MessageAttributes: z.optional(z.record(z.string(), z.object({ Type: z.string(), Value: z.string() }))),
  Message: z.string(),
  MessageId: z.string(),
  Signature: z.optional(z.string()),
  SignatureVersion: z.optional(z.string()),
  Timestamp: z.iso.datetime(),
});
