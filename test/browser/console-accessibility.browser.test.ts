import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  consoleInBrowser,
  recipientUnsubscribes,
  seriousViolations,
  shows,
  signIn,
  waitForListed,
  watchedPage,
} from '../support/console';
import { uniqueTenant } from '../support/repositories';

const run = consoleInBrowser();

/** The pages besides Suppressions, each audited as a person reaches it: through the navigation. */
const OTHER_PAGES = ['Imports', 'Contacts', 'Campaign runs', 'Activity', 'Statistics', 'Settings'];

/** Gives the workspace two topics, then retires one: the Settings page then shows every part of its topics. */
const withTopics = async (tenant: string) => {
  const headers = {
    authorization: `Bearer ${await run.service.credential(tenant, 'admin')}`,
    'content-type': 'application/json',
  };
  const news = {
    id: 'news',
    name: { en: 'News', fr: 'Actualités' },
    description: 'Once a week.',
    defaultSubscribed: true,
  };
  for (const topics of [[news, { id: 'offers', name: 'Offers', defaultSubscribed: false }], [news]]) {
    const response = await fetch(`${run.service.baseUrl}/v1/settings`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ topics }),
    });
    expect(response.status).toBe(200);
  }
};

/** The accessible name Playwright would give the focused element (its label, else its text). */
const focusedName = (page: Page) =>
  page.evaluate<string>(`(() => {
    const element = document.activeElement;
    if (!element) return '';
    const labelled = element.getAttribute('aria-label');
    if (labelled) return labelled;
    const label = element.id ? document.querySelector('label[for="' + element.id + '"]') : null;
    return (label ? label.textContent : element.textContent || '').trim();
  })()`);

/** Presses Tab until the element named `name` has focus; fails after `limit` presses. */
const tabTo = async (page: Page, name: string, limit = 40) => {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)) === name) return;
  }
  throw new Error(`"${name}" never got focus in ${limit} Tab presses (last: "${await focusedName(page)}")`);
};

describe('the admin console for everyone', () => {
  // Thirteen axe-core runs of a second or two each, on a machine other tests share.
  it('has no serious or critical axe-core violation on any page, dialog or result', {
    timeout: 120_000,
  }, async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    // Settings audited with topics (one in two languages, with a description) and a retired one.
    await withTopics(tenant);
    const { page, problems, close } = await watchedPage(run.browser);
    const violations: Record<string, string[]> = {};
    const audit = async (state: string) => {
      violations[state] = await seriousViolations(page);
    };

    await page.goto(run.service.consoleUrl);
    await shows(page, 'Sign in');
    await audit('sign-in');
    await page.getByLabel('Token').fill('nonsense');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await audit('sign-in with an error');

    await signIn(run.service, page, tenant, 'admin');
    await waitForListed(page, ['lead@example.com']);
    await audit('suppressions');

    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('Values', { exact: true }).fill('new@example.com\nnot an address');
    await page.getByRole('button', { name: 'Add values' }).click();
    await page.getByRole('list', { name: 'Add results' }).waitFor();
    await audit('add dialog with results');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Check a list' }).click();
    await page.getByLabel('Values to check').fill('lead@example.com\nfree@example.com');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByRole('list', { name: 'Check results' }).waitFor();
    await audit('check dialog with results');
    await page.keyboard.press('Escape');

    await waitForListed(page, ['new@example.com', 'lead@example.com']);
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('list', { name: 'Remove results' }).waitFor();
    await audit('remove results');

    await page.getByRole('checkbox', { name: 'Select lead@example.com' }).check();
    await page.getByRole('button', { name: 'Re-subscribe with consent' }).click();
    await page.getByRole('dialog', { name: 'Re-subscribe with consent' }).waitFor();
    await audit('consent dialog');
    await page.keyboard.press('Escape');

    for (const name of OTHER_PAGES) {
      await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
      await shows(page, name);
      if (name === 'Settings') await page.getByRole('region', { name: 'Retired topics' }).waitFor();
      await audit(name);
    }
    await page.goto(`${run.service.consoleUrl}no-such-page`);
    await shows(page, 'Page not found');
    await audit('not found');

    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((state) => [state, []])));
    expect(Object.keys(violations)).toHaveLength(14);
    expect(problems).toEqual([]);
    await close();
  });

  it('completes the add journey with the keyboard alone: Tab, Enter, Escape', async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await watchedPage(run.browser);
    await page.goto(run.service.consoleUrl);
    await tabTo(page, 'Token');
    await page.keyboard.type(await run.service.credential(tenant, 'manager'));
    await page.keyboard.press('Enter');
    await shows(page, 'Suppressions');
    await waitForListed(page, []);

    await tabTo(page, 'Add');
    const ring = await page.evaluate<{ style: string; width: string }>(`(() => {
      const style = getComputedStyle(document.activeElement);
      return { style: style.outlineStyle, width: style.outlineWidth };
    })()`);
    expect(ring).toEqual({ style: 'solid', width: '3px' });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add suppressions' });
    await dialog.waitFor();
    // Focus starts in the Values box.
    expect(await focusedName(page)).toBe('Values');
    await page.keyboard.type('keys@example.com');
    await page.keyboard.press('Enter');
    await page.keyboard.type('@keyboard.example');
    await tabTo(page, 'Add values', 6);
    await page.keyboard.press('Enter');
    await dialog.getByRole('status').getByText('Done: 2 added.').waitFor();
    expect(await dialog.getByRole('listitem').count()).toBe(2);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Add');
    expect(
      await waitForListed(page, ['keys@example.com', '@keyboard.example'], { inAnyOrder: true }),
    ).toHaveLength(2);
    expect(problems).toEqual([]);
    await close();
  });

  it('fits a 375-pixel phone without sideways scrolling, the table scrolling inside its own region', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'a-rather-long-address-for-a-phone@example.com');
    const { page, problems, close } = await watchedPage(run.browser, { width: 375, height: 812 });
    const overflow = () =>
      page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

    await page.goto(run.service.consoleUrl);
    await shows(page, 'Sign in');
    expect(await overflow()).toBe(0);
    await signIn(run.service, page, tenant, 'admin');
    await waitForListed(page, ['a-rather-long-address-for-a-phone@example.com']);
    expect(await overflow()).toBe(0);
    for (const name of ['Add', 'Remove', 'Export CSV', 'Check a list', 'Sign out']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box?.height, name).toBeGreaterThanOrEqual(24);
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 375, name).toBe(true);
    }
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('dialog', { name: 'Add suppressions' }).waitFor();
    expect(await overflow()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
