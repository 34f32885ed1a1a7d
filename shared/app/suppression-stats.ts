import type { ActivityLog } from '#app/ports/activity';
import type { DailyCounterReader, DailyCounts } from '#app/ports/daily-counters';
import { DAILY_COUNTERS, type DailyCounter } from '#domain/ses-feedback-policy';
import { RECIPIENT_SOURCES, SOURCES, type Source } from '#domain/sources';
import { type SendingRates, type StatsAlert, sendingRatesOf, statsAlertsOf } from '#domain/stats-alerts';

export interface SuppressionStatsInput {
  readonly tenantId: string;
  /** Days `YYYY-MM-DD` (UTC), both included. */
  readonly from: string;
  readonly to: string;
  /** Only this campaign: its suppressions, its SES counters, its rates and alerts. @default every campaign */
  readonly campaignId?: string;
  /**
   * Count only suppressions from these sources in `total` and `bySource`. Sends, bounces, complaints,
   * unsubscribes, rates and alerts are not narrowed: a rate keeps its meaning whatever the list shows.
   * @default every source
   */
  readonly sources?: readonly Source[];
}

export type CountsBySource = Readonly<Record<Source, number>>;

/** What SES counted (W8) and what recipients did, and the rates that follow, for a day or a campaign. */
export interface SendingStats extends SendingRates {
  readonly sends: number;
  readonly deliveries: number;
  readonly bounces: number;
  readonly complaints: number;
  /** Recipients' own unsubscribes (`link`, `list_unsubscribe`: the Lead type), whatever `sources` says. */
  readonly unsubscribes: number;
}

export interface SuppressionStats {
  readonly from: string;
  readonly to: string;
  /** The campaign the statistics were narrowed to, or null. */
  readonly campaignId: string | null;
  readonly totals: { readonly total: number; readonly bySource: CountsBySource };
  /** Every day of the range, oldest first, zeros included. */
  readonly days: readonly ({
    readonly date: string;
    readonly total: number;
    readonly bySource: CountsBySource;
  } & SendingStats)[];
  /** Campaigns with at least one suppression or SES event in the range, most suppressions first. */
  readonly campaigns: readonly ({
    readonly campaignId: string;
    readonly total: number;
    readonly bySource: CountsBySource;
  } & SendingStats)[];
  /**
   * Days whose rates crossed a line of STATS_ALERT_RULES, oldest first: the tenant's day (no `campaignId`),
   * then its campaigns' (by id). With `campaignId`, that campaign's days only.
   */
  readonly alerts: readonly StatsAlert[];
}

const PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

