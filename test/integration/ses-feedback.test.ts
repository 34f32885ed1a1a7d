import { beforeAll, describe, expect, it } from 'vitest';
import { encodeTagValue } from '#domain/ses-tags';
import { GLOBAL_TENANT } from '#domain/tenant';
import { uniqueTenant } from '../support/repositories';
import {
  type FeedbackHarness,
  feedbackHarness,
  fixture,
  type Prepared,
  type PrepareOptions,
  prepare,
  rawSqsRecord,
  sqsRecords,
} from '../support/ses-feedback';

let harness: FeedbackHarness;

beforeAll(async () => {
  harness = await feedbackHarness({ threshold: 3, windowDays: 7 });
});

const entryOf = (tenantId: string, address: string) =>
  harness.services.suppressions.getSuppression({
    tenantId,
    kind: 'email',
    valueHash: harness.services.hashValue('email', address),
  });

const activityOf = async (tenantId: string, address: string) =>
  (
    await harness.services.activity.listValueActivityNewestFirst(
      { tenantId, kind: 'email', valueHash: harness.services.hashValue('email', address) },
      { limit: 50 },
    )
  ).items;

const countersOf = async (tenantId: string, day: string) =>
  (await harness.services.expiring.listDailyCounters(tenantId, day, day))[0] ?? {};

const deliverOne = async (prepared: Prepared) => {
  const failures = await harness.deliver(...sqsRecords(prepared.message));
  expect(failures).toEqual([]);
};

/** Both forms SES publishes, each with the fixture written from AWS's documented example. */
const FORMS = [
  {
    form: 'event publishing',
    bounce: 'event-bounce.json',
    complaint: 'event-complaint.json',
    address: 'recipient@example.com',
  },
  {
    form: 'classic notification',
    bounce: 'notification-bounce-dsn.json',
    complaint: 'notification-complaint-feedback.json',
    address: 'jane@example.com',
  },
] as const;
const complaintAddress = (form: (typeof FORMS)[number]) =>
  form.form === 'event publishing' ? 'recipient@example.com' : 'richard@example.com';

const PERMANENT_SUBTYPES = [
  'General',
  'NoEmail',
  'Suppressed',
  'OnAccountSuppressionList',
  'UnsupportedAttachment',
];
const TRANSIENT = [
  ...['General', 'MailboxFull', 'MessageTooLarge', 'ContentRejected', 'AttachmentRejected'].map(
    (subType) => ({
      type: 'Transient',
      subType,
    }),
  ),
  { type: 'Undetermined', subType: 'Undetermined' },
];
const SUPPRESSING_COMPLAINTS = ['abuse', 'auth-failure', 'fraud', 'other', 'virus', null];

describe('a permanent bounce', () => {
  for (const form of FORMS) {
    for (const subType of PERMANENT_SUBTYPES) {
      it(`suppresses the address with source bounce (${form.form}, Permanent/${subType})`, async () => {
        const tenant = uniqueTenant();
        const prepared = prepare(form.bounce, { tenant, bounceType: 'Permanent', bounceSubType: subType });
        await deliverOne(prepared);

        const entry = await entryOf(tenant, prepared.address(form.address));
        expect(Object.keys(entry?.sources ?? {})).toEqual(['bounce']);
        expect(entry?.sources.bounce?.detail).toEqual({
          bounceType: 'Permanent',
          bounceSubType: subType,
          diagnosticCode: prepared.message.bounce.bouncedRecipients[0].diagnosticCode,
          feedbackId: prepared.message.bounce.feedbackId,
        });
        expect(entry?.sources.bounce?.at).toBe(prepared.message.bounce.timestamp);
        const events = await activityOf(tenant, prepared.address(form.address));
        expect(events.map((event) => [event.action, event.source, event.actor])).toEqual([
          ['suppressed', 'bounce', { type: 'system', name: 'ses' }],
        ]);
      });
    }
  }

  it('suppresses every bounced recipient and none of the other recipients of the message', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('notification-bounce-no-dsn.json', { tenant });
    await deliverOne(prepared);

    expect((await entryOf(tenant, prepared.address('jane@example.com')))?.sources.bounce).toBeDefined();
    expect((await entryOf(tenant, prepared.address('richard@example.com')))?.sources.bounce).toBeDefined();
    expect(await entryOf(tenant, prepared.address('mary@example.com'))).toBeUndefined();
  });

  it('counts a recipient whose DSN says "delayed" as a transient bounce instead of suppressing it', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('notification-bounce-mixed-dsn.json', { tenant });
    await deliverOne(prepared);

    const failed = await entryOf(tenant, prepared.address('recipient1@example.com'));
    expect(failed?.sources.bounce?.detail?.diagnosticCode).toBe('smtp; 550 user unknown');
    expect(await entryOf(tenant, prepared.address('recipient2@example.com'))).toBeUndefined();
  });

  it('suppresses only the address, never the contact it was sent to', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('event-bounce.json', { tenant });
    prepared.message.mail.tags['quietlist-contact'] = ['c-42'];
    await deliverOne(prepared);

    const entry = await entryOf(tenant, prepared.address('recipient@example.com'));
    expect(entry?.sources.bounce?.contactId).toBe('c-42');
    const dnc = await harness.services.contacts.batchGetDoNotContact(tenant, ['c-42']);
    expect(dnc.blocked.size).toBe(0);
  });

  it('normalizes display names and mixed case before suppressing', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('event-bounce.json', { tenant });
    const address = prepared.address('recipient@example.com');
    prepared.message.bounce.bouncedRecipients[0].emailAddress = `"Recipient, Jr." <${address.toUpperCase()}>`;
    await deliverOne(prepared);

    const entry = await entryOf(tenant, address);
    expect(entry?.value).toBe(address);
    expect(entry?.sources.bounce).toBeDefined();
  });
});

