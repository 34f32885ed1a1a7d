import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '#domain/activity';
import { type AdminApi, call, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

const UNSET = {
  displayName: null,
  postalAddress: null,
  privacyUrl: null,
  logoUrl: null,
  defaultLocale: null,
  defaultPhoneCountry: null,
  transientBounceThreshold: null,
  transientBounceWindowDays: null,
  smsNumbers: null,
  topics: [],
  retiredTopics: [],
};

const ACME = {
  displayName: 'Acme Outdoor',
  postalAddress: '1 Main Street\nSpringfield, IL 62701',
  privacyUrl: 'https://acme.example/privacy',
  logoUrl: 'https://cdn.acme.example/logo.png',
  defaultLocale: 'en-US',
  defaultPhoneCountry: 'US',
  transientBounceThreshold: 5,
  transientBounceWindowDays: 14,
};

const adminOf = (tenant: string) => api.credential(tenant, 'admin', { user: 'maria' });

/** The tenant's timeline (R6), oldest first, of one action. */
const tenantEvents = async (tenant: string, action: ActivityEvent['action']) =>
  (await api.services.activity.listTenantActivityNewestFirst(tenant, { limit: 100 })).items
    .filter((event) => event.action === action)
    .reverse();

/** The stored settings item, as DynamoDB holds it. */
const storedItem = async (tenant: string) =>
  (
    await api.services.doc.send(
      new GetCommand({ TableName: api.table.tableName, Key: { pk: `TEN#${tenant}`, sk: 'SETTINGS' } }),
    )
  ).Item;

describe('GET and PUT /v1/settings', () => {
  it('shows every field as null (and no topics) before anything is set', async () => {
    const response = await call(api, await adminOf(uniqueTenant()), 'GET', '/v1/settings');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(UNSET);
  });

  it('sets every field, answers the whole settings, and GET shows them', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    const put = await call(api, token, 'PUT', '/v1/settings', ACME);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ ...ACME, smsNumbers: null, topics: [], retiredTopics: [] });
    expect(await (await call(api, token, 'GET', '/v1/settings')).json()).toEqual({
      ...ACME,
      smsNumbers: null,
      topics: [],
      retiredTopics: [],
    });
  });

  it('changes only the fields sent, clears those sent as null, and stores text trimmed and tags canonical', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    await call(api, token, 'PUT', '/v1/settings', ACME);

    const response = await call(api, token, 'PUT', '/v1/settings', {
      displayName: '  Acme  ',
      postalAddress: ' 2 Side Road\r\nLyon ',
      defaultLocale: 'fr-ca',
      privacyUrl: 'https://ACME.example/privacy?lang=fr',
      logoUrl: null,
      transientBounceWindowDays: null,
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ...ACME,
      displayName: 'Acme',
      postalAddress: '2 Side Road\nLyon',
      defaultLocale: 'fr-CA',
      privacyUrl: 'https://acme.example/privacy?lang=fr',
      logoUrl: null,
      transientBounceWindowDays: null,
      smsNumbers: null,
      topics: [],
      retiredTopics: [],
    });
    expect((await storedItem(tenant))?.settings).not.toHaveProperty('logoUrl');
  });

  it('keeps what the API does not show (the address display of the pages) across a change', async () => {
    const tenant = uniqueTenant();
    await api.services.tenantSettings.putTenantSettings(tenant, {
      displayName: 'Old',
      addressDisplay: 'full',
    });
    await call(api, await adminOf(tenant), 'PUT', '/v1/settings', { displayName: 'New' });
    expect((await storedItem(tenant))?.settings).toEqual({ displayName: 'New', addressDisplay: 'full' });
  });
});

