import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnsSqsNotificationSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from '#domain/zod';
import { unwrapSnsDelivery } from '#lambda/sns-envelope';
import { snsSqsNotificationSchema } from '#lambda/sns-notification-schema';

/*
 * Our zod/mini SNS notification schema replaced Powertools' classic-zod `SnsSqsNotificationSchema` (bundle bytes
 * and init; docs/decisions.md, "The SNS envelope in zod/mini"). Held here to the old one's answers: the same
 * accept or refuse, the same data out, the same issues (code, path, message) in the same order, so
 * `unwrapSnsDelivery`'s reasons read as before.
 */

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ses', name), 'utf8'));

/** What each schema answers, in one comparable form. */
const outcome = (parsed: { success: true; data: unknown } | { success: false; error: z.core.$ZodError }) =>
  parsed.success
    ? { accepted: true, data: parsed.data }
    : {
        accepted: false,
        issues: parsed.error.issues.map(({ code, path, message }) => ({ code, path, message })),
      };

const powertools = (input: unknown) => outcome(SnsSqsNotificationSchema.safeParse(input));
const ours = (input: unknown) => outcome(z.safeParse(snsSqsNotificationSchema, input));

/** The SQS body of AWS's own example (SNS developer guide, "Fanout to Amazon SQS queues"), with attributes. */
const NOTIFICATION = {
  Type: 'Notification',
  MessageId: '63a3f6b6-d533-4a47-aef9-fcf5cf758c76',
  TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
  Subject: 'Testing publish to subscribed queues',
  Message: 'Hello world!',
  Timestamp: '2012-03-29T05:12:16.901Z',
  SignatureVersion: '1',
  Signature: 'EXAMPLEnTrFPa3...',
  SigningCertURL:
    'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
  UnsubscribeURL:
    'https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c7fe3a54',
  MessageAttributes: { tenant: { Type: 'String', Value: 'acme' }, n: { Type: 'Number', Value: '7' } },
} as const;

const FIELDS = Object.keys(NOTIFICATION) as (keyof typeof NOTIFICATION)[];
const REQUIRED = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp'] as const;
const WRONG_TYPES: readonly unknown[] = [7, true, null, {}, [], ''];

const without = (field: string) =>
  Object.fromEntries(Object.entries(NOTIFICATION).filter(([k]) => k !== field));
const withField = (field: string, value: unknown) => ({ ...NOTIFICATION, [field]: value });

const CASES: [string, unknown][] = [
  ['a full notification', NOTIFICATION],
  ['the required fields alone', Object.fromEntries(REQUIRED.map((field) => [field, NOTIFICATION[field]]))],
  ...FIELDS.map((field): [string, unknown] => [`without ${field}`, without(field)]),
  ...FIELDS.flatMap((field) =>
    WRONG_TYPES.map((value): [string, unknown] => [
      `${field} = ${JSON.stringify(value)}`,
      withField(field, value),
    ]),
  ),
  ...[
    '2012-03-29T05:12:16Z',
    '2012-03-29T05:12:16.123456789Z',
    '2012-03-29T05:12:16.901+00:00',
    '2012-03-29T05:12:16.901',
    '2012-03-29 05:12:16.901Z',
    '2012-02-30T05:12:16.901Z',
    '2012-03-29T24:00:00Z',
    '2012-03-29',
    'yesterday',
  ].map((value): [string, unknown] => [`Timestamp ${value}`, withField('Timestamp', value)]),
  ...[
    'not a url',
    'mailto:sns@example.com',
    'ftp://sns.example/cert.pem',
    'http://localhost:4566/cert',
  ].flatMap((value): [string, unknown][] => [
    [`SigningCertURL ${value}`, withField('SigningCertURL', value)],
    [`UnsubscribeURL ${value}`, withField('UnsubscribeURL', value)],
  ]),
  ['the Lambda form\u2019s SigningCertUrl, not a URL', { ...NOTIFICATION, SigningCertUrl: 'not a url' }],
  ['the Lambda form\u2019s UnsubscribeUrl, a number', { ...NOTIFICATION, UnsubscribeUrl: 7 }],
  ['no MessageAttributes entries', withField('MessageAttributes', {})],
  ['an attribute without Value', withField('MessageAttributes', { a: { Type: 'String' } })],
  ['an attribute that is text', withField('MessageAttributes', { a: 'acme' })],
  ['an attribute with a numeric Value', withField('MessageAttributes', { a: { Type: 'Number', Value: 7 } })],
  [
    'an attribute with an extra key',
    withField('MessageAttributes', { a: { Type: 'S', Value: 'x', More: 1 } }),
  ],
  ...['SubscriptionConfirmation', 'UnsubscribeConfirmation', 'notification', 'Notification '].map(
    (value): [string, unknown] => [`Type ${value}`, withField('Type', value)],
  ),
  ['fields SNS may add', { ...NOTIFICATION, Token: 't', SubscribeURL: 'https://x', Brand: { new: [1] } }],
  ['SNS subscription confirmation', fixture('sns-subscription-confirmation.json')],
  ['SNS unsubscribe confirmation', fixture('sns-unsubscribe-confirmation.json')],
  ['a raw SES event', fixture('event-bounce.json')],
  ['a raw SES notification', fixture('notification-complaint-feedback.json')],
  ['an empty object', {}],
  ['null', null],
  ['an array', [NOTIFICATION]],
  ['text', JSON.stringify(NOTIFICATION)],
  ['a number', 7],
];

