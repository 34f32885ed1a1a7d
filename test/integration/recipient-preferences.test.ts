import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbRecipientChoices } from '#adapters/dynamodb/recipient-choices';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { pauseEmails, resumeEmails, savePreferences, showPreferences } from '#app/change-preferences';
import type { FilterAudienceOutput } from '#app/filter-answer';
import { removeSuppressions } from '#app/remove-suppressions';
import { sameNormalizeOptions, topicsFor } from '#app/tenant-rules';
import { unsubscribeRecipient } from '#app/unsubscribe-recipient';
import { InvalidInputError } from '#domain/errors';
import type { Topic } from '#domain/topics';
import { openToken, sealToken, type UnsubscribeTokenPayload } from '#domain/unsubscribe-token';
import { COMPLIANT_TEMPLATE, type FilterFixture, filterFixture } from '../support/filter-fixture';
import { hashValue, keyOf, type TestTable, testTable, uniqueTenant } from '../support/repositories';

/** The key the filter fixture's link builder seals with, so its links open here. */
const keyring = { activeLinkKey: 'k1', linkKeys: { k1: new Uint8Array(32).fill(9) } };
const NEWS: Topic = { id: 'news', name: 'News', defaultSubscribed: true };
const DEALS: Topic = { id: 'deals', name: { en: 'Deals', fr: 'Promotions' }, defaultSubscribed: true };
const BETA: Topic = { id: 'beta', name: 'Beta programme', defaultSubscribed: false };
const DAY = 86_400_000;
const T0 = new Date('2026-12-01T09:00:00Z');

let table: TestTable;
let settings: DynamoDbTenantSettingsRepository;
let suppressions: DynamoDbSuppressionRepository;
let activity: DynamoDbActivityLog;
let deps: Parameters<typeof showPreferences>[0] & Parameters<typeof unsubscribeRecipient>[0];
/** The filter's clock, moved by the tests that wait for a pause to end. */
let filterNow = T0;
let filter: FilterFixture;

beforeAll(async () => {
  table = await testTable();
  settings = new DynamoDbTenantSettingsRepository(table.doc, table.tableName);
  suppressions = new DynamoDbSuppressionRepository(table.doc, table.tableName);
  activity = new DynamoDbActivityLog(table.doc, table.tableName);
  deps = {
    keyring,
    hashValue,
    tenantSettings: settings,
    suppressions,
    choices: new DynamoDbRecipientChoices(table.doc, table.tableName),
  };
  filter = filterFixture(table, table.doc, {
    topicsFor: topicsFor({ tenantSettings: settings }),
    now: () => filterNow,
  });
});

/** A tenant with the three topics and a link for Jane, about `topic` when given. */
const workspace = async (topic?: string) => {
  const tenantId = uniqueTenant();
  await settings.putTenantSettings(tenantId, { displayName: 'Acme', topics: [NEWS, DEALS, BETA] });
  const payload: UnsubscribeTokenPayload = {
    tenantId,
    contactId: 'jane',
    kind: 'email',
    value: 'jane@example.com',
    campaignId: 'c-1',
    issuedOn: '2026-12-01',
    ...(topic === undefined ? {} : { topic }),
  };
  return {
    tenantId,
    payload,
    token: sealToken(keyring, payload),
    key: keyOf(tenantId, 'email', payload.value),
  };
};

