import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterRunRecord } from '#app/ports/filter-runs';
import { ulid } from '#domain/ulid';
import { type AdminApi, type ApiResponse, call, startAdminApi } from '../support/admin-api';
import { COMPLIANT_TEMPLATE, filterFixture } from '../support/filter-fixture';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

interface Run {
  runId: string;
  campaignId: string;
  createdAt: string;
  category: string | null;
  summary: { received: number; eligible: number; filtered: number; byReason: Record<string, number> };
}
interface Page {
  items: Run[];
  nextCursor: string | null;
}

const errorOf = async (response: ApiResponse) => ({
  status: response.status,
  ...(await response.json()).error,
});

const DAY = 86_400;
const TTL = 90 * DAY;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY * 1000).toISOString();

/** Stores a run report as the filter does (W9). */
const saveRun = async (
  tenantId: string,
  campaignId: string,
  createdAt: string,
  options: { category?: FilterRunRecord['category']; received?: number; ttl?: number } = {},
): Promise<string> => {
  const runId = ulid();
  const received = options.received ?? 1;
  await api.services.filterRuns.saveFilterRun(
    {
      tenantId,
      runId,
      campaignId,
      createdAt,
      ...(options.category ? { category: options.category } : {}),
      summary: { received, eligible: received - 1, filtered: 1, byReason: { unsubscribed: 1 } },
      filtered: [{ contactId: `c-${runId}`, reasons: ['unsubscribed'] }],
    },
    options.ttl ?? TTL,
  );
  return runId;
};

