import type { ActivityLog } from '#app/ports/activity';
import { SOURCES, type Source } from '#domain/sources';

export interface SuppressionStatsInput {
  readonly tenantId: string;
  /** Days `YYYY-MM-DD` (UTC), both included. */
  readonly from: string;
  readonly to: string;
}

export type CountsBySource = Readonly<Record<Source, number>>;

export interface SuppressionStats {
  readonly from: string;
  readonly to: string;
  readonly totals: { readonly total: number; readonly bySource: CountsBySource };
  /** Every day of the range, oldest first, zeros included. */
  readonly days: readonly {
    readonly date: string;
    readonly total: number;
    readonly bySource: CountsBySource;
  }[];
  /** Campaigns with at least one unsubscribe in the range, most first. */
  readonly campaigns: readonly {
    readonly campaignId: string;
    readonly total: number;
    readonly bySource: CountsBySource;
  }[];
}

const PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

const zeros = (): Record<Source, number> =>
  Object.fromEntries(SOURCES.map((source) => [source, 0])) as Record<Source, number>;

/** Every day from `from` to `to` (`YYYY-MM-DD`, UTC), both included. */
export const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00.000Z`); at <= Date.parse(`${to}T00:00:00.000Z`); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
};

/**
 * Unsubscribes per day by source, and per campaign, counted from the tenant's activity timeline (R6b: GSI1
 * between the two days, `suppressed` events only): every value a source started to block in the range counts
 * once, whatever the source (recipient, teammate, API, SES feedback). Reads every event of the
 * range, so the caller bounds the range (ADMIN_LIMITS.statsDays); docs/admin-api.md gives the cost.
 */
export const suppressionStats =
  (deps: { readonly activity: Pick<ActivityLog, 'listTenantActivityBetween'> }) =>
  async (input: SuppressionStatsInput): Promise<SuppressionStats> => {
    const days = new Map(daysBetween(input.from, input.to).map((day) => [day, zeros()]));
    const campaigns = new Map<string, Record<Source, number>>();
    const totals = zeros();
    let startKey: Record<string, string> | undefined;
    do {
      const page = await deps.activity.listTenantActivityBetween(
        input.tenantId,
        { from: `${input.from}T00:00:00.000Z`, to: `${input.to}T23:59:59.999Z`, actions: ['suppressed'] },
        { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) },
      );
      for (const event of page.items) {
        if (event.source === undefined) continue;
        const day = days.get(event.at.slice(0, 10));
        if (!day) continue;
        day[event.source]++;
        totals[event.source]++;
        if (event.campaignId !== undefined) {
          const campaign = campaigns.get(event.campaignId) ?? zeros();
          campaign[event.source]++;
          campaigns.set(event.campaignId, campaign);
        }
      }
      startKey = page.nextKey;
    } while (startKey);
    const sum = (counts: Record<Source, number>) =>
      SOURCES.reduce((total, source) => total + counts[source], 0);
    return {
      from: input.from,
      to: input.to,
      totals: { total: sum(totals), bySource: totals },
      days: [...days].map(([date, bySource]) => ({ date, total: sum(bySource), bySource })),
      campaigns: [...campaigns]
        .map(([campaignId, bySource]) => ({ campaignId, total: sum(bySource), bySource }))
        .sort((a, b) => b.total - a.total || (a.campaignId < b.campaignId ? -1 : 1)),
    };
  };