/** Every day from `from` to `to` (`YYYY-MM-DD`, UTC), both included. */
export const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00.000Z`); at <= Date.parse(`${to}T00:00:00.000Z`); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
};

/** What is counted for one day, one campaign, or one campaign's day. */
interface Tally {
  readonly bySource: Record<Source, number>;
  readonly counts: Record<DailyCounter, number>;
  unsubscribes: number;
}

const newTally = (): Tally => ({
  bySource: Object.fromEntries(SOURCES.map((source) => [source, 0])) as Record<Source, number>,
  counts: Object.fromEntries(DAILY_COUNTERS.map((name) => [name, 0])) as Record<DailyCounter, number>,
  unsubscribes: 0,
});

/** The value under a key, created on first use. */
const entryOf = <K, V>(map: Map<K, V>, key: K, create: () => V): V => {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
};

const newMap = () => new Map<string, Tally>();

const addCounts = (tally: Tally, counts: DailyCounts): void => {
  for (const name of DAILY_COUNTERS) tally.counts[name] += counts[name];
};

const sumOf = (bySource: Record<Source, number>): number =>
  SOURCES.reduce((total, source) => total + bySource[source], 0);

const sendingOf = (tally: Tally): SendingStats => {
  const counts = { ...tally.counts, unsubscribes: tally.unsubscribes };
  return { ...counts, ...sendingRatesOf(counts) };
};

const rowOf = (tally: Tally) => ({
  total: sumOf(tally.bySource),
  bySource: tally.bySource,
  ...sendingOf(tally),
});

const isEmpty = (tally: Tally): boolean =>
  tally.unsubscribes === 0 &&
  sumOf(tally.bySource) === 0 &&
  DAILY_COUNTERS.every((name) => tally.counts[name] === 0);

/**
 * Statistics of a tenant (or one campaign) per day and per campaign:
 * 1. suppressions per source, from the activity timeline (R6b: GSI1 between the two days, `suppressed` events
 *    only): every value a source started to block in the range counts once, whatever the source (recipient,
 *    teammate, API, SES feedback); recipients' own (`link`, `list_unsubscribe`) are also the `unsubscribes`;
 * 2. SES sends, deliveries, bounces and complaints from the daily counters, the tenant's (R9) and its
 *    campaigns' (R9b), read at the same time;
 * 3. bounce, complaint and unsubscribe rates against sends (null without sends), and the alerts of every day
 *    and campaign day whose rates cross STATS_ALERT_RULES.
 * Reads every event of the range, so the caller bounds the range (ADMIN_LIMITS.statsDays); docs/admin-api.md
 * gives the cost.
 */
export const suppressionStats =
  (deps: {
    readonly activity: Pick<ActivityLog, 'listTenantActivityBetween'>;
    readonly counters: Pick<DailyCounterReader, 'listTenantDailyCounts' | 'listCampaignDailyCounts'>;
  }) =>
  async (input: SuppressionStatsInput): Promise<SuppressionStats> => {
    const narrowed = input.campaignId !== undefined;
    const [tenantDays, campaignDays] = await Promise.all([
      narrowed ? [] : deps.counters.listTenantDailyCounts(input.tenantId, input.from, input.to),
      deps.counters.listCampaignDailyCounts(input.tenantId, input.from, input.to, input.campaignId),
    ]);
    const days = new Map(daysBetween(input.from, input.to).map((day) => [day, newTally()]));
    const campaigns = new Map<string, Tally>();
    /** Per day, per campaign: what campaign alerts are judged on (the days themselves when narrowed). */
    const campaignDaysOf = new Map<string, Map<string, Tally>>();
    const totals = newTally();
    for (const { day, counts } of tenantDays) {
      const tally = days.get(day);
      if (tally) addCounts(tally, counts);
    }
    for (const { day, campaignId, counts } of campaignDays) {
      const tally = days.get(day);
      if (!tally) continue;
      addCounts(entryOf(campaigns, campaignId, newTally), counts);
      if (narrowed) addCounts(tally, counts);
      else addCounts(entryOf(entryOf(campaignDaysOf, day, newMap), campaignId, newTally), counts);
    }

    const counted = input.sources === undefined ? undefined : new Set(input.sources);
    let startKey: Record<string, string> | undefined;
    do {
      const page = await deps.activity.listTenantActivityBetween(
        input.tenantId,
        { from: `${input.from}T00:00:00.000Z`, to: `${input.to}T23:59:59.999Z`, actions: ['suppressed'] },
        { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) },
      );
      for (const event of page.items) {
        const source = event.source;
        if (source === undefined) continue;
        if (narrowed && event.campaignId !== input.campaignId) continue;
        const day = event.at.slice(0, 10);
        const tally = days.get(day);
        if (!tally) continue;
        const campaign =
          event.campaignId === undefined ? undefined : entryOf(campaigns, event.campaignId, newTally);
        const campaignDay =
          event.campaignId === undefined || narrowed
            ? undefined
            : entryOf(entryOf(campaignDaysOf, day, newMap), event.campaignId, newTally);
        if (counted === undefined || counted.has(source)) {
          for (const t of [tally, totals, campaign]) if (t) t.bySource[source]++;
        }
        if (RECIPIENT_SOURCES.includes(source)) {
          for (const t of [tally, campaign, campaignDay]) if (t) t.unsubscribes++;
        }
      }
      startKey = page.nextKey;
    } while (startKey);

    const dayRows = [...days].map(([date, tally]) => ({ date, ...rowOf(tally) }));
    const alerts = dayRows.flatMap((row) => [
      ...statsAlertsOf(
        { day: row.date, ...(narrowed ? { campaignId: input.campaignId } : {}) },
        row.sends,
        row,
      ),
      ...[...(campaignDaysOf.get(row.date) ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap(([campaignId, tally]) => {
          const sending = sendingOf(tally);
          return statsAlertsOf({ day: row.date, campaignId }, sending.sends, sending);
        }),
    ]);
    return {
      from: input.from,
      to: input.to,
      campaignId: input.campaignId ?? null,
      totals: { total: sumOf(totals.bySource), bySource: totals.bySource },
      days: dayRows,
      campaigns: [...campaigns]
        .filter(([, tally]) => !isEmpty(tally))
        .map(([campaignId, tally]) => ({ campaignId, ...rowOf(tally) }))
        .sort((a, b) => b.total - a.total || b.sends - a.sends || (a.campaignId < b.campaignId ? -1 : 1)),
      alerts,
    };
  };