describe('transient and undetermined bounces', () => {
  for (const form of FORMS) {
    for (const { type, subType } of TRANSIENT) {
      it(`suppress exactly at the third one within 7 days (${form.form}, ${type}/${subType})`, async () => {
        const tenant = uniqueTenant();
        const first = prepare(form.bounce, { tenant, bounceType: type, bounceSubType: subType });
        const address = first.address(form.address);
        const bounceAt = (prepared: Prepared, day: number) => {
          prepared.message.bounce.timestamp = `2024-03-0${day}T10:00:00.000Z`;
          prepared.message.bounce.bouncedRecipients[0].emailAddress = address;
          return prepared;
        };
        const bounces = [1, 3, 6].map((day, index) =>
          bounceAt(
            index === 0 ? first : prepare(form.bounce, { tenant, bounceType: type, bounceSubType: subType }),
            day,
          ),
        );

        await deliverOne(bounces[0] as Prepared);
        await deliverOne(bounces[1] as Prepared);
        expect(await entryOf(tenant, address)).toBeUndefined();
        await deliverOne(bounces[2] as Prepared);

        const entry = await entryOf(tenant, address);
        expect(entry?.sources.bounce?.detail).toMatchObject({
          bounceType: type,
          bounceSubType: subType,
          feedbackId: bounces[2]?.message.bounce.feedbackId,
          reason: '3 transient bounces within 7 days',
        });
      });
    }
  }

  it('do not suppress when the earlier bounces fall outside the window', async () => {
    const tenant = uniqueTenant();
    const prepared = [1, 2, 9].map(() => prepare('event-bounce.json', { tenant, bounceType: 'Transient' }));
    const address = prepared[0]?.address('recipient@example.com') as string;
    for (const [index, day] of [1, 2, 9].entries()) {
      const message = prepared[index]?.message;
      message.bounce.timestamp = `2024-04-${String(day).padStart(2, '0')}T10:00:00.000Z`;
      message.bounce.bouncedRecipients[0].emailAddress = address;
      await deliverOne(prepared[index] as Prepared);
    }
    expect(await entryOf(tenant, address)).toBeUndefined();
  });

  it('are counted once however often the same bounce is delivered', async () => {
    const tenant = uniqueTenant();
    const bounce = prepare('event-bounce.json', {
      tenant,
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
    });
    for (let delivery = 0; delivery < 4; delivery++) await deliverOne(bounce);
    expect(await entryOf(tenant, bounce.address('recipient@example.com'))).toBeUndefined();
  });
});