describe('validation', () => {
  const INVALID: readonly (readonly [string, unknown, RegExp])[] = [
    ['displayName', '', /must not be blank; send null/],
    ['displayName', '   ', /must not be blank/],
    ['displayName', 'x'.repeat(101), /at most 100 characters/],
    ['displayName', 'Acme\nOutdoor', /one line/],
    ['displayName', 42, /text/],
    ['postalAddress', 'y'.repeat(501), /at most 500 characters/],
    ['postalAddress', '1 Main St\u0000', /control characters/],
    ['privacyUrl', 'http://acme.example/privacy', /https:\/\//],
    ['privacyUrl', 'javascript:alert(1)', /https:\/\//],
    ['privacyUrl', 'acme.example/privacy', /https:\/\//],
    ['privacyUrl', 'https://user:secret@acme.example/', /without a user name or password/],
    ['logoUrl', `https://acme.example/${'a'.repeat(2048)}`, /at most 2048 characters/],
    ['logoUrl', 'ftp://acme.example/logo.png', /https:\/\//],
    ['defaultLocale', 'en_US', /BCP 47/],
    ['defaultLocale', 'not a locale', /BCP 47/],
    ['defaultLocale', 'a'.repeat(36), /at most 35 characters/],
    ['defaultPhoneCountry', 'fr', /ISO 3166-1 alpha-2/],
    ['defaultPhoneCountry', 'XX', /ISO 3166-1 alpha-2/],
    ['defaultPhoneCountry', 'FRA', /ISO 3166-1 alpha-2/],
    ['transientBounceThreshold', 0, /from 1 to 20/],
    ['transientBounceThreshold', 21, /from 1 to 20/],
    ['transientBounceThreshold', 2.5, /whole number/],
    ['transientBounceThreshold', '3', /whole number/],
    ['transientBounceWindowDays', 0, /from 1 to 90/],
    ['transientBounceWindowDays', 91, /from 1 to 90/],
  ];

  it.each(INVALID)('refuses %s = %j with a 400 naming the field', async (field, value, message) => {
    const tenant = uniqueTenant();
    const response = await call(api, await adminOf(tenant), 'PUT', '/v1/settings', { [field]: value });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`body.${field}: `);
    expect(error.details.issues).toEqual([
      { field: `body.${field}`, message: expect.stringMatching(message) },
    ]);
    expect(await storedItem(tenant)).toBeUndefined();
  });

  it('refuses unknown fields with a 400 naming the field', async () => {
    const token = await adminOf(uniqueTenant());
    for (const body of [{ tenantId: 'other' }, { retiredTopics: [] }, { displayname: 'typo' }]) {
      const response = await call(api, token, 'PUT', '/v1/settings', body);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.message).toContain(JSON.stringify(Object.keys(body)[0]));
    }
  });

  const TOPIC = { id: 'news', name: 'News', defaultSubscribed: true };
  const INVALID_TOPICS: readonly (readonly [string, unknown, RegExp])[] = [
    ['an id with capitals', [{ ...TOPIC, id: 'News' }], /1-40 characters of a-z/],
    ['an id too long', [{ ...TOPIC, id: 'a'.repeat(41) }], /1-40 characters of a-z/],
    ['a blank name', [{ ...TOPIC, name: ' ' }], /blank/],
    ['a name too long', [{ ...TOPIC, name: 'n'.repeat(81) }], /at most 80 characters/],
    ['a number for a name', [{ ...TOPIC, name: 7 }], /must be a name or an object of language tag/],
    ['a blank name in one language', [{ ...TOPIC, name: { en: 'News', fr: ' ' } }], /blank/],
    ['a name in a tag that is no language', [{ ...TOPIC, name: { en_US: 'News' } }], /BCP 47/],
    ['no default', [{ id: 'news', name: 'News' }], /true \(everyone receives it/],
    [
      'two topics with one id',
      [TOPIC, { ...TOPIC, name: 'Again' }],
      /"news" is already the id of another topic/,
    ],
    ['21 topics', Array.from({ length: 21 }, (_, i) => ({ ...TOPIC, id: `t${i}` })), /at most 20 topics/],
  ];

  it.each(INVALID_TOPICS)('refuses topics with %s, naming the topic field', async (_, topics, message) => {
    const tenant = uniqueTenant();
    const response = await call(api, await adminOf(tenant), 'PUT', '/v1/settings', { topics });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.details.issues[0]).toEqual({
      field: expect.stringMatching(/^body\.topics/),
      message: expect.stringMatching(message),
    });
    expect(await storedItem(tenant)).toBeUndefined();
  });

  it('refuses a body that is no JSON object, another media type, a query parameter', async () => {
    const token = await adminOf(uniqueTenant());
    expect((await call(api, token, 'PUT', '/v1/settings', [])).status).toBe(400);
    expect((await call(api, token, 'PUT', '/v1/settings', '{"displayName":"x"}')).status).toBe(415);
    expect((await call(api, token, 'PUT', '/v1/settings')).status).toBe(415);
    expect((await call(api, token, 'PUT', '/v1/settings?tenantId=x', {})).status).toBe(400);
    expect((await call(api, token, 'GET', '/v1/settings?x=1')).status).toBe(400);
  });

  it('changes nothing, and records nothing, when any field of a body is invalid', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    await call(api, token, 'PUT', '/v1/settings', ACME);
    const before = await storedItem(tenant);

    const response = await call(api, token, 'PUT', '/v1/settings', {
      displayName: 'Renamed',
      postalAddress: null,
      privacyUrl: 'http://insecure.example',
      transientBounceThreshold: 99,
    });

    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.details.issues.map((issue: { field: string }) => issue.field)).toEqual([
      'body.privacyUrl',
      'body.transientBounceThreshold',
    ]);
    expect(await storedItem(tenant)).toEqual(before);
    expect(await tenantEvents(tenant, 'settings_changed')).toHaveLength(1);
    expect(await (await call(api, token, 'GET', '/v1/settings')).json()).toEqual({
      ...ACME,
      smsNumbers: null,
      topics: [],
      retiredTopics: [],
    });
  });
});

