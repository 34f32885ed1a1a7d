import type { Source } from '#domain/sources';
import { STATS_ALERT_RULES, type StatsAlert, type StatsAlertKind } from '#domain/stats-alerts';

/** `GET /v1/stats` (docs/openapi.yaml; shared/app/suppression-stats.ts). */
export interface SendingStats {
  readonly sends: number;
  readonly deliveries: number;
  readonly bounces: number;
  readonly complaints: number;
  readonly unsubscribes: number;
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
  readonly unsubscribeRate: number | null;
}

export type CountsBySource = Readonly<Record<Source, number>>;

export interface StatsDay extends SendingStats {
  readonly date: string;
  readonly total: number;
  readonly bySource: CountsBySource;
}

export interface StatsCampaign extends SendingStats {
  readonly campaignId: string;
  readonly total: number;
  readonly bySource: CountsBySource;
}

export interface Stats {
  readonly from: string;
  readonly to: string;
  readonly campaignId: string | null;
  readonly totals: { readonly total: number; readonly bySource: CountsBySource };
  readonly days: readonly StatsDay[];
  readonly campaigns: readonly StatsCampaign[];
  readonly alerts: readonly StatsAlert[];
}

/** What each source means in a chart's legend and table. */
export const SOURCE_NAMES: Readonly<Record<Source, string>> = {
  link: 'Unsubscribe link',
  list_unsubscribe: 'One-click unsubscribe',
  admin: 'Teammate',
  api: 'API',
  bounce: 'Bounce',
  spam_complaint: 'Spam complaint',
  legacy: 'Legacy import',
  sms_stop: 'SMS STOP reply',
};

const KIND_NAMES: Readonly<Record<StatsAlertKind, string>> = {
  complaint_rate: 'Complaint rate',
  unsubscribe_spike: 'Unsubscribe rate',
  bounce_rate: 'Bounce rate',
};

/** A rate (a fraction of sends) as a percentage with one decimal: `0.004` → `0.4 %`; `—` when there were no sends. */
export const percent = (rate: number | null): string =>
  rate === null
    ? '—'
    : `${(rate * 100).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;

/** A line (threshold) as short as it reads: `0.003` → `0.3 %`, `0.02` → `2 %`. */
export const line = (rate: number): string =>
  `${(rate * 100).toLocaleString('en', { maximumFractionDigits: 2 })} %`;

/** `2026-12-02` → `2 Dec`. */
export const shortDay = (day: string): string =>
  new Date(`${day}T00:00:00.000Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** "Complaint rate 0.4 % on 2 Dec (campaign c-42) is over the 0.3 % line". */
export const alertSentence = (alert: StatsAlert): string =>
  `${KIND_NAMES[alert.kind]} ${percent(alert.value)} on ${shortDay(alert.day)}${
    alert.campaignId === undefined ? '' : ` (campaign ${alert.campaignId})`
  } is over the ${line(alert.threshold)} line`;

/** The complaint-rate lines drawn on the chart, from the same table as the alerts. */
export const COMPLAINT_LINES = STATS_ALERT_RULES.complaint_rate.thresholds;

export const count = (value: number): string => value.toLocaleString('en');

const DAY_MS = 86_400_000;

/** Today (UTC) and the 29 days before it: the API's own default range. */
export const defaultRange = (now = new Date()): { from: string; to: string } => {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00.000Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
};
