import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  consoleInBrowser,
  recipientUnsubscribes,
  shows,
  signIn,
  unexpected,
  waitForListed,
  watchedPage,
} from '../support/console';
import { uniqueTenant } from '../support/repositories';

const run = consoleInBrowser();

const NAVIGATION = [
  'Suppressions',
  'Imports',
  'Contacts',
  'Campaign runs',
  'Activity',
  'Statistics',
  'Settings',
];

/** Today in the machine's calendar (the run.browser shares its time zone), as a date input takes it. */
const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/** The lines of a result list, each as "value outcome detail" text. */
const resultLines = (page: Page, label: string) =>
  page.getByRole('list', { name: label }).getByRole('listitem').allTextContents();

/** Adds values through the Add dialog and returns its per-line results, the dialog closed again. */
const addThroughDialog = async (page: Page, values: string[]) => {
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add suppressions' });
  await dialog.getByLabel('Values', { exact: true }).fill(values.join('\n'));
  await dialog.getByRole('button', { name: 'Add values' }).click();
  await dialog
    .getByRole('status')
    .getByText(/^Done:/)
    .waitFor();
  const lines = await resultLines(page, 'Add results');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return lines;
};

describe('the admin console, signed in as an admin', () => {
  it('signs in with a development token, shows who is signed in and the navigation, and signs out', async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await watchedPage(run.browser);

    await page.goto(run.service.consoleUrl);
    await shows(page, 'Sign in');
    await page.getByRole('heading', { name: 'Development sign-in' }).waitFor();
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toContain('This is not a token');

    await page.getByLabel('Token').fill(await run.service.credential(tenant, 'admin'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shows(page, 'Suppressions');
    expect(page.url()).toBe(`${run.service.consoleUrl}suppressions`);
    const signedIn = page.getByRole('banner');
    expect(await signedIn.getByText('admin-user', { exact: true }).isVisible()).toBe(true);
    expect(await signedIn.getByText('admin', { exact: true }).isVisible()).toBe(true);
    expect(await signedIn.getByText(tenant, { exact: true }).isVisible()).toBe(true);

    const navigation = page.getByRole('navigation');
    expect(await navigation.getByRole('link').allTextContents()).toEqual(NAVIGATION);
    for (const name of NAVIGATION.slice(1)) {
      await navigation.getByRole('link', { name, exact: true }).click();
      await shows(page, name);
      // Every page is built now: none shows the placeholder's "next release".
      expect(await page.getByRole('main').getByText('next release').count()).toBe(0);
    }
    await navigation.getByRole('link', { name: 'Suppressions' }).click();
    await shows(page, 'Suppressions');

    // The token is kept for this tab only, never in localStorage; a reload keeps the session.
    expect(await page.evaluate('Object.keys(localStorage).length')).toBe(0);
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['quietlist.console.token']);
    await page.reload();
    await shows(page, 'Suppressions');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await shows(page, 'Sign in');
    expect(await page.evaluate('Object.keys(sessionStorage).length')).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('adds values with one result per line, searches, filters by type, and exports the filtered list', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'admin');
    expect(await waitForListed(page, ['lead@example.com'])).toEqual(['lead@example.com']);

    const lines = await addThroughDialog(page, ['Jane.Doe@Example.com', '@example.org', 'not-an-address']);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Jane\.Doe@Example\.comAdded.*recorded as jane\.doe@example\.com/);
    expect(lines[1]).toMatch(/^@example\.orgAdded/);
    expect(lines[2]).toMatch(/^not-an-addressInvalid/);
    expect(lines[2]?.length).toBeGreaterThan('not-an-addressInvalid'.length + 5);
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Add');

    // Added by one request, the two new entries share their time; the recipient's came before them.
    const all = ['@example.org', 'Jane.Doe@Example.com', 'lead@example.com'];
    expect(await waitForListed(page, all, { inAnyOrder: true })).toEqual([...all].sort());
    expect((await waitForListed(page, all, { inAnyOrder: true }))[2]).toBe('lead@example.com');
    const row = page.getByRole('row', { name: /Jane\.Doe@Example\.com/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      '',
      'User · Email',
      expect.stringMatching(/\d{4}, \d{2}:\d{2}$/),
      'admin-user',
      '—',
      'Yes',
    ]);
    const lead = page.getByRole('row', { name: /lead@example\.com/ });
    expect(await lead.getByRole('cell').allTextContents()).toEqual([
      '',
      'Lead · Email',
      expect.any(String),
      'Recipient',
      'spring-sale',
      'No',
    ]);

    await page.getByRole('searchbox', { name: 'Search' }).fill('jane');
    expect(await waitForListed(page, ['Jane.Doe@Example.com'])).toEqual(['Jane.Doe@Example.com']);
    expect(page.url()).toContain('?q=jane');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    expect(await waitForListed(page, all, { inAnyOrder: true })).toHaveLength(3);

    const type = page.getByLabel('Type');
    await type.selectOption({ label: 'Lead' });
    expect(await waitForListed(page, ['lead@example.com'])).toEqual(['lead@example.com']);
    await type.selectOption({ label: 'Domain' });
    expect(await waitForListed(page, ['@example.org'])).toEqual(['@example.org']);
    await type.selectOption({ label: 'User' });
    const added = ['@example.org', 'Jane.Doe@Example.com'];
    expect(await waitForListed(page, added, { inAnyOrder: true })).toEqual(added);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^quietlist-suppressions-${tenant}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const csv = await readFile(await download.path(), 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const exported = rows.map((entry) => [entry.value, entry.kind, entry.source, entry.added_by]);
    expect(exported.sort()).toEqual([
      ['@example.org', 'domain', 'admin', 'admin-user'],
      ['jane.doe@example.com', 'email', 'admin', 'admin-user'],
    ]);
    await page.getByRole('status').getByText('Exported 2 rows').waitFor();

    expect(problems).toEqual([]);
    await close();
  });

  it('removes a teammate entry, is refused on a recipient unsubscribe with the reason, then lifts it with consent', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'admin');
    await addThroughDialog(page, ['mike@example.com']);
    expect(await waitForListed(page, ['mike@example.com', 'lead@example.com'])).toHaveLength(2);

    const remove = page.getByRole('button', { name: 'Remove', exact: true });
    expect(await remove.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Select mike@example.com' }).check();
    await page.getByRole('checkbox', { name: 'Select lead@example.com' }).check();
    await remove.click();
    await page
      .getByRole('region', { name: 'Remove results' })
      .getByText(/^Remove: /)
      .waitFor();
    const removed = await resultLines(page, 'Remove results');
    expect(removed[0]).toMatch(/^mike@example\.comRemoved/);
    expect(removed[1]).toMatch(
      /^lead@example\.comNot removedthe recipient unsubscribed through an unsubscribe link.*written consent/,
    );
    expect(await waitForListed(page, ['lead@example.com'])).toEqual(['lead@example.com']);

    await page.getByRole('checkbox', { name: 'Select lead@example.com' }).check();
    await page.getByRole('button', { name: 'Re-subscribe with consent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-subscribe with consent' });
    await dialog.getByLabel('Evidence').fill('Signed form #4711 in the CRM');
    await dialog.getByLabel('Consent obtained on').fill(today());
    await dialog.getByRole('button', { name: 'Re-subscribe', exact: true }).click();
    await dialog
      .getByRole('status')
      .getByText(/^Done:/)
      .waitFor();
    expect(await resultLines(page, 'Re-subscribe results')).toEqual([
      expect.stringMatching(/^lead@example\.comRemovedwith the recipient's consent$/),
    ]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await waitForListed(page, [])).toEqual([]);
    await page.getByRole('status').getByText('No suppressions yet.').waitFor();

    const { events } = await run.service.tenantItems(tenant);
    const lifted = events.find((event) => event.action === 'restored' && event.consent);
    expect(lifted).toMatchObject({
      consent: { evidence: 'Signed form #4711 in the CRM' },
      actor: { type: 'user', userId: 'admin-user' },
    });
    expect(unexpected(problems)).toEqual([]);
    await close();
  });

  it('checks a list: blocked or not, and by what', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'admin');
    await addThroughDialog(page, ['@blocked.example']);

    await page.getByRole('button', { name: 'Check a list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Check a list' });
    await dialog
      .getByLabel('Values to check')
      .fill(['lead@example.com', 'someone@blocked.example', 'free@example.com', 'nope'].join('\n'));
    await dialog.getByRole('button', { name: 'Check', exact: true }).click();
    await dialog
      .getByRole('status')
      .getByText(/^Done:/)
      .waitFor();
    const lines = await resultLines(page, 'Check results');
    expect(lines[0]).toMatch(/^lead@example\.comBlockedby Lead on your list since/);
    expect(lines[1]).toMatch(/^someone@blocked\.exampleBlockedby @blocked\.example, User on your list/);
    expect(lines[2]).toBe('free@example.comNot blocked');
    expect(lines[3]).toMatch(/^nopeInvalid./);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the admin console, what goes wrong and long lists', () => {
  it('shows an API error as its message beside the filters that caused it, and recovers', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'viewer');
    await waitForListed(page, ['lead@example.com']);

    await page.getByLabel('From').fill('2026-03-02');
    await page.getByLabel('To').fill('2026-03-01');
    const alert = page.getByRole('search').locator('~ [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('from (2026-03-02) is after to (2026-03-01)');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect(await waitForListed(page, ['lead@example.com'])).toEqual(['lead@example.com']);
    expect(await alert.count()).toBe(0);
    expect(unexpected(problems, 400)).toEqual([]);
    await close();
  });

  it('reads values from a CSV file, and loads more pages when the list is long', async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'manager');

    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add suppressions' });
    const values = Array.from(
      { length: 60 },
      (_, index) => `person${String(index).padStart(2, '0')}@example.com`,
    );
    await dialog.getByLabel('Or read them from a file').setInputFiles({
      name: 'crm-export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `Name,Email\r\n${values.map((value, index) => `Person ${index},${value}`).join('\r\n')}\r\n`,
      ),
    });
    await dialog.getByText('Read 60 values from crm-export.csv.').waitFor();
    expect(await dialog.getByLabel('Values', { exact: true }).inputValue()).toBe(values.join('\n'));
    await dialog.getByRole('button', { name: 'Add values' }).click();
    await dialog.getByRole('status').getByText('Done: 60 added.').waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('status').getByText('Showing 50 suppressions; more can be loaded.').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('status').getByText('Showing 60 suppressions.').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect((await waitForListed(page, values, { inAnyOrder: true })).length).toBe(60);
    expect(problems).toEqual([]);
    await close();
  });
});