describe('topics of the preference center', () => {
  const NEWS = { id: 'news', name: { en: 'News', 'fr-ca': 'Nouvelles' }, defaultSubscribed: true };
  const DEALS = {
    id: 'deals',
    name: 'Deals',
    description: 'Offers, at most weekly',
    defaultSubscribed: false,
  };

  it('sets topics in order, with names per language under canonical tags', async () => {
    const token = await adminOf(uniqueTenant());
    const response = await call(api, token, 'PUT', '/v1/settings', { topics: [NEWS, DEALS] });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.topics).toEqual([{ ...NEWS, name: { en: 'News', 'fr-CA': 'Nouvelles' } }, DEALS]);
    expect(body.retiredTopics).toEqual([]);
  });

  it('remembers a removed topic as retired, and forgets it when it comes back', async () => {
    const token = await adminOf(uniqueTenant());
    await call(api, token, 'PUT', '/v1/settings', { topics: [NEWS, DEALS] });

    const removed = await (await call(api, token, 'PUT', '/v1/settings', { topics: [DEALS] })).json();
    expect(removed.topics).toEqual([DEALS]);
    expect(removed.retiredTopics.map((topic: { id: string }) => topic.id)).toEqual(['news']);

    const cleared = await (await call(api, token, 'PUT', '/v1/settings', { topics: null })).json();
    expect(cleared.topics).toEqual([]);
    expect(cleared.retiredTopics.map((topic: { id: string }) => topic.id)).toEqual(['news', 'deals']);

    const back = await (await call(api, token, 'PUT', '/v1/settings', { topics: [NEWS] })).json();
    expect(back.retiredTopics.map((topic: { id: string }) => topic.id)).toEqual(['deals']);
  });

  it('records a change of topics once, and nothing when the same topics are sent again', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    await call(api, token, 'PUT', '/v1/settings', { topics: [DEALS] });
    await call(api, token, 'PUT', '/v1/settings', { topics: [DEALS] });
    expect(await tenantEvents(tenant, 'settings_changed')).toHaveLength(1);
  });
});

