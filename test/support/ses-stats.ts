import { randomUUID } from 'node:crypto';
import { encodeTagValue, FEEDBACK_TAGS } from '#domain/ses-tags';

/**
 * SES events for statistics, posted to a running local service's `POST /_local/sns/feedback` as SNS delivers
 * them (configuration-set event publishing), tagged with the tenant and a campaign, at a chosen time: sends (one
 * `Send` event per batch of recipients, counted per recipient), complaints and permanent bounces. For browser
 * tests and scripts/screenshots.ts; nothing here depends on Vitest.
 */

export interface SesBatch {
  readonly tenant: string;
  readonly campaignId?: string;
  /** When it happened (an ISO instant): the day statistics count it on. */
  readonly at: string;
  readonly addresses: readonly string[];
}

const mailOf = (batch: SesBatch) => ({
  timestamp: batch.at,
  source: 'Quietlist Demo <news@example.com>',
  sourceArn: 'arn:aws:ses:local:000000000000:identity/example.com',
  sendingAccountId: '000000000000',
  messageId: `0100019${randomUUID().replaceAll('-', '')}-000000`,
  destination: [...batch.addresses],
  headersTruncated: false,
  headers: [{ name: 'From', value: 'Quietlist Demo <news@example.com>' }],
  commonHeaders: { from: ['Quietlist Demo <news@example.com>'], to: [...batch.addresses], subject: 'News' },
  tags: {
    'ses:configuration-set': ['quietlist-local'],
    [FEEDBACK_TAGS.tenant]: [encodeTagValue(batch.tenant)],
    ...(batch.campaignId ? { [FEEDBACK_TAGS.campaign]: [encodeTagValue(batch.campaignId)] } : {}),
  },
});

const feedbackId = () => `0100019${randomUUID().replaceAll('-', '')}-000000`;

export const sendEvent = (batch: SesBatch) => ({ eventType: 'Send', mail: mailOf(batch), send: {} });

export const complaintEvent = (batch: SesBatch) => ({
  eventType: 'Complaint',
  mail: mailOf(batch),
  complaint: {
    complainedRecipients: batch.addresses.map((emailAddress) => ({ emailAddress })),
    timestamp: batch.at,
    feedbackId: feedbackId(),
    userAgent: 'ExampleCorp Feedback Loop (V0.01)',
    complaintFeedbackType: 'abuse',
    arrivalDate: batch.at,
  },
});

export const bounceEvent = (batch: SesBatch) => ({
  eventType: 'Bounce',
  mail: mailOf(batch),
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: batch.addresses.map((emailAddress) => ({
      emailAddress,
      action: 'failed',
      status: '5.1.1',
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
    })),
    timestamp: batch.at,
    feedbackId: feedbackId(),
    reportingMTA: 'dsn; mta.example.com',
  },
});

/** Posts SES events (each its own SNS record) to the local service; fails if the handler reported a failure. */
export const postSesEvents = async (baseUrl: string, events: readonly object[]): Promise<void> => {
  const response = await fetch(`${baseUrl}/_local/sns/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      Records: events.map((event) => ({
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:local:000000000000:quietlist-ses-feedback:local',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:local:000000000000:quietlist-ses-feedback',
          Subject: null,
          Message: JSON.stringify(event),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.local.amazonaws.com/SimpleNotificationService-local.pem',
          UnsubscribeUrl: 'https://sns.local.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      })),
    }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`/_local/sns/feedback answered ${response.status}: ${body}`);
  const { batchItemFailures } = JSON.parse(body) as { batchItemFailures: unknown[] };
  if (batchItemFailures.length > 0) throw new Error(`the feedback handler failed: ${body}`);
};

/** `n` distinct addresses for a campaign and day. */
export const addresses = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, index) => `${prefix}-${index + 1}@example.com`);