const proof = (at = T0) => ({ at, ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (test)' });
const subscribedIds = (view: { preferences: { topics: readonly { id: string; subscribed: boolean }[] } }) =>
  view.preferences.topics.filter((topic) => topic.subscribed).map((topic) => topic.id);
const preferenceEvents = async (key: ReturnType<typeof keyOf>) =>
  (await activity.listValueActivityNewestFirst(key, { limit: 50 })).items.filter(
    (event) => event.action === 'preferences_changed',
  );

const runFilter = async (
  tenantId: string,
  options: { topic?: string; category?: 'marketing' | 'transactional' } = {},
): Promise<FilterAudienceOutput> =>
  (
    await filter.filter({
      tenantId,
      campaignId: 'c-2',
      category: options.category ?? 'marketing',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      ...(options.topic === undefined ? {} : { topic: options.topic }),
      recipients: [{ contactId: 'jane', email: 'Jane@Example.com' }],
    })
  ).output;
const reasons = (output: FilterAudienceOutput) => output.filtered[0]?.reasons ?? [];

describe('the preferences a link shows', () => {
  it("shows the workspace's topics in order, each at its default, before the recipient chose anything", async () => {
    const { token } = await workspace();
    const shown = await showPreferences(deps)(token, T0);
    expect(shown.ok && shown.value.preferences).toEqual({
      topics: [
        { id: 'news', name: 'News', subscribed: true, retired: false },
        { id: 'deals', name: { en: 'Deals', fr: 'Promotions' }, subscribed: true, retired: false },
        { id: 'beta', name: 'Beta programme', subscribed: false, retired: false },
      ],
      unsubscribedFromAll: false,
    });
  });

  it('writes nothing when a link is only opened', async () => {
    const { token, key } = await workspace();
    await showPreferences(deps)(token, T0);
    expect((await deps.choices.readValueChoices(key)).version).toBe(0);
  });
});

describe('saving topic choices', () => {
  it('leaves one topic, joins an opt-in one, and records both, with the proof, in one event', async () => {
    const { token, key } = await workspace();
    const saved = await savePreferences(deps)({
      token,
      ...proof(),
      shown: ['news', 'deals', 'beta'],
      subscribed: ['deals', 'beta'],
    });
    expect(saved.ok && saved.value.changed).toBe(true);
    expect(saved.ok && subscribedIds(saved.value)).toEqual(['deals', 'beta']);

    const events = await preferenceEvents(key);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { type: 'recipient' },
      source: 'link',
      ip: '203.0.113.9',
      choicesBefore: { topics: { news: true, beta: false } },
      choicesAfter: { topics: { news: false, beta: true } },
    });
    const shown = await showPreferences(deps)(token, T0);
    expect(shown.ok && subscribedIds(shown.value)).toEqual(['deals', 'beta']);
  });

  it('changes nothing and records nothing when the form asks for what already is', async () => {
    const { token, key } = await workspace();
    const form = { token, ...proof(), shown: ['news', 'deals'], subscribed: ['deals'] };
    await savePreferences(deps)(form);
    const again = await savePreferences(deps)(form);
    expect(again.ok && again.value.changed).toBe(false);
    expect(await preferenceEvents(key)).toHaveLength(1);
  });

  it('keeps topics the form did not show as they were', async () => {
    const { token } = await workspace();
    await savePreferences(deps)({ token, ...proof(), shown: ['news'], subscribed: [] });
    const saved = await savePreferences(deps)({ token, ...proof(), shown: ['deals'], subscribed: [] });
    expect(saved.ok && subscribedIds(saved.value)).toEqual([]);
  });

  it('refuses a form naming a topic the workspace does not have, naming the known ones, and writes nothing', async () => {
    const { token, key } = await workspace();
    const saved = await savePreferences(deps)({
      token,
      ...proof(),
      shown: ['news', 'gone'],
      subscribed: ['gone'],
    });
    expect(saved).toEqual({
      ok: false,
      error: { code: 'unknown_topics', unknown: ['gone'], known: ['news', 'deals', 'beta'] },
    });
    expect((await deps.choices.readValueChoices(key)).version).toBe(0);
  });

  it('applies two saves of different topics made at once, losing neither', async () => {
    const { token } = await workspace();
    await Promise.all([
      savePreferences(deps)({ token, ...proof(), shown: ['news'], subscribed: [] }),
      savePreferences(deps)({ token, ...proof(), shown: ['deals'], subscribed: [] }),
    ]);
    const shown = await showPreferences(deps)(token, T0);
    expect(shown.ok && subscribedIds(shown.value)).toEqual([]);
  });

  it('shows a topic the workspace removed, that the recipient had left, as retired and still left', async () => {
    const { token, tenantId } = await workspace();
    await savePreferences(deps)({ token, ...proof(), shown: ['deals'], subscribed: [] });
    await settings.putTenantSettings(tenantId, { topics: [NEWS, BETA], retiredTopics: [DEALS] });
    const shown = await showPreferences(deps)(token, T0);
    expect(shown.ok && shown.value.preferences.topics.at(-1)).toEqual({
      id: 'deals',
      name: DEALS.name,
      subscribed: false,
      retired: true,
    });
  });
});

