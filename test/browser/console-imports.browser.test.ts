import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  consoleInBrowser,
  seriousViolations,
  shows,
  signIn,
  unexpected,
  watchedPage,
} from '../support/console';
import { uniqueTenant } from '../support/repositories';

// The local service as `npm start` runs it: s3rver for the jobs' bucket (CORS for the console's origin), and the
// local stand-in for Step Functions started by each upload.
const run = consoleInBrowser({ s3: true });

/** Creates an import over the API (no upload: it stays waiting), as another teammate's earlier import. */
const earlierImport = async (tenant: string, fileName: string) => {
  const response = await fetch(`${run.service.baseUrl}/v1/imports`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await run.service.credential(tenant, 'manager')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ mode: 'check', fileName }),
  });
  expect(response.status).toBe(201);
};

describe('the Imports page', () => {
  it('uploads a file straight to the bucket, follows the job to its exact counts and downloads a row per line', {
    timeout: 90_000,
  }, async () => {
    const tenant = uniqueTenant();
    for (let i = 1; i <= 25; i++) await earlierImport(tenant, `earlier-${String(i).padStart(2, '0')}.csv`);
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'manager');
    await page.getByRole('navigation').getByRole('link', { name: 'Imports', exact: true }).click();
    await shows(page, 'Imports');
    const table = page.getByRole('table', { name: 'Imports, newest first (times in UTC)' });
    await page.locator('table[aria-busy="false"]').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(25);

    // A header, a good line, a bad line and the good one again.
    const file = 'email\r\nann@example.org\r\nnot-an-address\r\nANN@example.org\r\n';
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('radio', { name: 'Add to the suppression list' }).check();
    await page.getByLabel('Source').selectOption({ label: 'A list from another tool (legacy)' });
    await page.getByLabel('Note').fill('Old CRM export');
    const uploads: { url: string; method: string }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') uploads.push({ url: request.url(), method: request.method() });
    });
    await page.getByRole('button', { name: 'Upload and import' }).click();

    const current = page.getByRole('region', { name: 'Import of leads.csv' });
    await current
      .getByRole('status')
      .getByText('Finished: 4 lines, 1 added, 1 already suppressed, 1 invalid, 1 skipped.')
      .waitFor({ timeout: 30_000 });
    // The file went to the local S3 server, not through the API.
    expect(uploads).toHaveLength(1);
    expect(new URL(uploads[0]?.url ?? '').origin).not.toBe(run.service.baseUrl);
    expect(uploads[0]?.url).toMatch(/X-Amz-Signature=/);
    const counts = current.getByRole('definition');
    expect(await counts.allTextContents()).toEqual(['Finished', 'Add', '4', '1', '1', '1', '1']);
    expect(await current.getByRole('term').allTextContents()).toEqual([
      'Status',
      'Mode',
      'Lines',
      'Added',
      'Already suppressed',
      'Invalid',
      'Skipped',
    ]);

    // The result file accounts for every line of the file, in order.
    const downloading = page.waitForEvent('download');
    await current.getByRole('link', { name: 'Download the results (CSV)' }).click();
    const download = await downloading;
    const rows = parse(await readFile((await download.path()) as string, 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((row) => [row.line, row.input, row.status, row.value])).toEqual([
      ['1', 'email', 'skipped', ''],
      ['2', 'ann@example.org', 'added', 'ann@example.org'],
      ['3', 'not-an-address', 'invalid', ''],
      ['4', 'ANN@example.org', 'already_suppressed', 'ann@example.org'],
    ]);

    // The value is on the list now, with the source chosen.
    const { entries } = await run.service.tenantItems(tenant);
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).toContain('legacy');

    // The list shows it first, finished; the 25 earlier imports are a page and a Load more away.
    await page.locator('table[aria-busy="false"]').waitFor();
    const firstRow = table.locator('tbody tr').first();
    await firstRow.getByText('Finished').waitFor();
    expect(await firstRow.getByRole('rowheader').textContent()).toBe('leads.csv');
    expect(await table.locator('tbody tr').count()).toBe(25);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('status').getByText('Showing 26 imports.').waitFor();
    expect(await table.locator('tbody tr').last().getByRole('rowheader').textContent()).toBe(
      'earlier-01.csv',
    );

    expect(await seriousViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await close();
  });

  it('is not offered to a viewer, and says why when opened', { timeout: 60_000 }, async () => {
    const tenant = uniqueTenant();
    const { page, problems, close } = await watchedPage(run.browser);
    await signIn(run.service, page, tenant, 'viewer');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Imports' }).count()).toBe(0);
    await page.goto(`${run.service.consoleUrl}imports`);
    await shows(page, 'Imports');
    await page.getByText('Your role (viewer) cannot import').waitFor();
    expect(await page.getByRole('button', { name: 'Upload and import' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await close();
  });
});
