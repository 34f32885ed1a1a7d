import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackContextOf } from '#domain/ses-feedback-context';
import { parseSesMessage, type SesMail, sesInstant } from '#domain/ses-notification';
import { GLOBAL_TENANT } from '#domain/tenant';
import * as z from '#domain/zod';
import { unwrapSnsDelivery } from '#lambda/sns-envelope';
import { snsSqsNotificationSchema } from '#lambda/sns-notification-schema';
import { snsEventSchema, toSqsEvent } from '../../local/sns-to-sqs';

const fixtureText = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ses', name), 'utf8');

describe('parsing an SES message', () => {
  it('reads both forms and tells them apart', () => {
    const event = parseSesMessage(fixtureText('event-bounce.json'));
    const classic = parseSesMessage(fixtureText('notification-bounce-dsn.json'));
    expect(event.ok && event.value.kind === 'feedback' && event.value.feedback.form).toBe('event');
    expect(classic.ok && classic.value.kind === 'feedback' && classic.value.feedback.form).toBe(
      'notification',
    );
  });

  it('accepts "Rendering Failure" with its space, and every documented event type', () => {
    for (const name of [
      'event-rendering-failure.json',
      'event-delivery-delay.json',
      'event-subscription.json',
    ]) {
      expect(parseSesMessage(fixtureText(name)).ok).toBe(true);
    }
    expect(
      parseSesMessage(JSON.stringify({ eventType: 'RenderingFailure', mail: { messageId: 'm' } })),
    ).toEqual({
      ok: false,
      error: 'unknown eventType "RenderingFailure"',
    });
  });

  it('treats SES setup messages as setup, not feedback', () => {
    expect(parseSesMessage(fixtureText('notification-subscription-succeeded.json'))).toMatchObject({
      ok: true,
      value: { kind: 'setup' },
    });
    expect(
      parseSesMessage('Successfully validated SNS topic for Amazon SES event publishing.'),
    ).toMatchObject({
      ok: true,
      value: { kind: 'setup' },
    });
  });

  it('names the missing field', () => {
    const message = JSON.parse(fixtureText('event-complaint.json'));
    delete message.complaint.feedbackId;
    expect(parseSesMessage(JSON.stringify(message))).toEqual({
      ok: false,
      error: expect.stringMatching(/^complaint\.feedbackId: /),
    });
  });

  it('ignores fields SES may add later', () => {
    const message = JSON.parse(fixtureText('event-bounce.json'));
    message.bounce.somethingNew = { nested: true };
    message.brandNewTopLevel = 1;
    expect(parseSesMessage(JSON.stringify(message)).ok).toBe(true);
  });

  it('reads the timestamp spellings AWS documents', () => {
    expect(sesInstant('2017-08-05T00:41:02.669Z')).toBe('2017-08-05T00:41:02.669Z');
    expect(sesInstant('2018-10-08T14:05:45 +0000')).toBe('2018-10-08T14:05:45.000Z');
    expect(sesInstant('2009-12-03T04:24:21.000-05:00')).toBe('2009-12-03T09:24:21.000Z');
    expect(sesInstant('yesterday')).toBeUndefined();
  });
});