describe('the activity log', () => {
  it('records each change as settings_changed on the tenant timeline, with the changed fields before and after', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    await call(api, token, 'PUT', '/v1/settings', { displayName: 'Acme', transientBounceThreshold: 4 });
    await call(api, token, 'PUT', '/v1/settings', {
      displayName: 'Acme Outdoor',
      transientBounceThreshold: 4,
    });
    await call(api, token, 'PUT', '/v1/settings', { transientBounceThreshold: null });

    const events = await tenantEvents(tenant, 'settings_changed');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      tenantId: tenant,
      actor: { type: 'user', userId: 'maria' },
      settingsBefore: { displayName: null, transientBounceThreshold: null },
      settingsAfter: { displayName: 'Acme', transientBounceThreshold: 4 },
    });
    // Only what changed: the threshold, sent again with the same value, is not in the second event.
    expect(events[1]?.settingsBefore).toEqual({ displayName: 'Acme' });
    expect(events[1]?.settingsAfter).toEqual({ displayName: 'Acme Outdoor' });
    expect(events[2]?.settingsBefore).toEqual({ transientBounceThreshold: 4 });
    expect(events[2]?.settingsAfter).toEqual({ transientBounceThreshold: null });
    // A tenant-level event: on no contact's timeline.
    for (const event of events) expect(event.contactId).toBeUndefined();
  });

  it('writes nothing, and records no event, for a PUT that changes nothing', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    await call(api, token, 'PUT', '/v1/settings', { displayName: 'Acme', defaultPhoneCountry: 'FR' });
    const before = await storedItem(tenant);

    for (const body of [{}, { displayName: ' Acme ' }, { defaultPhoneCountry: 'FR', logoUrl: null }]) {
      const response = await call(api, token, 'PUT', '/v1/settings', body);
      expect(response.status).toBe(200);
      expect((await response.json()).displayName).toBe('Acme');
    }

    expect(await storedItem(tenant)).toEqual(before);
    expect(await tenantEvents(tenant, 'settings_changed')).toHaveLength(1);
  });

  it('records by a service credential as an api actor', async () => {
    const tenant = uniqueTenant();
    const token = await api.credential(tenant, 'admin', { user: 'crm-sync', type: 'service' });
    expect((await call(api, token, 'PUT', '/v1/settings', { displayName: 'Acme' })).status).toBe(200);
    expect((await tenantEvents(tenant, 'settings_changed'))[0]?.actor).toEqual({
      type: 'api',
      clientId: 'crm-sync',
    });
  });

  it('keeps every change of concurrent PUTs, each with its own event', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    const fields = [
      { displayName: 'Acme' },
      { postalAddress: '1 Main Street' },
      { defaultLocale: 'de' },
      { defaultPhoneCountry: 'DE' },
      { transientBounceThreshold: 2 },
    ];
    const responses = await Promise.all(fields.map((body) => call(api, token, 'PUT', '/v1/settings', body)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await (await call(api, token, 'GET', '/v1/settings')).json()).toMatchObject(
      Object.assign({}, ...fields),
    );
    expect(await tenantEvents(tenant, 'settings_changed')).toHaveLength(fields.length);
  });
});

