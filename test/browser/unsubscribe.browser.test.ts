import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { launchBrowser } from '../support/browser';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';
import { tamperedLink } from '../support/tamper';

let service: LocalService;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startLocalService(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

/** A tenant with page settings and a link minted for one of its recipients through the admin API. */
const recipientLink = async () => {
  const tenant = uniqueTenant();
  await new DynamoDbTenantSettingsRepository(service.table.doc, service.table.tableName).putTenantSettings(
    tenant,
    {
      displayName: 'Acme Outdoor',
      postalAddress: '1 Main Street\nSpringfield, IL 62701',
    },
  );
  const response = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'manager')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ contactId: '12345', email: 'jane.doe@example.com', campaignId: 'c-42' }),
  });
  const { url } = (await response.json()) as { url: string };
  return { tenant, url };
};

/**
 * A page that records what would go wrong unseen: console errors, uncaught exceptions, and CSP violations (a
 * listener installed before any page script, outside the page's CSP).
 */
const watchedPage = async (viewport = { width: 1024, height: 768 }) => {
  const context = await browser.newContext({ viewport });
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
  return { page, problems, close: () => context.close() };
};

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** Waits (Playwright's own timeout, not a sleep) until the page in view is the one with this heading. */
const shows = (page: Page, title: string) =>
  page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();

describe('a recipient in a real browser', () => {
  it('sees the masked address, unsubscribes, undoes it, and every step is stored and audited', async () => {
    const { tenant, url } = await recipientLink();
    const { page, problems, close } = await watchedPage();

    const opened = await page.goto(url);
    expect(opened?.status()).toBe(200);
    expect(await heading(page)).toBe('Unsubscribe from Acme Outdoor?');
    expect(await page.getByText('j***@example.com').isVisible()).toBe(true);
    expect(await page.content()).not.toContain('jane.doe');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (line breaks kept).
    expect(await page.locator('address').innerText()).toBe('1 Main Street\nSpringfield, IL 62701');
    expect(await service.tenantItems(tenant)).toEqual({ entries: [], events: [] });

    await page.getByRole('button', { name: 'Unsubscribe from everything', exact: true }).click();
    await shows(page, 'You are unsubscribed');
    expect(page.url()).toBe(url);
    const unsubscribed = await service.tenantItems(tenant);
    expect(unsubscribed.entries).toHaveLength(1);
    expect(unsubscribed.entries[0]).toMatchObject({
      value: 'jane.doe@example.com',
      srcs: new Set(['link']),
      src_link: { contactId: '12345', campaignId: 'c-42', ip: '127.0.0.1' },
    });
    expect(unsubscribed.events).toHaveLength(1);
    expect(unsubscribed.events[0]).toMatchObject({
      action: 'suppressed',
      source: 'link',
      actor: { type: 'recipient' },
      campaignId: 'c-42',
      userAgent: expect.stringContaining('Chrome'),
    });

    await page.getByRole('button', { name: 'Resubscribe' }).click();
    await shows(page, 'You are subscribed again');
    const resubscribed = await service.tenantItems(tenant);
    expect(resubscribed.entries).toEqual([]);
    expect(resubscribed.events.map((event) => event.action).sort()).toEqual(['resubscribed', 'suppressed']);
    expect(resubscribed.events.find((event) => event.action === 'resubscribed')).toMatchObject({
      actor: { type: 'recipient' },
      before: ['link'],
      after: [],
    });

    expect(problems).toEqual([]);
    await close();
  });

  it('shows the error page for a tampered link and changes nothing', async () => {
    const { tenant, url } = await recipientLink();
    const { page, problems, close } = await watchedPage();
    const tampered = tamperedLink(url);
    expect(tampered).not.toBe(url);

    const response = await page.goto(tampered);

    expect(response?.status()).toBe(400);
    expect(await heading(page)).toBe('This link does not work');
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await service.tenantItems(tenant)).toEqual({ entries: [], events: [] });
    // The browser reports the 400 itself; nothing else may go wrong on the page.
    expect(problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);
    await close();
  });

  it('is usable with a keyboard alone, with a visible focus ring', async () => {
    const { tenant, url } = await recipientLink();
    const { page, problems, close } = await watchedPage();
    await page.goto(url);

    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{ text: string; outline: string; width: string }>(`(() => {
      const style = getComputedStyle(document.activeElement);
      return { text: document.activeElement.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    })()`);
    expect(focused).toEqual({ text: 'Unsubscribe from everything', outline: 'solid', width: '3px' });
    await page.keyboard.press('Enter');
    await shows(page, 'You are unsubscribed');
    expect((await service.tenantItems(tenant)).entries).toHaveLength(1);

    expect(problems).toEqual([]);
    await close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { url } = await recipientLink();
    const { page, problems, close } = await watchedPage({ width: 360, height: 640 });
    await page.goto(url);

    const { scrollWidth, innerWidth, buttonHeight } = await page.evaluate<{
      scrollWidth: number;
      innerWidth: number;
      buttonHeight: number;
    }>(`({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      buttonHeight: document.querySelector('button').getBoundingClientRect().height,
    })`);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // WCAG 2.2 target size: comfortably above 24 CSS pixels.
    expect(buttonHeight).toBeGreaterThanOrEqual(44);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows the name, postal address and privacy link a workspace admin saved with PUT /v1/settings', async () => {
    const tenant = uniqueTenant();
    const saved = await fetch(`${service.baseUrl}/v1/settings`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        displayName: 'Bright <Ideas> & Co',
        postalAddress: '5 Rue de la Paix\r\n75002 Paris\r\nFrance',
        privacyUrl: 'https://bright.example/privacy',
      }),
    });
    expect(saved.status).toBe(200);
    const minted = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'manager')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ contactId: '777', email: 'jean@example.fr' }),
    });
    const { url } = (await minted.json()) as { url: string };
    const { page, problems, close } = await watchedPage({ width: 360, height: 640 });

    await page.goto(url);

    expect(await heading(page)).toBe('Unsubscribe from Bright <Ideas> & Co?');
    expect(await page.title()).toBe('Unsubscribe from Bright <Ideas> & Co');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (line breaks kept).
    expect(await page.locator('footer address').innerText()).toBe('5 Rue de la Paix\n75002 Paris\nFrance');
    const privacy = page.getByRole('link', { name: 'Privacy policy' });
    expect(await privacy.getAttribute('href')).toBe('https://bright.example/privacy');
    expect(await privacy.isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });
});
