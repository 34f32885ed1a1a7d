import { randomUUID } from 'node:crypto';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRANSIENT_BOUNCE_POLICY } from '#domain/ses-feedback-policy';
import { encodeTagValue } from '#domain/ses-tags';
import { STATS_ALERT_MINIMUM_SENDS, STATS_ALERT_RULES } from '#domain/stats-alerts';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { makeHandler } from '../../functions/queue/ses-feedback';
import { type AdminApi, type ApiResponse, call, startAdminApi, suppressAs } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';
import { prepare, sqsRecords } from '../support/ses-feedback';

let api: AdminApi;
let feedback: ReturnType<typeof makeHandler>;

beforeAll(async () => {
  api = await startAdminApi();
  // The feedback handler as deployed, over the admin API's table and keyring: what it counts, stats read back.
  feedback = makeHandler(
    wireSesFeedback(api.services.config, { transientBounces: DEFAULT_TRANSIENT_BOUNCE_POLICY }),
  );
});

afterAll(async () => {
  await api?.close();
});

/** Delivers SES messages through the feedback handler, as SNS → SQS would; fails the test on a failed record. */
const deliver = async (...messages: object[]) => {
  const event: SQSEvent = { Records: sqsRecords(...messages) };
  expect((await feedback(event, {} as Context)).batchItemFailures).toEqual([]);
};

/**
 * An SES event (a fixture made unique) for a tenant, tagged with a campaign, about these addresses, at an instant.
 * Delivery, bounce and complaint events are about their own recipients; a send about `mail.destination`.
 */
const sesEvent = (
  name: 'event-send.json' | 'event-delivery.json' | 'event-bounce.json' | 'event-complaint.json',
  tenant: string,
  options: { readonly at: string; readonly addresses: readonly string[]; readonly campaignId?: string },
) => {
  const { message } = prepare(name, { tenant });
  if (options.campaignId !== undefined) {
    message.mail.tags['quietlist-campaign'] = [encodeTagValue(options.campaignId)];
  }
  message.mail.timestamp = options.at;
  message.mail.destination = [...options.addresses];
  if (message.delivery) {
    message.delivery.timestamp = options.at;
    message.delivery.recipients = [...options.addresses];
  }
  if (message.bounce) {
    message.bounce.timestamp = options.at;
    message.bounce.bouncedRecipients = options.addresses.map((emailAddress) => ({
      emailAddress,
      action: 'failed',
      status: '5.1.1',
    }));
  }
  if (message.complaint) {
    message.complaint.timestamp = options.at;
    message.complaint.complainedRecipients = options.addresses.map((emailAddress) => ({ emailAddress }));
  }
  return message;
};

/**
 * Adds to the daily counters through the same write SES feedback uses (W8, and W8b with a campaign), many at a
 * time: threshold tests need a thousand sends a day, which one event per recipient would take minutes to write.
 */
const countSes = (
  tenant: string,
  day: string,
  counters: Readonly<Record<string, number>>,
  campaignId?: string,
) =>
  api.services.expiring.incrementDailyCounters(
    tenant,
    day,
    counters,
    { scope: 'test-stats', key: randomUUID(), ttlSeconds: 3600 },
    campaignId,
  );

/** `n` recipient unsubscribes (`link`) on a day, for a campaign if given. */
const unsubscribes = async (tenant: string, day: string, n: number, campaignId?: string) => {
  for (let i = 0; i < n; i++) {
    await suppressAs(
      api.services,
      tenant,
      `u${i}-${randomUUID().slice(0, 8)}@stats.example`,
      'email',
      'link',
      {
        at: new Date(`${day}T10:00:00.000Z`),
        ...(campaignId === undefined ? {} : { campaignId }),
      },
    );
  }
};

const errorOf = async (response: ApiResponse) => ({
  status: response.status,
  ...(await response.json()).error,
});

const statsOf = async (tenant: string, query: string) => {
  const response = await call(api, await api.credential(tenant, 'viewer'), 'GET', `/v1/stats?${query}`);
  expect(response.status).toBe(200);
  return response.json();
};

const ZERO_SENDING = {
  sends: 0,
  deliveries: 0,
  bounces: 0,
  complaints: 0,
  unsubscribes: 0,
  bounceRate: null,
  complaintRate: null,
  unsubscribeRate: null,
};

