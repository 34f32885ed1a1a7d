import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import type { FilterAudienceOutput } from '#app/filter-answer';
import { topicsFor } from '#app/tenant-rules';
import { formatDate } from '../../functions/http/unsubscribe-page/format-date';
import { CATALOGUES } from '../../functions/http/unsubscribe-page/messages/catalogue';
import { launchBrowser } from '../support/browser';
import { englishLeaksIn } from '../support/catalogue-words';
import { COMPLIANT_TEMPLATE, type FilterFixture, filterFixture } from '../support/filter-fixture';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 15's "Done when", end to end: a recipient drives the preference page in Chromium (controls found by their
 * accessible names only) over the local service as `npm start` runs it, and the pre-send filter, wired as the
 * deployed function wires it over the same table, says what the choices did. The filter's clock is injected, so a
 * pause can be seen ending without waiting for it.
 */
let service: LocalService;
let browser: Browser;
let filter: FilterFixture;
let filterNow = new Date();

const DAY = 86_400_000;
const en = CATALOGUES.en;
const fr = CATALOGUES.fr;
const TOPICS = [
  { id: 'news', name: { en: 'Product news', fr: 'Nouveautés produit' }, defaultSubscribed: true },
  { id: 'deals', name: { en: 'Weekly deals', fr: 'Bons plans de la semaine' }, defaultSubscribed: true },
  { id: 'events', name: { en: 'Store events', fr: 'Événements en boutique' }, defaultSubscribed: false },
] as const;
const NAMES = { news: 'Product news', deals: 'Weekly deals', events: 'Store events' } as const;
type TopicId = keyof typeof NAMES;
const EMAIL = 'jane@example.com';