describe('a delivery after transient bounces', () => {
  /** Transient bounces of one address and deliveries to it, each at its own SES timestamp, delivered in order. */
  const history = (tenant: string) => {
    const first = prepare('event-bounce.json', {
      tenant,
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
    });
    const address = first.address('recipient@example.com');
    let used = false;
    return {
      address,
      bounce: (at: string) => {
        const prepared = used
          ? prepare('event-bounce.json', { tenant, bounceType: 'Transient', bounceSubType: 'MailboxFull' })
          : first;
        used = true;
        prepared.message.bounce.timestamp = at;
        prepared.message.bounce.bouncedRecipients[0].emailAddress = address;
        return prepared;
      },
      delivery: (at: string) => {
        const prepared = prepare('event-delivery.json', { tenant });
        prepared.message.delivery.timestamp = at;
        prepared.message.delivery.recipients = [address];
        prepared.message.mail.destination = [address];
        return prepared;
      },
    };
  };

  it('resets the count: two bounces, a delivery, one more bounce do not suppress where three would', async () => {
    const tenant = uniqueTenant();
    const mailbox = history(tenant);
    await deliverOne(mailbox.bounce('2024-05-01T10:00:00.000Z'));
    await deliverOne(mailbox.bounce('2024-05-02T10:00:00.000Z'));
    const delivery = mailbox.delivery('2024-05-03T10:00:00.000Z');
    await deliverOne(delivery);
    await deliverOne(delivery);
    await deliverOne(mailbox.bounce('2024-05-04T10:00:00.000Z'));
    expect(await entryOf(tenant, mailbox.address)).toBeUndefined();

    // Two more after the delivery make three since it: the address is suppressed again, counting only those.
    await deliverOne(mailbox.bounce('2024-05-05T10:00:00.000Z'));
    expect(await entryOf(tenant, mailbox.address)).toBeUndefined();
    await deliverOne(mailbox.bounce('2024-05-06T10:00:00.000Z'));
    expect((await entryOf(tenant, mailbox.address))?.sources.bounce?.detail?.reason).toBe(
      '3 transient bounces within 7 days',
    );
  });

  it('does not reset bounces later than itself, however late it arrives', async () => {
    const tenant = uniqueTenant();
    const mailbox = history(tenant);
    await deliverOne(mailbox.bounce('2024-06-02T10:00:00.000Z'));
    await deliverOne(mailbox.bounce('2024-06-03T10:00:00.000Z'));
    // Delivered on the 1st, before both bounces, but processed after them (SQS does not keep order).
    await deliverOne(mailbox.delivery('2024-06-01T10:00:00.000Z'));
    await deliverOne(mailbox.bounce('2024-06-04T10:00:00.000Z'));
    expect((await entryOf(tenant, mailbox.address))?.sources.bounce?.detail?.reason).toBe(
      '3 transient bounces within 7 days',
    );
  });

  it('is not undone by an older delivery arriving after a newer one', async () => {
    const tenant = uniqueTenant();
    const mailbox = history(tenant);
    await deliverOne(mailbox.bounce('2024-07-01T10:00:00.000Z'));
    await deliverOne(mailbox.bounce('2024-07-03T10:00:00.000Z'));
    await deliverOne(mailbox.delivery('2024-07-04T10:00:00.000Z'));
    // Older than the reset above: it must not move the reset back to before the second bounce.
    await deliverOne(mailbox.delivery('2024-07-02T10:00:00.000Z'));
    await deliverOne(mailbox.bounce('2024-07-05T10:00:00.000Z'));
    await deliverOne(mailbox.bounce('2024-07-06T10:00:00.000Z'));
    expect(await entryOf(tenant, mailbox.address)).toBeUndefined();
  });

  it('writes nothing for an address without transient bounces', async () => {
    const tenant = uniqueTenant();
    const mailbox = history(tenant);
    const before = (await harness.snapshot()).filter((item) => String(item.pk).startsWith('BNC#'));
    await deliverOne(mailbox.delivery('2024-08-01T10:00:00.000Z'));
    const after = (await harness.snapshot()).filter((item) => String(item.pk).startsWith('BNC#'));
    expect(after).toEqual(before);
  });
});