describe('roles and tenants', () => {
  it('lets a viewer and a manager read the settings, and refuses their changes with a 403 that is recorded', async () => {
    const tenant = uniqueTenant();
    await call(api, await adminOf(tenant), 'PUT', '/v1/settings', { displayName: 'Acme' });
    for (const role of ['viewer', 'manager'] as const) {
      const token = await api.credential(tenant, role, { user: `${role}-1` });
      const read = await call(api, token, 'GET', '/v1/settings');
      expect(read.status).toBe(200);
      expect((await read.json()).displayName).toBe('Acme');

      const write = await call(api, token, 'PUT', '/v1/settings', { displayName: 'Hijacked' });
      expect(write.status).toBe(403);
      const { error } = await write.json();
      expect(error.message).toContain(`role "${role}" may not settings (PUT /v1/settings)`);
      expect(error.message).toContain('it needs the admin role');
    }
    const refused = await tenantEvents(tenant, 'action_refused');
    expect(refused.map((event) => event.actor)).toEqual([
      { type: 'user', userId: 'viewer-1' },
      { type: 'user', userId: 'manager-1' },
    ]);
    expect(
      (await call(api, await adminOf(tenant), 'GET', '/v1/settings').then((r) => r.json())).displayName,
    ).toBe('Acme');
    expect(await tenantEvents(tenant, 'settings_changed')).toHaveLength(1);
  });

  it("never shows or changes another tenant's settings", async () => {
    const a = uniqueTenant();
    const b = uniqueTenant();
    await call(api, await adminOf(a), 'PUT', '/v1/settings', ACME);
    const tokenB = await adminOf(b);

    expect(await (await call(api, tokenB, 'GET', '/v1/settings')).json()).toEqual(UNSET);
    await call(api, tokenB, 'PUT', '/v1/settings', { displayName: 'Bravo', defaultPhoneCountry: 'FR' });

    expect(await (await call(api, await adminOf(a), 'GET', '/v1/settings')).json()).toEqual({
      ...ACME,
      smsNumbers: null,
      topics: [],
      retiredTopics: [],
    });
    expect(await tenantEvents(a, 'settings_changed')).toHaveLength(1);
    expect(await tenantEvents(b, 'settings_changed')).toHaveLength(1);
  });
});

describe("the tenant's default phone country in the admin parsers", () => {
  it('reads national numbers as the tenant says, at once after the PUT, and falls back to the deployment default', async () => {
    const tenant = uniqueTenant();
    const token = await adminOf(tenant);
    // Read first, so this container has the tenant (no settings) cached: the PUT must replace it.
    const before = await call(api, token, 'POST', '/v1/suppressions/check', { values: ['06 12 34 56 78'] });
    expect((await before.json()).results[0].error).toContain('is not a valid phone number');

    await call(api, token, 'PUT', '/v1/settings', { defaultPhoneCountry: 'FR' });

    const added = await call(api, token, 'POST', '/v1/suppressions', { values: ['06 12 34 56 78'] });
    expect((await added.json()).results).toEqual([
      expect.objectContaining({ status: 'added', kind: 'phone', value: '+33612345678' }),
    ]);
    const checked = await call(api, token, 'POST', '/v1/suppressions/check', { values: ['06.12.34.56.78'] });
    expect((await checked.json()).results[0]).toMatchObject({ value: '+33612345678', suppressed: true });
    const contact = await call(api, token, 'POST', '/v1/contacts/c-fr/unsubscribe', {
      phones: ['07 12 34 56 78'],
    });
    expect((await contact.json()).results[0]).toMatchObject({ value: '+33712345678' });
    const removed = await call(api, token, 'POST', '/v1/suppressions/remove', { values: ['06 12 34 56 78'] });
    expect((await removed.json()).results[0]).toMatchObject({ status: 'removed', value: '+33612345678' });

    // Cleared: the deployment's default (US here) applies again.
    await call(api, token, 'PUT', '/v1/settings', { defaultPhoneCountry: null });
    const us = await call(api, token, 'POST', '/v1/suppressions', {
      values: ['(201) 555-0123', '06 12 34 56 78'],
    });
    expect(
      (await us.json()).results.map(
        (result: { value?: string; status: string }) => result.value ?? result.status,
      ),
    ).toEqual(['+12015550123', 'invalid']);
  });

  it("does not apply one tenant's country to another", async () => {
    const fr = uniqueTenant();
    const other = uniqueTenant();
    await call(api, await adminOf(fr), 'PUT', '/v1/settings', { defaultPhoneCountry: 'FR' });
    const response = await call(api, await adminOf(other), 'POST', '/v1/suppressions', {
      values: ['06 12 34 56 78'],
    });
    expect((await response.json()).results[0].status).toBe('invalid');
  });
});