describe('the SNS notification schema, against Powertools', () => {
  it.each(CASES)('%s: the same answer', (_name, input) => {
    expect(ours(input)).toEqual(powertools(input));
  });

  it('accepts and refuses both ways among the cases, so the comparison can fail', () => {
    const answers = CASES.map(([, input]) => ours(input).accepted);
    expect(answers.filter(Boolean).length).toBeGreaterThan(10);
    expect(answers.filter((accepted) => !accepted).length).toBeGreaterThan(50);
  });

  it('agrees on arbitrary mixes of good, bad and missing fields', () => {
    const value = (good: unknown) =>
      fc.oneof(
        fc.constant(good),
        fc.constant(undefined),
        fc.constantFrom<unknown>(...WRONG_TYPES, 'not a url', '2012-03-29T05:12:16+01:00'),
        fc.string(),
      );
    const notification = fc.record(
      Object.fromEntries(FIELDS.map((field) => [field, value(NOTIFICATION[field])])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        notification,
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
        (fields, extra) => {
          const input = { ...extra, ...fields };
          expect(ours(input)).toEqual(powertools(input));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('unwrapping an SNS delivery', () => {
  const body = (fields: unknown) => JSON.stringify(fields);

  it('reads a notification: ids, topic, the timestamp as ISO-8601 and the message', () => {
    expect(unwrapSnsDelivery(body(NOTIFICATION), '1333000000000')).toEqual({
      kind: 'notification',
      snsMessageId: NOTIFICATION.MessageId,
      topicArn: NOTIFICATION.TopicArn,
      timestamp: '2012-03-29T05:12:16.901Z',
      message: 'Hello world!',
    });
  });

  it('names the field that makes a body no SNS notification', () => {
    expect(unwrapSnsDelivery(body(without('Timestamp')), undefined)).toEqual({
      kind: 'unreadable',
      reason: 'not an SNS notification: Timestamp: Invalid input: expected string, received undefined',
    });
    expect(unwrapSnsDelivery(body(withField('SigningCertURL', 'not a url')), undefined)).toEqual({
      kind: 'unreadable',
      reason: 'not an SNS notification: SigningCertURL: Invalid URL',
    });
    expect(unwrapSnsDelivery(body({ ...without('MessageId'), Type: 'Other' }), undefined)).toEqual({
      kind: 'unreadable',
      reason: 'not an SNS notification: Type: Invalid input: expected "Notification" (and 1 more problem)',
    });
  });

  it('acknowledges control messages and passes raw SES messages and plain text through', () => {
    expect(unwrapSnsDelivery(body(fixture('sns-unsubscribe-confirmation.json')), undefined)).toMatchObject({
      kind: 'control',
      type: 'UnsubscribeConfirmation',
    });
    const raw = body(fixture('event-bounce.json'));
    expect(unwrapSnsDelivery(raw, '1333000000000')).toEqual({
      kind: 'notification',
      timestamp: new Date(1333000000000).toISOString(),
      message: raw,
    });
    expect(unwrapSnsDelivery('Successfully validated SNS topic', '1333000000000')).toMatchObject({
      kind: 'notification',
      message: 'Successfully validated SNS topic',
    });
  });
});