describe('a complaint', () => {
  for (const form of FORMS) {
    for (const feedbackType of SUPPRESSING_COMPLAINTS) {
      it(`suppresses with source spam_complaint (${form.form}, ${feedbackType ?? 'no feedback report'})`, async () => {
        const tenant = uniqueTenant();
        const prepared = prepare(form.complaint, { tenant, complaintFeedbackType: feedbackType });
        await deliverOne(prepared);

        const entry = await entryOf(tenant, prepared.address(complaintAddress(form)));
        expect(Object.keys(entry?.sources ?? {})).toEqual(['spam_complaint']);
        expect(entry?.sources.spam_complaint?.detail).toEqual({
          ...(feedbackType === null ? {} : { complaintFeedbackType: feedbackType }),
          feedbackId: prepared.message.complaint.feedbackId,
        });
      });
    }

    it(`of type not-spam is recorded, not suppressed (${form.form})`, async () => {
      const tenant = uniqueTenant();
      const prepared = prepare(form.complaint, { tenant, complaintFeedbackType: 'not-spam' });
      await deliverOne(prepared);
      await deliverOne(prepared);

      const address = prepared.address(complaintAddress(form));
      expect(await entryOf(tenant, address)).toBeUndefined();
      const events = await activityOf(tenant, address);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'feedback_recorded',
        detail: { complaintFeedbackType: 'not-spam', feedbackId: prepared.message.complaint.feedbackId },
      });
      const day = prepared.message.complaint.timestamp.slice(0, 10);
      expect((await countersOf(tenant, day)).complaints).toBeUndefined();
    });
  }

  it('uses the complaint fixture without a feedback report as AWS documents it', async () => {
    const prepared = prepare('notification-complaint-no-feedback.json', { tenant: null });
    await deliverOne(prepared);
    const entry = await entryOf(GLOBAL_TENANT, prepared.address('richard@example.com'));
    expect(entry?.sources.spam_complaint?.detail?.complaintFeedbackType).toBeUndefined();
  });
});

describe('events that never suppress', () => {
  const NON_SUPPRESSING = [
    'event-delivery.json',
    'event-send.json',
    'event-reject.json',
    'event-open.json',
    'event-click.json',
    'event-rendering-failure.json',
    'event-delivery-delay.json',
    'event-subscription.json',
    'notification-delivery.json',
  ];
  for (const name of NON_SUPPRESSING) {
    it(`leave the address sendable (${name})`, async () => {
      const tenant = uniqueTenant();
      const prepared = prepare(name, { tenant });
      const before = await harness.snapshot();
      await deliverOne(prepared);
      const address = prepared.address(
        name.startsWith('event') ? 'recipient@example.com' : 'jane@example.com',
      );
      expect(await entryOf(tenant, address)).toBeUndefined();
      const added = (await harness.snapshot()).filter(
        (item) => !before.some((old) => old.pk === item.pk && old.sk === item.sk),
      );
      // Only the daily counters (and their idempotency claims) may change.
      expect(added.every((item) => item.entity === 'daily_stats' || item.entity === 'idempotency')).toBe(
        true,
      );
    });
  }

  it('count sends, deliveries, bounces and complaints per tenant and day, once each', async () => {
    const tenant = uniqueTenant();
    const day = '2024-05-02';
    const messages = [
      'event-send.json',
      'event-delivery.json',
      'event-bounce.json',
      'event-complaint.json',
    ].map((name) => prepare(name, { tenant }).message);
    for (const message of messages) {
      message.mail.timestamp = `${day}T08:00:00.000Z`;
      if (message.delivery) message.delivery.timestamp = `${day}T08:00:01.000Z`;
      if (message.bounce) message.bounce.timestamp = `${day}T08:00:02.000Z`;
      if (message.complaint) message.complaint.timestamp = `${day}T09:00:00.000Z`;
    }
    expect(await harness.deliver(...sqsRecords(...messages))).toEqual([]);
    expect(await harness.deliver(...sqsRecords(...messages))).toEqual([]);

    expect(await countersOf(tenant, day)).toMatchObject({
      sends: 1,
      deliveries: 1,
      bounces: 1,
      complaints: 1,
    });
  });
});

