import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { type ConsoleService, shows, startConsoleService, watchedPage } from '../support/console';
import { type OidcStub, startOidcStub } from '../support/oidc-stub';
import { uniqueTenant } from '../support/repositories';

let service: ConsoleService;
let stub: OidcStub;
let browser: Browser;
const tenant = uniqueTenant();

beforeAll(async () => {
  // The provider's ID token carries the Quietlist claims and passes the local API's (dev) authorizer.
  stub = await startOidcStub(() => service.credential(tenant, 'manager'));
  [service, browser] = await Promise.all([
    startConsoleService({ oidc: { issuer: stub.issuer, clientId: 'quietlist-console' } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await stub?.close();
});

describe('the admin console with an identity provider', () => {
  it('signs in with the authorization code flow and PKCE, returns to the page asked for, and signs out there', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await page.goto(`${service.consoleUrl}statistics`);
    await shows(page, 'Sign in');
    expect(await page.getByLabel('Token').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shows(page, 'Statistics');
    expect(page.url()).toBe(`${service.consoleUrl}statistics`);
    const [authorization] = stub.log.authorizations;
    expect(Object.fromEntries(authorization ?? [])).toMatchObject({
      client_id: 'quietlist-console',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${service.consoleUrl}callback`,
      code_challenge_method: 'S256',
    });
    expect(stub.log.exchanges.map((exchange) => exchange.pkceVerified)).toEqual([true]);
    expect(await page.getByRole('banner').getByText(tenant, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('banner').getByText('manager', { exact: true }).isVisible()).toBe(true);

    // The API accepts the provider's token: the list loads.
    await page.getByRole('navigation').getByRole('link', { name: 'Suppressions' }).click();
    await page.getByRole('status').getByText('No suppressions yet.').waitFor();
    expect(await page.evaluate('Object.keys(localStorage).length')).toBe(0);
    expect(
      await page.evaluate('Object.keys(sessionStorage).some((key) => key.startsWith("oidc.user:"))'),
    ).toBe(true);
    await page.reload();
    await shows(page, 'Suppressions');

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The page forgets the session at once, then goes to the provider's end-session endpoint, which sends it back:
    // wait for that round trip, not only for the sign-in page that precedes it.
    await expect.poll(() => stub.log.logouts.length, { timeout: 10_000 }).toBe(1);
    await page.waitForURL(service.consoleUrl);
    await shows(page, 'Sign in');
    expect(stub.log.logouts).toHaveLength(1);
    expect(stub.log.logouts[0]?.get('post_logout_redirect_uri')).toBe(service.consoleUrl);
    expect(
      await page.evaluate('Object.keys(sessionStorage).some((key) => key.startsWith("oidc.user:"))'),
    ).toBe(false);
    expect(problems).toEqual([]);
    await close();
  });
});
