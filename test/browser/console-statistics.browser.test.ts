import { describe, expect, it } from 'vitest';
import {
  consoleInBrowser,
  recipientUnsubscribes,
  seriousViolations,
  shows,
  signIn,
  watchedPage,
} from '../support/console';
import { uniqueTenant } from '../support/repositories';
import { addresses, complaintEvent, postSesEvents, sendEvent } from '../support/ses-stats';

const run = consoleInBrowser();

const DAY_MS = 86_400_000;

describe('the Statistics page', () => {
  it('shows the alerts first, charts with text alternatives and the campaigns with their rates', {
    timeout: 90_000,
  }, async () => {
    const tenant = uniqueTenant();
    // Yesterday (UTC), inside the default range: 200 sends and 1 complaint for c-42 (0.5 %, over the 0.3 %
    // line; alerts need at least 100 sends), 100 sends for newsletter, and a recipient's unsubscribe without sends.
    const day = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    const at = `${day}T10:00:00.000Z`;
    const sent = addresses('c42', 200);
    await postSesEvents(run.service.baseUrl, [
      sendEvent({ tenant, campaignId: 'c-42', at, addresses: sent.slice(0, 100) }),
      sendEvent({ tenant, campaignId: 'c-42', at, addresses: sent.slice(100) }),
      sendEvent({ tenant, campaignId: 'newsletter', at, addresses: addresses('news', 100) }),
      complaintEvent({
        tenant,
        campaignId: 'c-42',
        at: `${day}T11:00:00.000Z`,
        addresses: [sent[7] as string],
      }),
    ]);
    await recipientUnsubscribes(run.service, tenant, 'lead@example.com', 'spring-sale');

    const { page, problems, close } = await watchedPage(run.browser);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await signIn(run.service, page, tenant, 'viewer');
    // uPlot is not part of the first load.
    expect(requested.filter((url) => /uplot/i.test(url))).toEqual([]);

    await page.getByRole('navigation').getByRole('link', { name: 'Statistics' }).click();
    await shows(page, 'Statistics');
    const alerts = page.getByRole('list', { name: 'Alerts' });
    await alerts.waitFor();
    const dayShown = new Date(at).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    const items = await alerts.getByRole('listitem').allTextContents();
    expect(items).toContain(
      `Critical Complaint rate 0.5 % on ${dayShown} (campaign c-42) is over the 0.3 % line`,
    );
    // The alerts come before the filters, the charts and the table.
    const order = await page.evaluate<number[]>(`(() => {
      const text = document.querySelector('main').innerText;
      return ['(campaign c-42) is over', 'From', 'Unsubscribes by source per day', 'Per campaign'].map((s) => text.indexOf(s));
    })()`);
    expect(
      order.every((position, index) => position >= 0 && (index === 0 || position > (order[index - 1] ?? 0))),
    ).toBe(true);
    for (const label of ['From', 'To', 'Campaign'])
      expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);

    // Each chart is a figure named by its caption, drawn by uPlot, with the numbers in a table.
    for (const name of [
      'Unsubscribes by source per day',
      'Bounces and complaints per day',
      'Complaint rate per day',
    ]) {
      const figure = page.getByRole('figure', { name: new RegExp(`^${name}`) });
      await figure.locator('canvas').first().waitFor({ state: 'attached' });
      expect(await figure.getByRole('table').count(), name).toBe(1);
    }
    expect(requested.some((url) => /uplot-chart.*\.js$/.test(url))).toBe(true);
    expect(requested.some((url) => /uplot-chart.*\.css$/.test(url))).toBe(true);
    const rateTable = page.getByRole('figure', { name: /^Complaint rate per day/ }).getByRole('table');
    expect(await rateTable.getByRole('row', { name: new RegExp(`^${day}`) }).textContent()).toBe(
      `${day}0.33 %`,
    );
    expect(await page.getByRole('figure', { name: /^Complaint rate per day/ }).textContent()).toContain(
      'Dashed lines at 0.1 % (warning) and 0.3 % (limit)',
    );

    const campaigns = page.getByRole('table', { name: /^Per campaign/ });
    const row = async (name: string) =>
      await campaigns
        .getByRole('row', { name: new RegExp(`^${name}`) })
        .getByRole('cell')
        .allTextContents();
    expect(await row('c-42')).toEqual(['200', '0', '0', '0.0 %', '1', '0.5 %', '0', '0.0 %', '1']);
    expect(await row('newsletter')).toEqual(['100', '0', '0', '0.0 %', '0', '0.0 %', '0', '0.0 %', '0']);
    expect(await row('spring-sale')).toEqual(['0', '0', '0', '—', '0', '—', '1', '—', '1']);

    expect(await seriousViolations(page)).toEqual([]);

    // The Campaign filter narrows everything to one campaign.
    await page.getByLabel('Campaign', { exact: true }).selectOption('c-42');
    await page.getByRole('status').getByText('campaign c-42').waitFor();
    expect(await campaigns.getByRole('row').count()).toBe(2);
    expect(await row('c-42')).toHaveLength(9);

    // CSP: uPlot's styles come from a file and its element styles through the CSSOM; nothing was blocked.
    expect(problems).toEqual([]);
    await close();
  });

  it('says which range is wrong when From is after To', async () => {
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, uniqueTenant(), 'viewer');
    await page.goto(`${run.service.consoleUrl}statistics`);
    await shows(page, 'Statistics');
    await page.getByRole('status').getByText('sends').waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2026-12-31');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/93/);
    expect(problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);
    await close();
  });
});