describe('tenant, campaign and contact', () => {
  it('put untagged feedback on the global list (classic notification without original headers)', async () => {
    const prepared = prepare('notification-bounce-dsn.json', { tenant: null });
    delete prepared.message.mail.headers;
    delete prepared.message.mail.commonHeaders;
    await deliverOne(prepared);
    expect(
      (await entryOf(GLOBAL_TENANT, prepared.address('jane@example.com')))?.sources.bounce,
    ).toBeDefined();
  });

  it('put untagged feedback on the global list (event publishing without Quietlist tags)', async () => {
    const prepared = prepare('event-complaint.json', { tenant: null });
    await deliverOne(prepared);
    expect((await entryOf(GLOBAL_TENANT, prepared.address('recipient@example.com')))?.sources).toHaveProperty(
      'spam_complaint',
    );
  });

  it('read the tenant from the original headers of a classic notification', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('notification-bounce-dsn.json', { tenant });
    await deliverOne(prepared);
    expect(await entryOf(tenant, prepared.address('jane@example.com'))).toBeDefined();
    expect(await entryOf(GLOBAL_TENANT, prepared.address('jane@example.com'))).toBeUndefined();
  });

  it('decode an encoded campaign id and keep it on the suppression', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('event-bounce.json', { tenant });
    prepared.message.mail.tags['quietlist-campaign'] = ['__c3ByaW5nIHNhbGUgLyAyMDI0'];
    await deliverOne(prepared);
    const entry = await entryOf(tenant, prepared.address('recipient@example.com'));
    expect(entry?.sources.bounce?.campaignId).toBe('spring sale / 2024');
  });

  it('drop a campaign id that does not decode, and still suppress', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('event-bounce.json', { tenant });
    prepared.message.mail.tags['quietlist-campaign'] = ['__not*valid'];
    await deliverOne(prepared);
    const entry = await entryOf(tenant, prepared.address('recipient@example.com'));
    expect(entry?.sources.bounce).toBeDefined();
    expect(entry?.sources.bounce?.campaignId).toBeUndefined();
  });
});

describe('unusual records', () => {
  it('acknowledge SNS and SES control messages and change nothing', async () => {
    const before = await harness.snapshot();
    const subscribed = fixture('notification-subscription-succeeded.json');
    const records = [
      rawSqsRecord(JSON.stringify(fixture('sns-subscription-confirmation.json'))),
      rawSqsRecord(JSON.stringify(fixture('sns-unsubscribe-confirmation.json'))),
      ...sqsRecords(subscribed, 'Successfully validated SNS topic for Amazon SES event publishing.'),
    ];
    expect(await harness.deliver(...records)).toEqual([]);
    expect(await harness.snapshot()).toEqual(before);
  });

  it('report only the poison record of a batch and apply its neighbours', async () => {
    const tenant = uniqueTenant();
    const bounce = prepare('event-bounce.json', { tenant });
    const complaint = prepare('notification-complaint-feedback.json', { tenant });
    const poison = rawSqsRecord('this is not JSON');
    const records = [...sqsRecords(bounce.message), poison, ...sqsRecords(complaint.message)];

    expect(await harness.deliver(...records)).toEqual([poison.messageId]);
    expect((await entryOf(tenant, bounce.address('recipient@example.com')))?.sources.bounce).toBeDefined();
    expect(
      (await entryOf(tenant, complaint.address('richard@example.com')))?.sources.spam_complaint,
    ).toBeDefined();
  });

  const poisonCases: [string, () => ReturnType<typeof rawSqsRecord>][] = [
    ['a body that is not JSON', () => rawSqsRecord('<html>')],
    ['a JSON body that is not an SNS notification', () => rawSqsRecord('{"hello":"world"}')],
    ['an SNS notification whose message is not JSON', () => sqsRecords('plain words')[0] as never],
    [
      'an unknown event type',
      () => sqsRecords({ eventType: 'Teleport', mail: { messageId: 'm-1' } })[0] as never,
    ],
    ['a message with neither eventType nor notificationType', () => sqsRecords({ mail: {} })[0] as never],
    [
      'a bounce without recipients',
      () => {
        const prepared = prepare('event-bounce.json', { tenant: uniqueTenant() });
        delete prepared.message.bounce.bouncedRecipients;
        return sqsRecords(prepared.message)[0] as never;
      },
    ],
    [
      'a tenant tag that names no valid tenant',
      () => {
        const prepared = prepare('event-bounce.json', { tenant: null });
        prepared.message.mail.tags['quietlist-tenant'] = ['_global'];
        return sqsRecords(prepared.message)[0] as never;
      },
    ],
    [
      'a tenant tag with two different values',
      () => {
        const prepared = prepare('event-bounce.json', { tenant: null });
        prepared.message.mail.tags['quietlist-tenant'] = [
          encodeTagValue(uniqueTenant()),
          encodeTagValue(uniqueTenant()),
        ];
        return sqsRecords(prepared.message)[0] as never;
      },
    ],
    [
      'two X-Quietlist-Tenant headers naming different tenants',
      () => {
        const prepared = prepare('notification-bounce-no-dsn.json', { tenant: uniqueTenant() });
        prepared.message.mail.headers.push({
          name: 'X-Quietlist-Tenant',
          value: encodeTagValue(uniqueTenant()),
        });
        return sqsRecords(prepared.message)[0] as never;
      },
    ],
  ];
  for (const [description, record] of poisonCases) {
    it(`report ${description} as failed, so SQS parks it in the dead-letter queue`, async () => {
      const poison = record();
      const before = await harness.snapshot();
      expect(await harness.deliver(poison)).toEqual([poison.messageId]);
      expect(await harness.snapshot()).toEqual(before);
    });
  }

  it('skip a recipient whose address does not parse and apply the others', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('notification-bounce-no-dsn.json', { tenant });
    prepared.message.bounce.bouncedRecipients.push({ emailAddress: 'not an address' });
    await deliverOne(prepared);
    expect(await entryOf(tenant, prepared.address('jane@example.com'))).toBeDefined();
    expect(await entryOf(tenant, prepared.address('richard@example.com'))).toBeDefined();
  });

  it('accept an SES message delivered raw (a subscription switched to raw delivery by hand)', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('event-bounce.json', { tenant });
    expect(await harness.deliver(rawSqsRecord(JSON.stringify(prepared.message)))).toEqual([]);
    expect(await entryOf(tenant, prepared.address('recipient@example.com'))).toBeDefined();
  });
});