describe('statistics from SES events and unsubscribes', () => {
  const tenant = uniqueTenant();
  // A campaign id outside the tag alphabet, so it travels encoded and is percent-encoded in its key.
  const spring = 'spring sale / 2024';
  const addresses = Array.from({ length: 4 }, (_, i) => `p${i}-${randomUUID().slice(0, 8)}@feedback.example`);
  const [a0, a1, a2, a3] = addresses as [string, string, string, string];
  const other = `other-${randomUUID().slice(0, 8)}@feedback.example`;
  const untagged = `untagged-${randomUUID().slice(0, 8)}@feedback.example`;

  beforeAll(async () => {
    const messages = [
      sesEvent('event-send.json', tenant, { at: '2026-04-01T08:00:00.000Z', addresses, campaignId: spring }),
      sesEvent('event-send.json', tenant, { at: '2026-04-01T08:00:00.000Z', addresses: [untagged] }),
      sesEvent('event-delivery.json', tenant, {
        at: '2026-04-01T08:00:05.000Z',
        addresses: [a0, a1, a2],
        campaignId: spring,
      }),
      sesEvent('event-bounce.json', tenant, {
        at: '2026-04-01T08:00:06.000Z',
        addresses: [a3],
        campaignId: spring,
      }),
      sesEvent('event-complaint.json', tenant, {
        at: '2026-04-02T09:00:00.000Z',
        addresses: [a2],
        campaignId: spring,
      }),
      sesEvent('event-send.json', tenant, {
        at: '2026-04-02T08:00:00.000Z',
        addresses: [other],
        campaignId: 'c-2',
      }),
    ];
    await deliver(...messages);
    // At least once: the same messages again change no count.
    await deliver(...messages);
    await suppressAs(api.services, tenant, a0, 'email', 'link', {
      at: new Date('2026-04-01T12:00:00.000Z'),
      campaignId: spring,
    });
    await suppressAs(api.services, tenant, a1, 'email', 'list_unsubscribe', {
      at: new Date('2026-04-02T12:00:00.000Z'),
      campaignId: spring,
    });
    await suppressAs(api.services, tenant, 'by-hand@stats.example', 'email', 'admin', {
      at: new Date('2026-04-01T13:00:00.000Z'),
      addedBy: 'maria',
    });
  });

  it('counts sends, deliveries, bounces, complaints and unsubscribes per day, once each, with rates', async () => {
    const stats = await statsOf(tenant, 'from=2026-04-01&to=2026-04-03');
    expect(stats.campaignId).toBeNull();
    expect(stats.days).toEqual([
      {
        date: '2026-04-01',
        // The bounce suppressed a3, the recipient a0, a teammate one more.
        total: 3,
        bySource: {
          link: 1,
          list_unsubscribe: 0,
          admin: 1,
          api: 0,
          bounce: 1,
          spam_complaint: 0,
          legacy: 0,
          sms_stop: 0,
        },
        sends: 5,
        deliveries: 3,
        bounces: 1,
        complaints: 0,
        // Recipients' own unsubscribes only: the teammate's block is no unsubscribe.
        unsubscribes: 1,
        bounceRate: 0.2,
        complaintRate: 0,
        unsubscribeRate: 0.2,
      },
      {
        date: '2026-04-02',
        total: 2,
        bySource: {
          link: 0,
          list_unsubscribe: 1,
          admin: 0,
          api: 0,
          bounce: 0,
          spam_complaint: 1,
          legacy: 0,
          sms_stop: 0,
        },
        sends: 1,
        deliveries: 0,
        bounces: 0,
        complaints: 1,
        unsubscribes: 1,
        bounceRate: 0,
        complaintRate: 1,
        unsubscribeRate: 1,
      },
      {
        date: '2026-04-03',
        total: 0,
        bySource: {
          link: 0,
          list_unsubscribe: 0,
          admin: 0,
          api: 0,
          bounce: 0,
          spam_complaint: 0,
          legacy: 0,
          sms_stop: 0,
        },
        ...ZERO_SENDING,
      },
    ]);
    expect(stats.totals).toEqual({
      total: 5,
      bySource: {
        link: 1,
        list_unsubscribe: 1,
        admin: 1,
        api: 0,
        bounce: 1,
        spam_complaint: 1,
        legacy: 0,
        sms_stop: 0,
      },
    });
    // Far below the minimum sends: nothing is judged.
    expect(stats.alerts).toEqual([]);
  });

  it('counts the same per campaign, campaigns with SES events but no unsubscribe included', async () => {
    const stats = await statsOf(tenant, 'from=2026-04-01&to=2026-04-03');
    expect(stats.campaigns).toEqual([
      {
        campaignId: spring,
        total: 4,
        bySource: {
          link: 1,
          list_unsubscribe: 1,
          admin: 0,
          api: 0,
          bounce: 1,
          spam_complaint: 1,
          legacy: 0,
          sms_stop: 0,
        },
        sends: 4,
        deliveries: 3,
        bounces: 1,
        complaints: 1,
        unsubscribes: 2,
        bounceRate: 0.25,
        complaintRate: 0.25,
        unsubscribeRate: 0.5,
      },
      {
        campaignId: 'c-2',
        total: 0,
        bySource: {
          link: 0,
          list_unsubscribe: 0,
          admin: 0,
          api: 0,
          bounce: 0,
          spam_complaint: 0,
          legacy: 0,
          sms_stop: 0,
        },
        sends: 1,
        deliveries: 0,
        bounces: 0,
        complaints: 0,
        unsubscribes: 0,
        bounceRate: 0,
        complaintRate: 0,
        unsubscribeRate: 0,
      },
    ]);
  });

  it('narrows everything to one campaign with campaignId', async () => {
    const stats = await statsOf(
      tenant,
      `from=2026-04-01&to=2026-04-02&campaignId=${encodeURIComponent(spring)}`,
    );
    expect(stats.campaignId).toBe(spring);
    expect(stats.days[0]).toMatchObject({
      date: '2026-04-01',
      total: 2,
      bySource: { link: 1, admin: 0, bounce: 1 },
      sends: 4,
      deliveries: 3,
      bounces: 1,
      unsubscribes: 1,
      bounceRate: 0.25,
    });
    expect(stats.days[1]).toMatchObject({ sends: 0, complaints: 1, unsubscribes: 1, complaintRate: null });
    expect(stats.totals.total).toBe(4);
    expect(stats.campaigns.map((campaign: { campaignId: string }) => campaign.campaignId)).toEqual([spring]);

    const none = await statsOf(tenant, 'from=2026-04-01&to=2026-04-02&campaignId=nothing-sent');
    expect(none.totals.total).toBe(0);
    expect(none.days[0]).toMatchObject(ZERO_SENDING);
    expect(none.campaigns).toEqual([]);
  });

  it('shows another tenant none of it', async () => {
    const stats = await statsOf(uniqueTenant(), 'from=2026-04-01&to=2026-04-03');
    expect(stats.totals.total).toBe(0);
    for (const day of stats.days) expect(day).toMatchObject(ZERO_SENDING);
    expect(stats.campaigns).toEqual([]);
    expect(stats.alerts).toEqual([]);
  });

  it('narrows suppression counts, not sending counts, by type and source (a union)', async () => {
    const lead = await statsOf(tenant, 'from=2026-04-01&to=2026-04-02&type=lead');
    expect(lead.totals).toEqual({
      total: 2,
      bySource: {
        link: 1,
        list_unsubscribe: 1,
        admin: 0,
        api: 0,
        bounce: 0,
        spam_complaint: 0,
        legacy: 0,
        sms_stop: 0,
      },
    });
    expect(lead.days[0]).toMatchObject({ total: 1, sends: 5, bounces: 1, unsubscribes: 1 });

    const union = await statsOf(tenant, 'from=2026-04-01&to=2026-04-02&type=user,abuse&source=bounce');
    expect(union.totals.bySource).toEqual({
      link: 0,
      list_unsubscribe: 0,
      admin: 1,
      api: 0,
      bounce: 1,
      spam_complaint: 1,
      legacy: 0,
      sms_stop: 0,
    });
  });
});

