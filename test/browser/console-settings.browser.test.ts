import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import {
  type ConsoleService,
  seriousViolations,
  shows,
  signIn,
  startConsoleService,
  unexpected,
  watchedPage,
} from '../support/console';
import { uniqueTenant } from '../support/repositories';

let service: ConsoleService;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startConsoleService(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

const settingsOf = async (tenant: string) => {
  const response = await fetch(`${service.baseUrl}/v1/settings`, {
    headers: { authorization: `Bearer ${await service.credential(tenant, 'viewer')}` },
  });
  return (await response.json()) as Record<string, unknown>;
};

const openSettings = async (tenant: string, role: 'admin' | 'viewer') => {
  const watched = await watchedPage(browser);
  await signIn(service, watched.page, tenant, role);
  await watched.page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await shows(watched.page, 'Settings');
  await watched.page.getByLabel('Display name').waitFor();
  return watched;
};

describe('the Settings page', () => {
  it('lets an admin change the display name and postal address and see them on a real confirm page', {
    timeout: 60_000,
  }, async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await openSettings(tenant, 'admin');
    const sent: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') sent.push(request.postDataJSON());
    });

    await page.getByLabel('Display name').fill('Acme News');
    await page.getByLabel('Postal address').fill('Acme Inc.\n1 Main Street\nSpringfield');
    // The preview follows the typing.
    const preview = page.getByRole('region', { name: 'Confirm page preview' });
    expect(await preview.getByRole('heading', { level: 3 }).textContent()).toBe(
      'Unsubscribe from Acme News?',
    );
    expect(await preview.locator('address').textContent()).toBe('Acme Inc.\n1 Main Street\nSpringfield');
    expect(await preview.getByRole('button', { name: 'Unsubscribe' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved: Display name, Postal address.').waitFor();
    expect(sent).toEqual([
      { displayName: 'Acme News', postalAddress: 'Acme Inc.\n1 Main Street\nSpringfield' },
    ]);

    // A real link, opened in the same browser.
    const minted = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ contactId: 'c-1', email: 'jane.doe@example.com', campaignId: 'spring' }),
    });
    expect(minted.status).toBe(200);
    const { url } = (await minted.json()) as { url: string };
    await page.goto(url);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe from Acme News?');
    expect(await page.locator('footer address').textContent()).toBe('Acme Inc.\n1 Main Street\nSpringfield');
    expect(await page.getByRole('button', { name: 'Unsubscribe' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows a validation error next to its field and saves nothing', async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await openSettings(tenant, 'admin');
    await page.getByLabel('Display name').fill('Changed');
    const privacy = page.getByLabel('Privacy URL');
    await privacy.fill('http://x');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').getByText('Nothing was saved').waitFor();

    expect(await privacy.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await privacy.getAttribute('aria-describedby'))?.split(' ') ?? [];
    const errorId = describedBy.find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    const error = page.locator(`[id="${errorId}"]`);
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/https/i);
    // Next to the field: in the same field group.
    expect(await page.locator('.field', { has: privacy }).locator('.field-error').count()).toBe(1);
    expect(await page.getByLabel('Display name').getAttribute('aria-invalid')).toBeNull();
    // Focus moves to the field to fix.
    expect(await privacy.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    const saved = await settingsOf(tenant);
    expect(saved.displayName).toBeNull();
    expect(saved.privacyUrl).toBeNull();
    expect(unexpected(problems, 400)).toEqual([]);
    await close();
  });

  it('shows a viewer the values read-only and no Save', async () => {
    const tenant = uniqueTenant();
    const put = await fetch(`${service.baseUrl}/v1/settings`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ displayName: 'Read Only Co', transientBounceThreshold: 4 }),
    });
    expect(put.status).toBe(200);
    const { page, problems, close } = await openSettings(tenant, 'viewer');
    const name = page.getByLabel('Display name');
    expect(await name.inputValue()).toBe('Read Only Co');
    expect(await name.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByLabel('Soft bounces before suppressing').inputValue()).toBe('4');
    for (const label of [
      'Postal address',
      'Privacy URL',
      'Logo URL',
      'Default locale',
      'Default phone country',
      'Within days',
    ]) {
      expect(await page.getByLabel(label, { exact: true }).isEditable(), label).toBe(false);
    }
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});