describe('replays', () => {
  const EVERY_FIXTURE: (readonly [string, PrepareOptions])[] = [
    ...FORMS.flatMap((form) => [
      ...PERMANENT_SUBTYPES.map(
        (subType) =>
          [form.bounce, { tenant: uniqueTenant(), bounceType: 'Permanent', bounceSubType: subType }] as const,
      ),
      ...TRANSIENT.map(
        ({ type, subType }) =>
          [form.bounce, { tenant: uniqueTenant(), bounceType: type, bounceSubType: subType }] as const,
      ),
      ...[...SUPPRESSING_COMPLAINTS, 'not-spam'].map(
        (feedbackType) =>
          [form.complaint, { tenant: uniqueTenant(), complaintFeedbackType: feedbackType }] as const,
      ),
    ]),
    ['notification-bounce-no-dsn.json', { tenant: null }],
    ['notification-bounce-mixed-dsn.json', { tenant: uniqueTenant() }],
    ['notification-complaint-no-feedback.json', { tenant: uniqueTenant() }],
    ['notification-delivery.json', { tenant: uniqueTenant() }],
    ...[
      'event-delivery.json',
      'event-send.json',
      'event-reject.json',
      'event-open.json',
      'event-click.json',
      'event-rendering-failure.json',
      'event-delivery-delay.json',
      'event-subscription.json',
    ].map((name) => [name, { tenant: uniqueTenant() }] as const),
  ];

  it(`leave the table as one delivery left it, for each of the ${EVERY_FIXTURE.length} fixtures`, async () => {
    for (const [name, options] of EVERY_FIXTURE) {
      const prepared = prepare(name, options);
      await deliverOne(prepared);
      const once = await harness.snapshot();
      await deliverOne(prepared);
      expect(await harness.snapshot(), `${name} ${JSON.stringify(options)}`).toEqual(once);
    }
  }, 120_000);

  it('recognise a replay within the same batch', async () => {
    const tenant = uniqueTenant();
    const prepared = prepare('event-complaint.json', { tenant });
    expect(await harness.deliver(...sqsRecords(prepared.message, prepared.message))).toEqual([]);
    expect(await activityOf(tenant, prepared.address('recipient@example.com'))).toHaveLength(1);
  });
});