describe('finding tenant, campaign and contact', () => {
  const mail = (overrides: Partial<SesMail>): SesMail => ({
    messageId: 'm-1',
    destination: ['a@example.com'],
    ...overrides,
  });

  it('prefers mail.tags, then the X-Quietlist headers, then the global list', () => {
    const headers = [{ name: 'x-quietlist-tenant', value: 'from-header' }];
    expect(feedbackContextOf(mail({ tags: { 'quietlist-tenant': ['from-tag'] }, headers }))).toMatchObject({
      ok: true,
      value: { tenantId: 'from-tag', from: 'tags' },
    });
    expect(feedbackContextOf(mail({ headers }))).toMatchObject({
      ok: true,
      value: { tenantId: 'from-header', from: 'headers' },
    });
    expect(feedbackContextOf(mail({}))).toMatchObject({
      ok: true,
      value: { tenantId: GLOBAL_TENANT, from: 'none' },
    });
  });

  it("reads SES's own X-SES-MESSAGE-TAGS header when no X-Quietlist header is there", () => {
    const headers = [{ name: 'X-SES-MESSAGE-TAGS', value: 'quietlist-tenant=acme, quietlist-contact=c-9' }];
    expect(feedbackContextOf(mail({ headers }))).toMatchObject({
      ok: true,
      value: { tenantId: 'acme', contactId: 'c-9', from: 'headers' },
    });
  });

  it('keeps the contact only when the message had one recipient', () => {
    const tags = { 'quietlist-tenant': ['acme'], 'quietlist-contact': ['c-1'] };
    expect(feedbackContextOf(mail({ tags }))).toMatchObject({
      ok: true,
      value: { contactId: 'c-1', dropped: [] },
    });
    const shared = feedbackContextOf(mail({ tags, destination: ['a@example.com', 'b@example.com'] }));
    expect(shared).toMatchObject({ ok: true, value: { dropped: ['contact'] } });
    expect(shared.ok && 'contactId' in shared.value).toBe(false);
  });

  it('refuses a tenant tag it cannot trust', () => {
    expect(feedbackContextOf(mail({ tags: { 'quietlist-tenant': ['_global'] } })).ok).toBe(false);
    expect(feedbackContextOf(mail({ tags: { 'quietlist-tenant': ['__bad*'] } })).ok).toBe(false);
  });

  it('never guesses between two tenants, from tags or from headers, and accepts one tenant given twice', () => {
    expect(feedbackContextOf(mail({ tags: { 'quietlist-tenant': ['acme', 'globex'] } }))).toEqual({
      ok: false,
      error: 'the message names 2 different tenants; an ambiguous tenant is never guessed',
    });
    const twoHeaders = mail({
      headers: [
        { name: 'X-Quietlist-Tenant', value: 'acme' },
        { name: 'x-quietlist-tenant', value: 'globex' },
      ],
    });
    expect(feedbackContextOf(twoHeaders).ok).toBe(false);
    expect(feedbackContextOf(mail({ tags: { 'quietlist-tenant': ['acme', 'acme'] } }))).toMatchObject({
      ok: true,
      value: { tenantId: 'acme' },
    });
  });

  it('drops a campaign tag given two different values rather than pick one', () => {
    const context = feedbackContextOf(
      mail({ tags: { 'quietlist-tenant': ['acme'], 'quietlist-campaign': ['c-1', 'c-2'] } }),
    );
    expect(context).toMatchObject({ ok: true, value: { tenantId: 'acme', dropped: ['campaign'] } });
  });
});

describe('the SNS -> SQS wrapping used locally', () => {
  it('writes a body that the functions read as an SNS notification, with SNS field names', () => {
    const event = toSqsEvent(
      snsEventSchema.parse({
        Records: [
          {
            EventSource: 'aws:sns',
            Sns: {
              Message: '{"eventType":"Send"}',
              Subject: null,
              SigningCertUrl: 'https://sns.example/cert.pem',
              UnsubscribeUrl: 'https://sns.example/?Action=Unsubscribe',
              MessageAttributes: {},
            },
          },
        ],
      }),
    );
    const body = JSON.parse(event.Records[0]?.body ?? '');
    expect(z.safeParse(snsSqsNotificationSchema, body).success).toBe(true);
    expect(body).toMatchObject({
      SigningCertURL: 'https://sns.example/cert.pem',
      Message: '{"eventType":"Send"}',
    });
    expect(body).not.toHaveProperty('Subject');
    expect(body).not.toHaveProperty('MessageAttributes');
    expect(event.Records[0]?.eventSource).toBe('aws:sqs');
  });

  it('unwraps what it wrapped, and recognises SNS control messages', () => {
    const [record] = toSqsEvent(
      snsEventSchema.parse({ Records: [{ EventSource: 'aws:sns', Sns: { Message: 'hi' } }] }),
    ).Records;
    expect(unwrapSnsDelivery(record?.body ?? '', record?.attributes.SentTimestamp)).toMatchObject({
      kind: 'notification',
      message: 'hi',
    });
    expect(unwrapSnsDelivery(fixtureText('sns-subscription-confirmation.json'), undefined)).toMatchObject({
      kind: 'control',
      type: 'SubscriptionConfirmation',
    });
    expect(unwrapSnsDelivery('[1,2]', undefined)).toMatchObject({ kind: 'unreadable' });
  });
});