describe('filter runs', () => {
  const tenant = uniqueTenant();
  const other = uniqueTenant();
  const campaign = 'summer sale #1';
  const path = `/v1/campaigns/${encodeURIComponent(campaign)}/runs`;
  let viewer: string;
  let otherViewer: string;
  /** The tenant's runs of `campaign`, newest first, and of every campaign. */
  let spring: string[];
  let all: string[];
  let filtered: string;

  beforeAll(async () => {
    viewer = await api.credential(tenant, 'viewer');
    otherViewer = await api.credential(other, 'viewer');
    const oldest = await saveRun(tenant, campaign, daysAgo(30), { received: 3 });
    const middle = await saveRun(tenant, campaign, daysAgo(20), { category: 'automation', received: 4 });
    const autumn = await saveRun(tenant, 'autumn', daysAgo(15), { category: 'marketing' });
    const recent = await saveRun(tenant, campaign, daysAgo(10), { category: 'marketing', received: 5 });
    // Past its TTL but not yet deleted by DynamoDB: never listed.
    await saveRun(tenant, campaign, daysAgo(12), { category: 'marketing', ttl: 11 * DAY });
    await saveRun(tenant, 'autumn', daysAgo(100), { category: 'marketing' });
    // A run of the pre-send filter itself, which stores its category.
    const run = await filterFixture(api.table).filter({
      tenantId: tenant,
      campaignId: campaign,
      category: 'transactional',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      recipients: [
        { contactId: 'a', emails: ['a@example.com'] },
        { contactId: 'b', emails: ['not-an-address'] },
      ],
    });
    filtered = run.output.runId;
    spring = [filtered, recent, middle, oldest];
    all = [filtered, recent, autumn, middle, oldest];
    // Another tenant with a campaign of the same id.
    await saveRun(other, campaign, daysAgo(5), { category: 'marketing', received: 99 });
  });

  const get = async (url: string, token = viewer): Promise<Page> => {
    const response = await call(api, token, 'GET', url);
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };

  it("lists a campaign's runs newest first, with category and summary, expired ones left out", async () => {
    const { items, nextCursor } = await get(path);
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.runId)).toEqual(spring);
    expect(items[0]).toEqual({
      runId: filtered,
      campaignId: campaign,
      createdAt: expect.any(String),
      category: 'transactional',
      summary: { received: 2, eligible: 1, filtered: 1, byReason: { invalid_email: 1 } },
    });
    expect(items[1]).toMatchObject({ category: 'marketing', summary: { received: 5 } });
    // A report stored before runs recorded their category.
    expect(items[3]).toMatchObject({ category: null, summary: { received: 3 } });
    expect((await get('/v1/campaigns/nothing/runs')).items).toEqual([]);
  });

  it('lists the runs of every campaign, newest first, within a range', async () => {
    expect((await get('/v1/runs')).items.map((item) => item.runId)).toEqual(all);
    const day = (days: number) => daysAgo(days).slice(0, 10);
    const range = await get(`/v1/runs?from=${day(21)}&to=${day(14)}`);
    expect(range.items.map((item) => item.runId)).toEqual(all.slice(2, 4));
    expect(range.items.map((item) => item.campaignId)).toEqual(['autumn', campaign]);
    expect((await get(`/v1/runs?from=${encodeURIComponent(daysAgo(11))}`)).items).toHaveLength(2);
    expect((await get(`/v1/runs?to=${day(25)}`)).items.map((item) => item.runId)).toEqual(all.slice(4));
  });

  it('pages through both lists exactly once, with cursors bound to tenant, campaign and range', async () => {
    const pagesOf = async (url: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await get(`${url}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        ids.push(...page.items.map((item) => item.runId));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      return { ids, pages };
    };
    const campaignPages = await pagesOf(`${path}?limit=3`);
    expect(campaignPages.ids).toEqual(spring);
    expect(campaignPages.pages).toBeGreaterThan(1);
    const tenantPages = await pagesOf('/v1/runs?limit=2');
    expect(tenantPages.ids).toEqual(all);
    expect(tenantPages.pages).toBeGreaterThan(2);

    const first = await get(`${path}?limit=1`);
    const cursor = `cursor=${encodeURIComponent(first.nextCursor ?? '')}`;
    expect((await get(`${path}?limit=1&${cursor}`)).items.map((item) => item.runId)).toEqual([spring[1]]);
    for (const [url, token] of [
      [`/v1/campaigns/autumn/runs?${cursor}`, viewer],
      [`/v1/runs?${cursor}`, viewer],
      [`${path}?${cursor}`, otherViewer],
    ] as const) {
      expect(await errorOf(await call(api, token, 'GET', url)), url).toMatchObject({
        status: 400,
        code: 'invalid_cursor',
      });
    }
    const runsPage = await get('/v1/runs?limit=1');
    const runsCursor = `cursor=${encodeURIComponent(runsPage.nextCursor ?? '')}`;
    expect((await get(`/v1/runs?limit=1&${runsCursor}`)).items.map((item) => item.runId)).toEqual([all[1]]);
    for (const [url, token] of [
      [`/v1/runs?from=2026-01-01&${runsCursor}`, viewer],
      [`/v1/runs?${runsCursor}`, otherViewer],
    ] as const) {
      expect(await errorOf(await call(api, token, 'GET', url)), url).toMatchObject({
        status: 400,
        code: 'invalid_cursor',
      });
    }
  });

  it("never shows another tenant's runs, even of a campaign with the same id", async () => {
    const mine = await get(path, otherViewer);
    expect(mine.items.map((item) => item.summary.received)).toEqual([99]);
    const everything = await get('/v1/runs', otherViewer);
    expect(everything.items.map((item) => item.summary.received)).toEqual([99]);
    expect((await get(path)).items.map((item) => item.summary.received)).not.toContain(99);
  });

  it.each([
    [`${path}?limit=0`, 'limit must be a whole number from 1 to 500'],
    [`${path}?limit=501`, 'limit must be a whole number from 1 to 500'],
    [`${path}?cursor=abc.def`, 'the cursor is not valid'],
    [`${path}?from=2026-01-01`, 'unknown query parameter "from"'],
    [`/v1/campaigns/${'x'.repeat(257)}/runs`, 'campaignId must be 1 to 256 characters'],
    ['/v1/runs?limit=-1', 'limit must be a whole number'],
    ['/v1/runs?cursor=', 'cursor is empty'],
    ['/v1/runs?campaignId=autumn', 'unknown query parameter "campaignId"'],
    ['/v1/runs?from=2026-06-05&to=2026-06-01', 'is after to'],
    ['/v1/runs?to=June', 'to must be a day'],
  ])('refuses %s', async (url, message) => {
    const error = await errorOf(await call(api, viewer, 'GET', url));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});