describe('a DynamoDB outage', () => {
  it('reports the records it hit for retry, applies the others, and loses nothing on the retry', async () => {
    const faulty = await feedbackHarness();
    const failingTenant = uniqueTenant();
    const healthyTenant = uniqueTenant();
    const send = faulty.services.doc.send.bind(faulty.services.doc);
    let outage = true;
    // Fault injection only: every call that touches the failing tenant's keys fails as DynamoDB would.
    faulty.services.doc.send = ((command: { input: unknown }, ...rest: unknown[]) => {
      if (outage && JSON.stringify(command.input).includes(failingTenant)) {
        return Promise.reject(
          Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }),
        );
      }
      return (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    }) as typeof faulty.services.doc.send;

    const hit = [
      prepare('event-bounce.json', { tenant: failingTenant }),
      prepare('event-complaint.json', { tenant: failingTenant }),
    ];
    const spared = [
      prepare('event-bounce.json', { tenant: healthyTenant }),
      prepare('event-send.json', { tenant: healthyTenant }),
    ];
    const records = sqsRecords(hit[0]?.message, spared[0]?.message, hit[1]?.message, spared[1]?.message);

    const failures = await faulty.deliver(...records);
    expect(failures.sort()).toEqual([records[0]?.messageId, records[2]?.messageId].sort());
    const entry = (tenantId: string, address: string) =>
      faulty.services.suppressions.getSuppression({
        tenantId,
        kind: 'email',
        valueHash: faulty.services.hashValue('email', address),
      });
    expect(await entry(healthyTenant, spared[0]?.address('recipient@example.com') as string)).toBeDefined();

    outage = false;
    const retried = records.filter((record) => failures.includes(record.messageId));
    expect(await faulty.deliver(...retried)).toEqual([]);
    expect(
      (await entry(failingTenant, hit[0]?.address('recipient@example.com') as string))?.sources,
    ).toHaveProperty('bounce');
    expect(
      (await entry(failingTenant, hit[1]?.address('recipient@example.com') as string))?.sources,
    ).toHaveProperty('spam_complaint');
  });

  it('finishes a record that failed halfway on its retry without counting anything twice', async () => {
    const faulty = await feedbackHarness();
    const tenant = uniqueTenant();
    const send = faulty.services.doc.send.bind(faulty.services.doc);
    let failNextCounter = true;
    // The suppression commits, then the daily counter's transaction fails once.
    faulty.services.doc.send = ((command: { input: unknown }, ...rest: unknown[]) => {
      const input = JSON.stringify(command.input);
      if (failNextCounter && input.includes('daily_stats')) {
        failNextCounter = false;
        return Promise.reject(
          Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' }),
        );
      }
      return (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    }) as typeof faulty.services.doc.send;

    const bounce = prepare('event-bounce.json', { tenant });
    const [record] = sqsRecords(bounce.message);
    expect(await faulty.deliver(record as never)).toEqual([record?.messageId]);
    expect(await faulty.deliver(record as never)).toEqual([]);
    expect(await faulty.deliver(record as never)).toEqual([]);

    const day = bounce.message.bounce.timestamp.slice(0, 10);
    expect((await faulty.services.expiring.listDailyCounters(tenant, day, day))[0]).toMatchObject({
      bounces: 1,
    });
    const events = await faulty.services.activity.listValueActivityNewestFirst(
      {
        tenantId: tenant,
        kind: 'email',
        valueHash: faulty.services.hashValue('email', bounce.address('recipient@example.com')),
      },
      { limit: 10 },
    );
    expect(events.items).toHaveLength(1);
  });
});

describe('logs', () => {
  it('never carry a clear-text address, even for records that fail', async () => {
    const tenant = uniqueTenant();
    const bounce = prepare('notification-bounce-no-dsn.json', { tenant });
    bounce.message.bounce.bouncedRecipients.push({ emailAddress: 'broken address@@example.com' });
    const badTenant = prepare('event-complaint.json', { tenant: null });
    badTenant.message.mail.tags['quietlist-tenant'] = ['no@tenant'];
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      await harness.deliver(...sqsRecords(bounce.message, badTenant.message));
    } finally {
      process.stdout.write = write;
    }
    const output = lines.join('');
    expect(output).toContain('SES feedback applied');
    for (const address of [
      bounce.address('jane@example.com'),
      bounce.address('richard@example.com'),
      badTenant.address('recipient@example.com'),
      'broken address',
    ]) {
      expect(output).not.toContain(address);
    }
  });
});