describe('the filter honours the choices', () => {
  it('blocks messages about a topic the recipient left, and lets other topics and topic-less mail through', async () => {
    const { token, tenantId } = await workspace();
    await savePreferences(deps)({ token, ...proof(), shown: ['news'], subscribed: [] });

    expect(reasons(await runFilter(tenantId, { topic: 'news' }))).toEqual(['topic_unsubscribed']);
    expect((await runFilter(tenantId, { topic: 'deals' })).eligible).toHaveLength(1);
    expect((await runFilter(tenantId)).eligible).toHaveLength(1);
  });

  it('lets an opt-in topic reach only the recipients who joined it', async () => {
    const { token, tenantId } = await workspace();
    expect(reasons(await runFilter(tenantId, { topic: 'beta' }))).toEqual(['topic_unsubscribed']);
    await savePreferences(deps)({ token, ...proof(), shown: ['beta'], subscribed: ['beta'] });
    expect((await runFilter(tenantId, { topic: 'beta' })).eligible).toHaveLength(1);
  });

  it('carries the topic in the links of a run about a topic', async () => {
    const { tenantId } = await workspace();
    const output = await runFilter(tenantId, { topic: 'deals' });
    const url = output.eligible[0]?.emails[0]?.unsubscribeUrl ?? '';
    const opened = openToken(keyring, url.slice(url.lastIndexOf('/') + 1));
    expect(opened.ok && opened.value.topic).toBe('deals');
  });

  it('refuses a run about a topic the workspace does not have, naming the known ones', async () => {
    const { tenantId } = await workspace();
    await expect(runFilter(tenantId, { topic: 'gone' })).rejects.toThrow(InvalidInputError);
    await expect(runFilter(tenantId, { topic: 'gone' })).rejects.toThrow(/news, deals, beta|"news"/);
  });

  it('pauses marketing until the chosen day, not transactional mail, and lets it through by itself after', async () => {
    const { token, tenantId, key } = await workspace();
    const paused = await pauseEmails(deps)({ token, ...proof(), days: 30 });
    const until = new Date(T0.getTime() + 30 * DAY).toISOString();
    expect(paused.ok && paused.value.preferences.pausedUntil).toBe(until);
    expect((await preferenceEvents(key))[0]).toMatchObject({
      choicesBefore: { pausedUntil: null },
      choicesAfter: { pausedUntil: until },
    });

    filterNow = new Date(T0.getTime() + 29 * DAY);
    expect(reasons(await runFilter(tenantId))).toEqual(['paused']);
    expect(reasons(await runFilter(tenantId, { topic: 'news' }))).toEqual(['paused']);
    expect((await runFilter(tenantId, { category: 'transactional' })).eligible).toHaveLength(1);

    filterNow = new Date(T0.getTime() + 30 * DAY + 1000);
    expect((await runFilter(tenantId)).eligible).toHaveLength(1);
    const later = await showPreferences(deps)(token, filterNow);
    expect(later.ok && later.value.preferences.pausedUntil).toBeUndefined();
    filterNow = T0;
  });

  it('ends a pause when the recipient resumes, and records nothing when there is none to end', async () => {
    const { token, tenantId, key } = await workspace();
    await pauseEmails(deps)({ token, ...proof(), days: 90 });
    const resumed = await resumeEmails(deps)({ token, ...proof(new Date(T0.getTime() + DAY)) });
    expect(resumed.ok && resumed.value.changed).toBe(true);
    expect((await runFilter(tenantId)).eligible).toHaveLength(1);

    const again = await resumeEmails(deps)({ token, ...proof(new Date(T0.getTime() + 2 * DAY)) });
    expect(again.ok && again.value.changed).toBe(false);
    expect(await preferenceEvents(key)).toHaveLength(2);
  });
});

