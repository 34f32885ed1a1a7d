import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedSnsEvent } from '../../local/simulate';
import { adminCalls } from '../support/admin-calls';
import { type LocalService, startLocalService } from '../support/local-service';
import { eventsOf as eventsOfService } from '../support/outbound-events';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 14, part 2: every change made through the admin API, the unsubscribe page and SES feedback gives exactly
 * one outbound event of its documented schema, and a replay gives none. The events are read as a consumer would,
 * from `GET /_local/events`, which the stand-in fills from DynamoDB Local's stream of the table.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService({ events: true });
});

afterAll(() => service?.close());

const { send } = adminCalls(() => service);

const eventsOf = (tenant: string, change: () => Promise<unknown>) => eventsOfService(service, tenant, change);

const mint = async (tenant: string, email: string) => {
  const response = await send(tenant, 'POST', '/v1/unsubscribe-links', {
    contactId: 'c-1',
    email,
    campaignId: 'camp-9',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { url: string }).url;
};

const form = (url: string, body: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

const feedback = (event: unknown) =>
  fetch(`${service.baseUrl}/_local/sns/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });

describe('outbound events from the admin API', () => {
  it('adding a value gives one Suppression Added with its value and hash; adding it again gives none', async () => {
    const tenant = uniqueTenant();
    const added = await eventsOf(tenant, () =>
      send(tenant, 'POST', '/v1/suppressions', { values: ['Ann@Example.com'] }),
    );
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      detailType: 'Suppression Added',
      source: 'quietlist',
      detail: {
        tenantId: tenant,
        action: 'suppressed',
        actor: { type: 'user', userId: 'admin-user' },
        source: 'admin',
        values: [{ kind: 'email', value: 'ann@example.com', valueHash: expect.any(String) }],
        sourcesAfter: ['admin'],
      },
    });
    const replay = await eventsOf(tenant, () =>
      send(tenant, 'POST', '/v1/suppressions', { values: ['ann@example.com'] }),
    );
    expect(replay).toEqual([]);
  });

  it('a bulk add gives one event per value added, none for the invalid line', async () => {
    const tenant = uniqueTenant();
    const events = await eventsOf(tenant, () =>
      send(tenant, 'POST', '/v1/suppressions', {
        values: ['a@bulk.example', '+1 415 555 0100', 'not a value', '@bulk.example'],
      }),
    );
    expect(events.map((event) => [event.detailType, event.detail.values[0]?.kind]).sort()).toEqual([
      ['Suppression Added', 'domain'],
      ['Suppression Added', 'email'],
      ['Suppression Added', 'phone'],
    ]);
    expect(new Set(events.map((event) => event.detail.eventId)).size).toBe(3);
  });

  it('removing gives Suppression Removed; a refused removal gives Suppression Refused', async () => {
    const tenant = uniqueTenant();
    await eventsOf(tenant, () => send(tenant, 'POST', '/v1/suppressions', { values: ['rem@example.com'] }));
    const removed = await eventsOf(tenant, () =>
      send(tenant, 'POST', '/v1/suppressions/remove', { values: ['rem@example.com'] }),
    );
    expect(removed).toMatchObject([
      {
        detailType: 'Suppression Removed',
        detail: { action: 'restored', sourcesBefore: ['admin'], sourcesAfter: [] },
      },
    ]);
    const refused = await eventsOf(tenant, () =>
      send(tenant, 'POST', '/v1/suppressions/remove', { values: ['ghost@example.com'] }),
    );
    expect(refused).toMatchObject([
      {
        detailType: 'Suppression Refused',
        detail: { action: 'restore_refused', reason: 'not_found', values: [{ value: 'ghost@example.com' }] },
      },
    ]);
  });

  it('a contact unsubscribe and its lift give the do-not-contact events and one per value', async () => {
    const tenant = uniqueTenant();
    const set = await eventsOf(tenant, () =>
      send(tenant, 'POST', '/v1/contacts/crm-7/unsubscribe', {
        doNotContact: true,
        emails: ['lea@example.com'],
      }),
    );
    expect(set.map((event) => event.detailType).sort()).toEqual([
      'Contact Do-Not-Contact Set',
      'Suppression Added',
    ]);
    expect(set.find((event) => event.detailType === 'Contact Do-Not-Contact Set')?.detail).toMatchObject({
      contactId: 'crm-7',
      values: [],
    });
    const lifted = await eventsOf(tenant, () => send(tenant, 'DELETE', '/v1/contacts/crm-7/do-not-contact'));
    expect(lifted.map((event) => event.detailType)).toContain('Contact Do-Not-Contact Lifted');
    expect(lifted.filter((event) => event.detailType === 'Contact Do-Not-Contact Lifted')).toHaveLength(1);
  });

  it('a settings change gives Settings Changed with the fields as they were and became; the same again, none', async () => {
    const tenant = uniqueTenant();
    const changed = await eventsOf(tenant, () =>
      send(tenant, 'PUT', '/v1/settings', { postalAddress: '1 Main Street, Springfield' }),
    );
    expect(changed).toMatchObject([
      {
        detailType: 'Settings Changed',
        detail: {
          values: [],
          settingsBefore: { postalAddress: null },
          settingsAfter: { postalAddress: '1 Main Street, Springfield' },
        },
      },
    ]);
    const same = await eventsOf(tenant, () =>
      send(tenant, 'PUT', '/v1/settings', { postalAddress: '1 Main Street, Springfield' }),
    );
    expect(same).toEqual([]);
  });

  it('a refused permission is audit only: no event', async () => {
    const tenant = uniqueTenant();
    const events = await eventsOf(tenant, async () => {
      const response = await fetch(`${service.baseUrl}/v1/suppressions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await service.credential(tenant, 'viewer')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ values: ['x@example.com'] }),
      });
      expect(response.status).toBe(403);
    });
    expect(events).toEqual([]);
  });
});