describe('alerts', () => {
  const tenant = uniqueTenant();
  const rule = STATS_ALERT_RULES;

  beforeAll(async () => {
    // Complaints: 0.1 % exactly (no alert), 0.2 % (warning), 0.3 % exactly (still a warning), 0.4 % (critical).
    await countSes(tenant, '2026-03-01', { sends: 1000, complaints: 1 });
    await countSes(tenant, '2026-03-02', { sends: 1000, complaints: 2 });
    await countSes(tenant, '2026-03-03', { sends: 1000, complaints: 3 });
    await countSes(tenant, '2026-03-04', { sends: 1000, complaints: 4 });
    // Bounces: 5 % exactly (no alert), 6 % (warning).
    await countSes(tenant, '2026-03-05', { sends: 100, bounces: 5 });
    await countSes(tenant, '2026-03-06', { sends: 100, bounces: 6 });
    // Unsubscribes: 2 % exactly (no alert), 3 % (warning).
    await countSes(tenant, '2026-03-07', { sends: 100 });
    await unsubscribes(tenant, '2026-03-07', 2);
    await countSes(tenant, '2026-03-08', { sends: 100 });
    await unsubscribes(tenant, '2026-03-08', 3);
    // Half the sends bounced, but below the minimum volume: not judged.
    await countSes(tenant, '2026-03-09', { sends: STATS_ALERT_MINIMUM_SENDS - 1, bounces: 50 });
    // One campaign over the line while the tenant's whole day is not.
    await countSes(tenant, '2026-03-10', { sends: 200, bounces: 11 }, 'spring');
    await countSes(tenant, '2026-03-10', { sends: 200 }, 'summer');
    await unsubscribes(tenant, '2026-03-10', 5, 'summer');
  }, 60_000);

  it('raises each kind above its threshold, never at it, and says the level and the line crossed', async () => {
    const stats = await statsOf(tenant, 'from=2026-03-01&to=2026-03-10');
    expect(stats.alerts).toEqual([
      {
        kind: 'complaint_rate',
        level: 'warning',
        day: '2026-03-02',
        value: 0.002,
        threshold: rule.complaint_rate.thresholds.warning,
      },
      {
        kind: 'complaint_rate',
        level: 'warning',
        day: '2026-03-03',
        value: 0.003,
        threshold: rule.complaint_rate.thresholds.warning,
      },
      {
        kind: 'complaint_rate',
        level: 'critical',
        day: '2026-03-04',
        value: 0.004,
        threshold: rule.complaint_rate.thresholds.critical,
      },
      {
        kind: 'bounce_rate',
        level: 'warning',
        day: '2026-03-06',
        value: 0.06,
        threshold: rule.bounce_rate.thresholds.warning,
      },
      {
        kind: 'unsubscribe_spike',
        level: 'warning',
        day: '2026-03-08',
        value: 0.03,
        threshold: rule.unsubscribe_spike.thresholds.warning,
      },
      {
        kind: 'bounce_rate',
        level: 'warning',
        day: '2026-03-10',
        campaignId: 'spring',
        value: 0.055,
        threshold: rule.bounce_rate.thresholds.warning,
      },
      {
        kind: 'unsubscribe_spike',
        level: 'warning',
        day: '2026-03-10',
        campaignId: 'summer',
        value: 0.025,
        threshold: rule.unsubscribe_spike.thresholds.warning,
      },
    ]);
    expect(stats.days[0]).toMatchObject({ complaintRate: 0.001 });
    expect(stats.days[8]).toMatchObject({ bounceRate: 50 / 99 });
    // The tenant's 10 March: 11 bounces and 5 unsubscribes in 400 sends, under both lines.
    expect(stats.days[9]).toMatchObject({ sends: 400, bounceRate: 0.0275, unsubscribeRate: 0.0125 });
  });

  it('judges one campaign alone when narrowed to it', async () => {
    const summer = await statsOf(tenant, 'from=2026-03-10&to=2026-03-10&campaignId=summer');
    expect(summer.alerts).toEqual([
      {
        kind: 'unsubscribe_spike',
        level: 'warning',
        day: '2026-03-10',
        campaignId: 'summer',
        value: 0.025,
        threshold: rule.unsubscribe_spike.thresholds.warning,
      },
    ]);
    const spring = await statsOf(tenant, 'from=2026-03-10&to=2026-03-10&campaignId=spring');
    expect(spring.alerts.map((alert: { kind: string }) => alert.kind)).toEqual(['bounce_rate']);
  });
});

describe('statistics parameters', () => {
  it.each([
    ['type=lemlist', 'type "lemlist" is not one of lead, user, api, not_delivered, abuse, legacy'],
    ['source=unsubscribe', 'source "unsubscribe" is not one of'],
    ['campaignId=', 'campaignId must be 1 to 256 characters'],
    [`campaignId=${'c'.repeat(257)}`, 'campaignId must be 1 to 256 characters'],
    ['campaignId=a&campaignId=b', 'query parameter "campaignId" is given 2 times'],
  ])('refuses %s', async (query, message) => {
    const token = await api.credential(uniqueTenant(), 'viewer');
    const error = await errorOf(await call(api, token, 'GET', `/v1/stats?${query}`));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});