describe('one-click on a link about a topic', () => {
  const oneClick = (token: string) =>
    unsubscribeRecipient(deps)({ token, source: 'list_unsubscribe', ...proof() });

  it('leaves that topic only: no suppression, the other topics still reach the recipient', async () => {
    const { token, tenantId, key } = await workspace('news');
    const result = await oneClick(token);
    expect(result.ok && result.value.scope).toEqual({ topic: 'news' });
    expect(result.ok && result.value.status).toBe('unsubscribed');

    expect(await suppressions.getSuppression(key)).toBeUndefined();
    expect(reasons(await runFilter(tenantId, { topic: 'news' }))).toEqual(['topic_unsubscribed']);
    expect((await runFilter(tenantId, { topic: 'deals' })).eligible).toHaveLength(1);
    expect(await preferenceEvents(key)).toEqual([
      expect.objectContaining({ source: 'list_unsubscribe', choicesAfter: { topics: { news: false } } }),
    ]);
  });

  it('changes nothing the second time (mail clients retry)', async () => {
    const { token, key } = await workspace('news');
    await oneClick(token);
    const again = await oneClick(token);
    expect(again.ok && again.value.status).toBe('already_unsubscribed');
    expect(await preferenceEvents(key)).toHaveLength(1);
  });

  it('leaves everything when the topic has since been removed from the workspace', async () => {
    const { token, tenantId, key } = await workspace('deals');
    await settings.putTenantSettings(tenantId, { topics: [NEWS] });
    const result = await oneClick(token);
    expect(result.ok && result.value.scope).toBe('all');
    expect((await suppressions.getSuppression(key))?.sources.list_unsubscribe).toBeDefined();
  });

  it('unsubscribes from everything from the page, whatever topic the link names', async () => {
    const { token, key } = await workspace('news');
    const result = await unsubscribeRecipient(deps)({ token, source: 'link', ...proof() });
    expect(result.ok && result.value.scope).toBe('all');
    expect((await suppressions.getSuppression(key))?.sources.link).toBeDefined();
  });
});

describe('choices beside a suppression', () => {
  it('are no suppression: a value holding only choices is neither listed nor suppressed', async () => {
    const { token, tenantId, key } = await workspace();
    await savePreferences(deps)({ token, ...proof(), shown: ['news'], subscribed: [] });
    expect(await suppressions.getSuppression(key)).toBeUndefined();
    expect((await suppressions.listSuppressionsNewestFirst(tenantId, {}, { limit: 10 })).items).toEqual([]);
  });

  it('become a listed entry when the recipient then unsubscribes from everything, keeping the choices', async () => {
    const { token, tenantId, key } = await workspace();
    await savePreferences(deps)({ token, ...proof(), shown: ['news'], subscribed: [] });
    await unsubscribeRecipient(deps)({ token, source: 'link', ...proof(new Date(T0.getTime() + DAY)) });
    const entry = await suppressions.getSuppression(key);
    expect(entry?.sources.link).toBeDefined();
    expect(entry?.choices?.topics.news?.subscribed).toBe(false);
    const listed = (await suppressions.listSuppressionsNewestFirst(tenantId, {}, { limit: 10 })).items;
    expect(listed.map((item) => item.value)).toEqual(['jane@example.com']);
  });

  it('stay when the last source is removed, and the entry leaves the list', async () => {
    const { token, tenantId, key } = await workspace();
    await filter.suppress(tenantId, 'email', 'jane@example.com', 'admin');
    await savePreferences(deps)({ token, ...proof(), shown: ['deals'], subscribed: [] });
    expect((await suppressions.getSuppression(key))?.choices?.topics.deals?.subscribed).toBe(false);

    const removed = await removeSuppressions({
      suppressions,
      activity,
      hashValue,
      normalizeOptionsFor: sameNormalizeOptions({}),
    })({
      tenantId,
      principal: { tenantId, userId: 'u-1', role: 'admin', type: 'person' },
      values: ['jane@example.com'],
      at: new Date(T0.getTime() + DAY),
    });
    expect(removed).toEqual([expect.objectContaining({ status: 'removed' })]);
    expect(await suppressions.getSuppression(key)).toBeUndefined();
    expect((await suppressions.listSuppressionsNewestFirst(tenantId, {}, { limit: 10 })).items).toEqual([]);
    expect(reasons(await runFilter(tenantId, { topic: 'deals' }))).toEqual(['topic_unsubscribed']);
    expect((await runFilter(tenantId, { topic: 'news' })).eligible).toHaveLength(1);
  });
});