describe('outbound events from the unsubscribe page', () => {
  it('a one-click unsubscribe gives one Suppression Added by the recipient; a second click none', async () => {
    const tenant = uniqueTenant();
    const url = await mint(tenant, 'Jane@Example.com');
    const first = await eventsOf(tenant, () => form(url, 'List-Unsubscribe=One-Click'));
    expect(first).toMatchObject([
      {
        detailType: 'Suppression Added',
        detail: {
          actor: { type: 'recipient' },
          source: 'list_unsubscribe',
          campaignId: 'camp-9',
          contactId: 'c-1',
          values: [{ kind: 'email', value: 'jane@example.com' }],
        },
      },
    ]);
    // The recipient's IP address and user agent stay in the audit log.
    expect(Object.keys(first[0]?.detail ?? {})).not.toEqual(expect.arrayContaining(['ip']));
    expect(JSON.stringify(first[0]?.detail)).not.toMatch(/userAgent|127\.0\.0\.1/);
    expect(await eventsOf(tenant, () => form(url, 'List-Unsubscribe=One-Click'))).toEqual([]);
  });

  it('a re-subscribe from the page gives Recipient Resubscribed; pressing it again, none', async () => {
    const tenant = uniqueTenant();
    const url = await mint(tenant, 'sam@example.com');
    await eventsOf(tenant, () => form(url, 'action=unsubscribe'));
    const back = await eventsOf(tenant, () => form(url, 'action=resubscribe'));
    expect(back).toMatchObject([
      {
        detailType: 'Recipient Resubscribed',
        detail: { actor: { type: 'recipient' }, sourcesBefore: ['link'], sourcesAfter: [] },
      },
    ]);
    const again = await eventsOf(tenant, () => form(url, 'action=resubscribe'));
    expect(again.filter((event) => event.detailType === 'Recipient Resubscribed')).toEqual([]);
  });
});

describe('outbound events from the preference center', () => {
  it('leaving a topic gives one Preferences Changed; saving the same again, none', async () => {
    const tenant = uniqueTenant();
    const topics = [{ id: 'news', name: 'News', defaultSubscribed: true }];
    // Fenced like any change, so its own Settings Changed is not counted below.
    await eventsOf(tenant, () => send(tenant, 'PUT', '/v1/settings', { topics }));
    const url = await mint(tenant, 'lee@example.com');
    const left = await eventsOf(tenant, () => form(url, 'action=save&shown=news'));
    expect(left).toMatchObject([
      {
        detailType: 'Preferences Changed',
        detail: {
          action: 'preferences_changed',
          actor: { type: 'recipient' },
          source: 'link',
          values: [{ kind: 'email', value: 'lee@example.com' }],
          choicesBefore: { topics: { news: true } },
          choicesAfter: { topics: { news: false } },
        },
      },
    ]);
    expect(await eventsOf(tenant, () => form(url, 'action=save&shown=news'))).toEqual([]);
  });
});

describe('outbound events from SES feedback', () => {
  it('a bounce gives one Suppression Added with the SES detail; the same notification again, none', async () => {
    const tenant = uniqueTenant();
    const bounce = simulatedSnsEvent('bounce', 'gone@example.org', tenant);
    const first = await eventsOf(tenant, () => feedback(bounce));
    expect(first).toMatchObject([
      {
        detailType: 'Suppression Added',
        detail: {
          actor: { type: 'system' },
          source: 'bounce',
          values: [{ kind: 'email', value: 'gone@example.org' }],
          sourceDetail: { bounceType: 'Permanent' },
        },
      },
    ]);
    expect(await eventsOf(tenant, () => feedback(bounce))).toEqual([]);
  });

  it('a not-spam complaint, recorded without suppressing, gives one Feedback Applied; again, none', async () => {
    const tenant = uniqueTenant();
    const event = simulatedSnsEvent('complaint', 'fine@example.org', tenant);
    const record = event.Records[0];
    if (!record) throw new Error('no record');
    const message = JSON.parse(record.Sns.Message);
    message.complaint.complaintFeedbackType = 'not-spam';
    record.Sns.Message = JSON.stringify(message);
    const first = await eventsOf(tenant, () => feedback(event));
    expect(first).toMatchObject([
      {
        detailType: 'Feedback Applied',
        detail: {
          action: 'feedback_recorded',
          source: null,
          values: [{ kind: 'email', value: 'fine@example.org' }],
          sourceDetail: { complaintFeedbackType: 'not-spam' },
        },
      },
    ]);
    expect(await eventsOf(tenant, () => feedback(event))).toEqual([]);
  });
});

describe('GET /_local/events', () => {
  it('answers 404 for an event id it does not hold, rather than all or nothing', async () => {
    const response = await fetch(`${service.baseUrl}/_local/events?after=no-such-event`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining('no-such-event') });
  });
});
