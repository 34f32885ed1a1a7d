import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  consoleInBrowser,
  recipientUnsubscribes,
  seriousViolations,
  shows,
  signIn,
  unexpected,
  watchedPage,
} from '../support/console';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';
import { uniqueTenant } from '../support/repositories';

const run = consoleInBrowser();

/** The contact id `recipientUnsubscribes` mints its link with. */
const contactOf = (email: string) => `c-${email}`;

const openPage = async (page: Page, name: string) => {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await shows(page, name);
};

const showContact = async (page: Page, contactId: string) => {
  await openPage(page, 'Contacts');
  await page.getByRole('searchbox', { name: 'Contact ID' }).fill(contactId);
  await page.getByRole('searchbox', { name: 'Contact ID' }).press('Enter');
};

/** The pre-send filter run through the local invoke route, as a sending pipeline would. */
const runFilter = async (tenant: string, campaignId: string, recipients: unknown[]): Promise<string> => {
  const response = await fetch(`${run.service.baseUrl}/_local/invoke/filter`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenantId: tenant,
      campaignId,
      category: 'marketing',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      recipients,
    }),
  });
  if (!response.ok) throw new Error(`the filter answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { runId: string }).runId;
};

const setDoNotContact = async (tenant: string, contactId: string, email: string) => {
  const response = await fetch(
    `${run.service.baseUrl}/v1/contacts/${encodeURIComponent(contactId)}/unsubscribe`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await run.service.credential(tenant, 'manager')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ doNotContact: true, emails: [email] }),
    },
  );
  if (!response.ok) throw new Error(`do-not-contact answered ${response.status}: ${await response.text()}`);
};

describe('the Contacts page', () => {
  it("shows a contact's banner, values and timeline; a manager blocks and allows it again", {
    timeout: 60_000,
  }, async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'manager');

    await showContact(page, 'nobody');
    await page.getByRole('status').getByText('Nothing is known about contact nobody').waitFor();

    await page.getByRole('searchbox', { name: 'Contact ID' }).fill(contactOf('lead@example.com'));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('status').getByText('Unsubscribed from all channels').waitFor();
    const row = page.getByRole('row', { name: /lead@example\.com/ });
    expect(await row.textContent()).toContain('Lead');
    const timeline = page.getByRole('list', { name: `Activity of contact ${contactOf('lead@example.com')}` });
    await timeline
      .getByText(
        /^Recipient unsubscribed lead@example\.com from campaign spring-sale through the unsubscribe page, /,
      )
      .waitFor();

    await page.getByRole('button', { name: 'Do not contact', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/^Do not contact since /)
      .waitFor();
    await timeline.getByText(/^manager-user set the contact to do not contact, /).waitFor();
    await page.getByRole('button', { name: 'Allow contact again' }).click();
    // The recipient's own unsubscribe still holds the address.
    await page.getByRole('status').getByText('Unsubscribed from all channels').waitFor();
    await timeline.getByText(/^manager-user allowed contact again, /).waitFor();
    expect(await page.getByRole('button', { name: 'Do not contact', exact: true }).isVisible()).toBe(true);
    expect(unexpected(problems, 404)).toEqual([]);
    await close();
  });

  it('shows a viewer the banner and no control that changes anything', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    await setDoNotContact(tenant, contactOf('lead@example.com'), 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'viewer');
    await showContact(page, contactOf('lead@example.com'));
    await page
      .getByRole('status')
      .getByText(/^Do not contact since /)
      .waitFor();
    await page
      .getByRole('list', { name: /^Activity of contact/ })
      .getByRole('listitem')
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Allow contact again' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Do not contact', exact: true }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the Campaign runs page', () => {
  it("lists runs and opens one's filtered contacts by reason, then goes back", async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    const runId = await runFilter(tenant, 'c-42', [
      { contactId: 'c-kept', email: 'kept@example.com' },
      { contactId: contactOf('lead@example.com'), email: 'lead@example.com' },
    ]);
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'viewer');
    await openPage(page, 'Campaign runs');
    const row = page.getByRole('row', { name: /c-42/ });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(1, 5)).toEqual(['marketing', '2', '1', '1']);

    await page.getByRole('link', { name: `Open run ${runId}` }).click();
    await page.getByRole('heading', { level: 3, name: 'Unsubscribed (1)' }).waitFor();
    expect(
      await page
        .getByRole('list', { name: 'Contacts filtered as Unsubscribed' })
        .getByRole('listitem')
        .allTextContents(),
    ).toEqual([contactOf('lead@example.com')]);
    await page.getByRole('link', { name: 'Back to all runs' }).click();
    await page.getByRole('link', { name: `Open run ${runId}` }).waitFor();
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the Activity page', () => {
  it('reads each event as a sentence and filters by action', async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com');
    await setDoNotContact(tenant, contactOf('lead@example.com'), 'lead@example.com');
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'viewer');
    await openPage(page, 'Activity');
    const timeline = page.getByRole('list', { name: 'Activity, newest first' });
    await timeline
      .getByText(
        /^Recipient unsubscribed lead@example\.com from campaign spring-sale through the unsubscribe page, /,
      )
      .waitFor();

    const shown = () => page.locator('ol[aria-busy="false"] li').allTextContents();
    await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Do not contact set' });
    await expect
      .poll(shown)
      .toEqual([expect.stringMatching(/^manager-user set the contact to do not contact, /)]);
    await page.getByRole('status').getByText('Showing 1 event.').waitFor();

    await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'All actions' });
    await page.getByRole('textbox', { name: 'Actor' }).fill('recipient');
    await expect.poll(shown).toEqual([expect.stringMatching(/^Recipient unsubscribed lead@example\.com/)]);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the three pages for everyone', () => {
  it('have no serious or critical axe-core violation, and fit a 375-pixel phone', {
    timeout: 90_000,
  }, async () => {
    const tenant = uniqueTenant();
    await recipientUnsubscribes(run.service, tenant, 'a-rather-long-address-for-a-phone@example.com');
    const contactId = contactOf('a-rather-long-address-for-a-phone@example.com');
    const runId = await runFilter(tenant, 'c-42', [
      { contactId, email: 'a-rather-long-address-for-a-phone@example.com' },
    ]);
    const violations: Record<string, string[]> = {};
    const overflow: Record<string, number> = {};
    for (const width of [1280, 375]) {
      const { page, problems, close } = await watchedPage(run.browser, { width, height: 800 });
      const audit = async (state: string) => {
        violations[`${state} at ${width}`] = await seriousViolations(page);
        overflow[`${state} at ${width}`] = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
      };
      await signIn(run.service, page, tenant, 'admin');
      await showContact(page, contactId);
      await page.getByRole('status').getByText('Unsubscribed from all channels').waitFor();
      await page
        .getByRole('list', { name: /^Activity of contact/ })
        .getByRole('listitem')
        .first()
        .waitFor();
      await audit('contact');
      await openPage(page, 'Campaign runs');
      await page.getByRole('link', { name: `Open run ${runId}` }).waitFor();
      await audit('runs');
      await page.getByRole('link', { name: `Open run ${runId}` }).click();
      await page.getByRole('heading', { level: 3, name: 'Unsubscribed (1)' }).waitFor();
      await audit('run report');
      await openPage(page, 'Activity');
      await page
        .getByRole('list', { name: 'Activity, newest first' })
        .getByRole('listitem')
        .first()
        .waitFor();
      await audit('activity');
      expect(problems).toEqual([]);
      await close();
    }
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((state) => [state, []])));
    expect(overflow).toEqual(Object.fromEntries(Object.keys(overflow).map((state) => [state, 0])));
  });
});
