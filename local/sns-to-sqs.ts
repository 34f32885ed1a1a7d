import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from '#domain/zod';

const LOCAL_TOPIC_ARN = 'arn:aws:sns:local:000000000000:quietlist-ses-feedback';
const LOCAL_QUEUE_ARN = 'arn:aws:sqs:local:000000000000:quietlist-ses-feedback';
/** The principal SQS names as the sender of messages SNS delivers. */
const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

const messageAttribute = z.object({ Type: z.string(), Value: z.string() });

/**
 * The SNS record of a Lambda event, as AWS sends it (`Sns.SigningCertUrl`, `Sns.UnsubscribeUrl`, `Subject: null`).
 * Only `Message` is required, so a hand-written event works; the rest is filled in as SNS would.
 */
const snsRecord = z.object({
  EventSource: z.literal('aws:sns'),
  Sns: z.object({
    Type: z._default(z.string(), 'Notification'),
    MessageId: z.optional(z.string()),
    TopicArn: z.optional(z.string()),
    Subject: z.nullish(z.string()),
    Message: z.string(),
    Timestamp: z.optional(z.string()),
    SignatureVersion: z.optional(z.string()),
    Signature: z.optional(z.string()),
    SigningCertUrl: z.optional(z.string()),
    SigningCertURL: z.optional(z.string()),
    UnsubscribeUrl: z.optional(z.string()),
    UnsubscribeURL: z.optional(z.string()),
    MessageAttributes: z.optional(z.record(z.string(), messageAttribute)),
    Token: z.optional(z.string()),
    SubscribeURL: z.optional(z.string()),
  }),
});

/** An SNS Lambda event: `{"Records":[{"EventSource":"aws:sns","Sns":{…,"Message":"…"}}]}`. */
export const snsEventSchema = z.object({
  Records: z.array(snsRecord).check(z.minLength(1), z.maxLength(100)),
});
export type SnsEventInput = z.input<typeof snsEventSchema>;

/** SNS writes notification bodies pretty-printed with `" : "` between name and value. */
const snsJson = (fields: Record<string, unknown>): string =>
  `{\n${Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `  ${JSON.stringify(name)} : ${JSON.stringify(value)}`)
    .join(',\n')}\n}`;

/**
 * The SQS body SNS writes for one notification when raw message delivery is off: the notification as JSON with
 * SNS's own field names and order (`SigningCertURL`, `UnsubscribeURL` in capitals, no `Subject` when there was
 * none, `MessageAttributes` only when there are some).
 */
export const snsNotificationBody = (sns: z.output<typeof snsRecord>['Sns'], now = new Date()): string => {
  const topicArn = sns.TopicArn ?? LOCAL_TOPIC_ARN;
  const attributes = sns.MessageAttributes && Object.keys(sns.MessageAttributes).length > 0;
  return snsJson({
    Type: sns.Type,
    MessageId: sns.MessageId ?? randomUUID(),
    Token: sns.Token,
    TopicArn: topicArn,
    Subject: sns.Subject ?? undefined,
    Message: sns.Message,
    SubscribeURL: sns.SubscribeURL,
    Timestamp: sns.Timestamp ?? now.toISOString(),
    SignatureVersion: sns.SignatureVersion ?? '1',
    Signature: sns.Signature ?? randomBytes(256).toString('base64'),
    SigningCertURL:
      sns.SigningCertURL ??
      sns.SigningCertUrl ??
      'https://sns.local.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
    UnsubscribeURL:
      sns.UnsubscribeURL ??
      sns.UnsubscribeUrl ??
      `https://sns.local.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
    MessageAttributes: attributes ? sns.MessageAttributes : undefined,
  });
};

const sqsRecord = (body: string, now: Date): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: randomBytes(96).toString('base64'),
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(now.getTime()),
    SenderId: SNS_SENDER_ID,
    ApproximateFirstReceiveTimestamp: String(now.getTime()),
  },
  messageAttributes: {},
  md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
  eventSource: 'aws:sqs',
  eventSourceARN: LOCAL_QUEUE_ARN,
  awsRegion: 'local',
});

/**
 * Turns an SNS Lambda event into the SQS event the feedback function receives in AWS, where SNS delivers to an
 * SQS queue and Lambda polls it: one SQS record per SNS record, its body the SNS notification JSON.
 */
export const toSqsEvent = (event: z.output<typeof snsEventSchema>, now = new Date()): SQSEvent => ({
  Records: event.Records.map((record) => sqsRecord(snsNotificationBody(record.Sns, now), now)),
});
