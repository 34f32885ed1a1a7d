import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbRecipientChoices } from '#adapters/dynamodb/recipient-choices';
import { adminCalls } from '../support/admin-calls';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 14, part 1: `POST /v1/subject-access` answers everything stored about one value (GDPR Art. 15) as one
 * document, over real HTTP against DynamoDB Local; another workspace's value answers as if nothing were stored.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService();
});

afterAll(() => service?.close());

const USER_AGENT = 'SubjectAccessTest/2.0';

const { send, json, oneClick: mintAndClick } = adminCalls(() => service);

const access = async (tenant: string, value: string) =>
  json(await send(tenant, 'POST', '/v1/subject-access', { value }));

/** A recipient unsubscribes with one-click from a link minted for them (their IP and user agent are kept). */
const oneClick = (tenant: string, contactId: string, email: string) =>
  mintAndClick(tenant, { contactId, email }, { campaignId: 'camp-3', userAgent: USER_AGENT });

/** A recipient's choice on the preference page, written as the page writes it (W12). */
const leaveTopic = async (tenant: string, email: string) => {
  const key = { tenantId: tenant, kind: 'email' as const, valueHash: service.hashValue('email', email) };
  const choices = new DynamoDbRecipientChoices(service.table.doc, service.table.tableName);
  const { version } = await choices.readValueChoices(key);
  const at = new Date().toISOString();
  const proof = {
    at,
    source: 'link' as const,
    contactId: 'crm-5',
    ip: '198.51.100.7',
    userAgent: USER_AGENT,
  };
  expect(
    await choices.writeChoices({
      key,
      value: email,
      display: email,
      expectedVersion: version,
      topics: { news: { ...proof, subscribed: false } },
      pause: { ...proof, until: '2027-06-01T00:00:00.000Z', days: 30 },
      event: {
        eventId: `choice-${at}`,
        at,
        action: 'preferences_changed',
        actor: { type: 'recipient' },
        source: 'link',
        ...key,
        value: email,
        contactId: 'crm-5',
        choicesBefore: { topics: { news: true } },
        choicesAfter: { topics: { news: false }, pausedUntil: '2027-06-01T00:00:00.000Z' },
      },
    }),
  ).toBe('written');
};

describe('subject access', () => {
  it('answers the entry with its sources, the choices, every event with its proof, and the contacts', async () => {
    const tenant = uniqueTenant();
    const email = 'sam.subject@example.com';
    await json(
      await send(tenant, 'POST', '/v1/contacts/crm-5/unsubscribe', { doNotContact: true, emails: [email] }),
    );
    await oneClick(tenant, 'crm-6', email);
    await leaveTopic(tenant, email);

    const document = await access(tenant, 'Sam.Subject@Example.com');
    expect(document).toMatchObject({
      value: email,
      kind: 'email',
      valueHash: service.hashValue('email', email),
      found: true,
      entry: { value: email, scope: expect.any(String) },
      choices: {
        topics: { news: { subscribed: false, ip: '198.51.100.7', userAgent: USER_AGENT } },
        pause: { until: '2027-06-01T00:00:00.000Z', days: 30 },
      },
      filterRuns: { included: false, why: expect.stringContaining('contact ids and filter reasons') },
    });
    expect(document.entry.sources.map((s: { source: string }) => s.source).sort()).toEqual([
      'admin',
      'list_unsubscribe',
    ]);
    expect(
      document.entry.sources.find((s: { source: string }) => s.source === 'list_unsubscribe'),
    ).toMatchObject({
      contactId: 'crm-6',
      campaignId: 'camp-3',
      userAgent: USER_AGENT,
    });
    expect(document.events.map((e: { action: string }) => e.action).sort()).toEqual([
      'preferences_changed',
      'suppressed',
      'suppressed',
    ]);
    const oneClickEvent = document.events.find((e: { source: string }) => e.source === 'list_unsubscribe');
    expect(oneClickEvent).toMatchObject({ value: email, userAgent: USER_AGENT, ip: expect.any(String) });
    expect(document.contacts).toHaveLength(2);
    expect(document.contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contactId: 'crm-5', doNotContact: true, since: expect.any(String) }),
        { contactId: 'crm-6', doNotContact: false, since: null, setBy: null },
      ]),
    );
  });

  it('answers a value never stored, and another workspace’s value, the same way: nothing found', async () => {
    const owner = uniqueTenant();
    const other = uniqueTenant();
    await json(await send(owner, 'POST', '/v1/suppressions', { values: ['only.owner@example.com'] }));
    const foreign = await access(other, 'only.owner@example.com');
    const never = await access(other, 'never.here@example.com');
    const empty = { found: false, entry: null, choices: null, events: [], contacts: [] };
    expect(foreign).toMatchObject(empty);
    expect(never).toMatchObject(empty);
    expect(Object.keys(foreign).sort()).toEqual(Object.keys(never).sort());
    expect((await access(owner, 'only.owner@example.com')).found).toBe(true);
  });

  it('after an erasure, shows the kept block and no clear copy', async () => {
    const tenant = uniqueTenant();
    const email = 'erased.subject@example.com';
    await oneClick(tenant, 'crm-8', email);
    await json(await send(tenant, 'POST', '/v1/erasures', { values: [email] }));
    const document = await access(tenant, email);
    expect(document.found).toBe(true);
    expect(document.entry).toMatchObject({ value: null, display: null });
    expect(document.entry.sources[0]).not.toHaveProperty('userAgent');
    expect(document.events.every((e: { value: unknown }) => e.value === null)).toBe(true);
    expect(JSON.stringify(document.events)).not.toContain(USER_AGENT);
  });

  it('refuses viewers and managers (403) and an invalid value (400, naming it)', async () => {
    const tenant = uniqueTenant();
    for (const role of ['viewer', 'manager'] as const) {
      expect(
        (await send(tenant, 'POST', '/v1/subject-access', { value: 'a@example.com' }, role)).status,
      ).toBe(403);
    }
    const invalid = await json(
      await send(tenant, 'POST', '/v1/subject-access', { value: 'not a value' }),
      400,
    );
    expect(JSON.stringify(invalid)).toContain('body.value');
  });
});
