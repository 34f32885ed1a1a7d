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

/** Every control that changes the list, by role and name. */
const writeControls = (page: Page) => ({
  add: page.getByRole('button', { name: 'Add', exact: true }),
  remove: page.getByRole('button', { name: 'Remove', exact: true }),
  consent: page.getByRole('button', { name: 'Re-subscribe with consent' }),
  checkboxes: page.getByRole('checkbox'),
});

describe('roles in the admin console', () => {
  it('shows a viewer the list, search, export and check, and no control that changes anything', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'viewer');
    expect(await waitForListed(page, ['lead@example.com'])).toEqual(['lead@example.com']);

    const controls = writeControls(page);
    expect(await controls.add.count()).toBe(0);
    expect(await controls.remove.count()).toBe(0);
    expect(await controls.consent.count()).toBe(0);
    expect(await controls.checkboxes.count()).toBe(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Export CSV' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Check a list' }).isEnabled()).toBe(true);

    await page.getByRole('searchbox', { name: 'Search' }).fill('nobody');
    expect(await waitForListed(page, [])).toEqual([]);
    await page.getByRole('status').getByText('No suppressions match these filters.').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(problems).toEqual([]);
    await close();
  });

  it('gives a manager add and remove, but not the consent path', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'manager');
    await waitForListed(page, ['lead@example.com']);

    const controls = writeControls(page);
    expect(await controls.add.isVisible()).toBe(true);
    expect(await controls.remove.isVisible()).toBe(true);
    expect(await controls.consent.count()).toBe(0);

    await page.getByRole('checkbox', { name: 'Select lead@example.com' }).check();
    await controls.remove.click();
    const results = page.getByRole('list', { name: 'Remove results' });
    await results.getByRole('listitem').first().waitFor();
    // A manager is not told about a path only an admin has.
    const refusal = await results.getByRole('listitem').first().textContent();
    expect(refusal).toContain('only the recipient can undo it');
    expect(refusal).not.toContain('consent');
    expect(problems).toEqual([]);
    await close();
  });

  it('never shows a 403 raw: an operator credential is refused at sign-in with its role named', async () => {
    const { page, problems, close } = await watchedPage(run.browser);
    await page.goto(run.service.consoleUrl);
    await page.getByLabel('Token').fill(await run.service.credential(uniqueTenant(), 'operator'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toBe(
      "Your role (operator) does not allow you to read this workspace's suppression list. Ask an admin of your workspace.",
    );
    expect(text).not.toMatch(/forbidden|403|\{/i);
    await shows(page, 'Sign in');
    // The browser logs the refused request itself; nothing else went wrong.
    expect(unexpected(problems, 403)).toEqual([]);
    await close();
  });

  it('returns to the sign-in page when the API stops accepting the token', async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'admin');
    // A token that still reads well but that the API refuses: signed with another key (as after a key rotation).
    const [header, payload] = (await run.service.credential(tenant, 'admin')).split('.');
    await page.evaluate(`sessionStorage.setItem('quietlist.console.token', '${header}.${payload}.AAAA')`);
    await page.reload();
    await shows(page, 'Sign in');
    expect(await page.getByRole('status').first().textContent()).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(await page.evaluate('Object.keys(sessionStorage).length')).toBe(0);
    expect(unexpected(problems, 401)).toEqual([]);
    await close();
  });
});