beforeAll(async () => {
  [service, browser] = await Promise.all([startLocalService(), launchBrowser()]);
  const tenantSettings = new DynamoDbTenantSettingsRepository(service.table.doc, service.table.tableName);
  filter = filterFixture(service.table, service.table.doc, {
    topicsFor: topicsFor({ tenantSettings }),
    now: () => filterNow,
    hashValue: service.hashValue,
  });
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

const adminCall = async (tenant: string, method: string, route: string, body: unknown) => {
  const response = await fetch(`${service.baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${route}`).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

/** A workspace whose admin set its name and three topics (one opt-in) with PUT /v1/settings. */
const workspace = async () => {
  const tenant = uniqueTenant();
  await adminCall(tenant, 'PUT', '/v1/settings', { displayName: 'Acme Plein Air', topics: TOPICS });
  return tenant;
};

/** Jane's link, as a sender mints it for one email: about a topic, or about none. */
const linkFor = async (tenant: string, topic?: TopicId) =>
  (
    await adminCall(tenant, 'POST', '/v1/unsubscribe-links', {
      contactId: 'jane',
      email: EMAIL,
      campaignId: 'c-42',
      ...(topic === undefined ? {} : { topic }),
    })
  ).url as string;

/** A marketing run for Jane at the filter's clock, about `topic` or about none. */
const runFilter = async (tenant: string, topic?: TopicId): Promise<FilterAudienceOutput> =>
  (
    await filter.filter({
      tenantId: tenant,
      campaignId: 'c-43',
      category: 'marketing',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      ...(topic === undefined ? {} : { topic }),
      recipients: [{ contactId: 'jane', email: EMAIL }],
    })
  ).output;

/** Why the filter held Jane back from a run (none: she is eligible). */
const blockedBy = async (tenant: string, topic?: TopicId): Promise<readonly string[]> => {
  const output = await runFilter(tenant, topic);
  if (output.eligible.length === 1) return [];
  return output.filtered[0]?.reasons ?? ['missing from the answer'];
};

/**
 * A page in a fresh context (its own Accept-Language) that records what would go wrong unseen: console errors,
 * uncaught exceptions, CSP violations.
 */
const openPage = async (locale = 'en-US') => {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
    });`,
  });
  return {
    page,
    done: async () => {
      expect(problems).toEqual([]);
      await context.close();
    },
  };
};

const box = (page: Page, topic: TopicId) => page.getByRole('checkbox', { name: NAMES[topic], exact: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Waits (Playwright's own timeout, not a sleep) until the page in view has this heading. */
const shows = (page: Page, heading: string) =>
  page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();

/** Which boxes are ticked, in the page's order. */
const ticked = async (page: Page) => {
  const result: Partial<Record<TopicId, boolean>> = {};
  for (const topic of Object.keys(NAMES) as TopicId[]) result[topic] = await box(page, topic).isChecked();
  return result;
};

const preferencesTitle = en.preferencesTitle('Acme Plein Air');

describe('the preference center, end to end', () => {
  it('leaves one topic and still receives the others', async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant);
    const { page, done } = await openPage();
    await page.goto(url);
    await shows(page, preferencesTitle);
    expect(await ticked(page)).toEqual({ news: true, deals: true, events: false });

    await box(page, 'news').uncheck();
    await button(page, 'Save preferences').click();
    await shows(page, en.savedTitle);

    expect(await blockedBy(tenant, 'news')).toEqual(['topic_unsubscribed']);
    expect(await blockedBy(tenant, 'deals')).toEqual([]);
    expect(await blockedBy(tenant)).toEqual([]);
    await page.goto(url);
    expect(await ticked(page)).toEqual({ news: false, deals: true, events: false });
    await done();
  });

  it("opens a link about a topic with that topic's box unticked and a notice naming it, and writes nothing", async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant, 'deals');
    const { page, done } = await openPage();
    await page.goto(url);

    expect(await ticked(page)).toEqual({ news: true, deals: false, events: false });
    expect(await page.getByText(en.linkTopicNotice(NAMES.deals), { exact: true }).isVisible()).toBe(true);
    const opened = await service.tenantItems(tenant);
    expect(opened.entries).toEqual([]);
    expect(opened.events.map((event) => event.action)).toEqual(['settings_changed']);
    expect(await blockedBy(tenant, 'deals')).toEqual([]);

    // Ready to leave: saving as shown leaves that topic.
    await button(page, 'Save preferences').click();
    await shows(page, en.savedTitle);
    expect(await blockedBy(tenant, 'deals')).toEqual(['topic_unsubscribed']);
    expect(await blockedBy(tenant, 'news')).toEqual([]);
    await done();
  });

  it('pauses for 30 days: the filter blocks until the end date and not after, and the page offers to resume', async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant);
    const { page, done } = await openPage();
    await page.goto(url);

    await button(page, 'Pause all emails for 30 days').click();
    await shows(page, en.pausedTitle);
    const [entry] = (await service.tenantItems(tenant)).entries;
    const until = (entry?.pause as { until: string } | undefined)?.until ?? '';
    const start = new Date(until).getTime() - 30 * DAY;
    expect(Math.abs(start - Date.now())).toBeLessThan(60_000);

    for (const offset of [0, 29 * DAY]) {
      filterNow = new Date(start + offset);
      expect(await blockedBy(tenant)).toEqual(['paused']);
      expect(await blockedBy(tenant, 'news')).toEqual(['paused']);
    }
    filterNow = new Date(start + 31 * DAY);
    expect(await blockedBy(tenant)).toEqual([]);
    expect(await blockedBy(tenant, 'news')).toEqual([]);
    filterNow = new Date();

    await page.goto(url);
    const notice = en.pausedNotice(formatDate({ tag: 'en-US', language: 'en' }, until));
    expect(await page.getByText(notice, { exact: true }).isVisible()).toBe(true);
    expect(await button(page, 'Pause all emails for 30 days').count()).toBe(0);
    await button(page, 'Resume emails').click();
    await shows(page, en.resumedTitle);
    expect(await blockedBy(tenant)).toEqual([]);
    await done();
  });

  it('leaves everything, which the filter honours for every topic, and Resubscribe undoes it', async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant);
    const { page, done } = await openPage();
    await page.goto(url);

    await button(page, 'Unsubscribe from everything').click();
    await shows(page, en.unsubscribedTitle);
    for (const topic of [undefined, 'news', 'deals', 'events'] as const)
      expect(await blockedBy(tenant, topic), topic).toContain('unsubscribed');

    await button(page, 'Resubscribe').click();
    await shows(page, en.resubscribedTitle);
    expect(await blockedBy(tenant)).toEqual([]);
    expect(await blockedBy(tenant, 'news')).toEqual([]);
    expect(await blockedBy(tenant, 'deals')).toEqual([]);
    await page.goto(url);
    expect(await ticked(page)).toEqual({ news: true, deals: true, events: false });
    await done();
  });

  it("resubscribes a topic left earlier, and the value's history holds both changes", async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant);
    const { page, done } = await openPage();
    await page.goto(url);
    await box(page, 'news').uncheck();
    await button(page, 'Save preferences').click();
    await shows(page, en.savedTitle);
    expect(await blockedBy(tenant, 'news')).toEqual(['topic_unsubscribed']);

    await page.goto(url);
    await box(page, 'news').check();
    await button(page, 'Save preferences').click();
    await shows(page, en.savedTitle);
    expect(await blockedBy(tenant, 'news')).toEqual([]);

    const history = await adminCall(tenant, 'POST', '/v1/suppressions/history', { value: EMAIL });
    const changes = (history.items as { action: string }[]).filter(
      (item) => item.action === 'preferences_changed',
    );
    // Newest first: back in, after having left.
    expect(changes).toEqual([
      expect.objectContaining({
        choices: { before: { topics: { news: false } }, after: { topics: { news: true } } },
      }),
      expect.objectContaining({
        choices: { before: { topics: { news: true } }, after: { topics: { news: false } } },
      }),
    ]);
    await done();
  });

  it('one-click on a topic link leaves only that topic, and the page then shows it unticked', async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant, 'news');
    // As a mail client sends it (RFC 8058): no cookie, no page, just the POST.
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);

    expect(await blockedBy(tenant, 'news')).toEqual(['topic_unsubscribed']);
    expect(await blockedBy(tenant, 'deals')).toEqual([]);
    expect(await blockedBy(tenant)).toEqual([]);
    expect((await service.tenantItems(tenant)).entries[0]).not.toHaveProperty('srcs');

    const { page, done } = await openPage();
    for (const link of [url, await linkFor(tenant)]) {
      await page.goto(link);
      await shows(page, preferencesTitle);
      // The opt-in topic stays as it was: never joined.
      expect(await ticked(page)).toEqual({ news: false, deals: true, events: false });
      // Already left: no notice offering to leave it.
      expect(await page.getByText(en.linkTopicNotice(NAMES.news)).count()).toBe(0);
    }
    await done();
  });

  it('speaks French throughout when the browser asks for it, before and after a save', async () => {
    const tenant = await workspace();
    const url = await linkFor(tenant, 'deals');
    const { page, done } = await openPage('fr-FR');
    // What a reader sees, hidden text excluded and white space as rendered, so a sentence is matched whole.
    const textOfPage = async () =>
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point.
      `${await page.title()}\n${await page.locator('body').innerText()}`;

    await page.goto(url);
    expect(await page.getAttribute('html', 'lang')).toBe('fr-FR');
    await shows(page, fr.preferencesTitle('Acme Plein Air'));
    expect(englishLeaksIn(await textOfPage())).toEqual([]);
    expect(
      await page.getByRole('checkbox', { name: 'Bons plans de la semaine', exact: true }).isChecked(),
    ).toBe(false);

    await page.getByRole('checkbox', { name: 'Nouveautés produit', exact: true }).uncheck();
    await button(page, fr.savePreferences).click();
    await shows(page, fr.savedTitle);
    expect(englishLeaksIn(await textOfPage())).toEqual([]);
    expect(await page.getByText('Événements en boutique').count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: fr.backToPreferences, exact: true }).click();
    await shows(page, fr.preferencesTitle('Acme Plein Air'));
    expect(englishLeaksIn(await textOfPage())).toEqual([]);
    expect(await blockedBy(tenant, 'news')).toEqual(['topic_unsubscribed']);
    expect(await blockedBy(tenant, 'deals')).toEqual(['topic_unsubscribed']);
    await done();
  });
});
