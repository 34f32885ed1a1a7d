/**
 * When sending statistics turn into an alert. One table: `GET /v1/stats` raises its alerts from it, the
 * monitoring stack's complaint-rate alarms take their lines from it (infra/constructs/observability.ts), and
 * docs/admin-api.md quotes it (a test holds the page to it).
 */

export const STATS_ALERT_KINDS = ['complaint_rate', 'unsubscribe_spike', 'bounce_rate'] as const;
export type StatsAlertKind = (typeof STATS_ALERT_KINDS)[number];

/** `warning`: look into it; `critical`: stop sending until it is understood. */
export const ALERT_LEVELS = ['warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Rates against the day's sends (a fraction: 0.001 is 0.1 %); null when nothing was sent. */
export interface SendingRates {
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
  readonly unsubscribeRate: number | null;
}

export interface StatsAlertRule {
  /** The rate the alert watches. */
  readonly rate: keyof SendingRates;
  /** The thresholds per level, as fractions of sends: the alert fires when the rate is above one. */
  readonly thresholds: Readonly<Partial<Record<AlertLevel, number>>>;
  /** Whose line it is, for the docs. */
  readonly why: string;
}

/**
 * Per alert kind. Complaints: Gmail's lines for bulk senders (keep below 0.1 %, never reach 0.3 %).
 * Unsubscribes: more than 2 % of a day's sends leaving (help-center advice: above 2-3 % of sends, review the
 * messaging). Bounces: SES puts an account under review when its bounce rate reaches 5 %.
 */
export const STATS_ALERT_RULES = {
  complaint_rate: {
    rate: 'complaintRate',
    thresholds: { warning: 0.001, critical: 0.003 },
    why: "Gmail's warning line and limit for spam complaints",
  },
  unsubscribe_spike: {
    rate: 'unsubscribeRate',
    thresholds: { warning: 0.02 },
    why: 'recipients leaving faster than messaging and targeting that work allow',
  },
  bounce_rate: {
    rate: 'bounceRate',
    thresholds: { warning: 0.05 },
    why: 'the bounce rate at which SES reviews the sending account',
  },
} as const satisfies Readonly<Record<StatsAlertKind, StatsAlertRule>>;

/**
 * A day (of the tenant, or of one campaign) with fewer sends is not judged: one complaint in twenty sends is
 * 5 %, and says nothing about a list.
 */
export const STATS_ALERT_MINIMUM_SENDS = 100;

/** What statistics count for a day or a campaign, from which the rates follow. */
export interface SendingCounts {
  readonly sends: number;
  readonly bounces: number;
  readonly complaints: number;
  readonly unsubscribes: number;
}

/** Bounces, complaints and unsubscribes per send; null when there were no sends (no rate, rather than 0). */
export const sendingRatesOf = (counts: SendingCounts): SendingRates => {
  const per = (count: number) => (counts.sends === 0 ? null : count / counts.sends);
  return {
    bounceRate: per(counts.bounces),
    complaintRate: per(counts.complaints),
    unsubscribeRate: per(counts.unsubscribes),
  };
};

/** An alert as the statistics show it: the rate that crossed a line, on which day, for the tenant or a campaign. */
export interface StatsAlert {
  readonly kind: StatsAlertKind;
  readonly level: AlertLevel;
  readonly day: string;
  /** Absent for the tenant's whole day. */
  readonly campaignId?: string;
  /** The rate, a fraction of sends. */
  readonly value: number;
  /** The line it crossed (its level's threshold). */
  readonly threshold: number;
}

/**
 * The alerts of one day, one per kind at the highest level whose threshold the rate is above (strictly, as the
 * CloudWatch alarms compare), none below {@link STATS_ALERT_MINIMUM_SENDS} sends.
 */
export const statsAlertsOf = (
  where: { readonly day: string; readonly campaignId?: string },
  sends: number,
  rates: SendingRates,
): StatsAlert[] => {
  if (sends < STATS_ALERT_MINIMUM_SENDS) return [];
  return STATS_ALERT_KINDS.flatMap((kind) => {
    const rule: StatsAlertRule = STATS_ALERT_RULES[kind];
    const value = rates[rule.rate];
    if (value === null) return [];
    const level = [...ALERT_LEVELS]
      .reverse()
      .find((candidate) => value > (rule.thresholds[candidate] ?? Number.POSITIVE_INFINITY));
    if (level === undefined) return [];
    const threshold = rule.thresholds[level] as number;
    return [{ kind, level, ...where, value, threshold }];
  });
};
