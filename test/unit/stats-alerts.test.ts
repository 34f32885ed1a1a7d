import { describe, expect, it } from 'vitest';
import {
  STATS_ALERT_MINIMUM_SENDS,
  STATS_ALERT_RULES,
  sendingRatesOf,
  statsAlertsOf,
} from '#domain/stats-alerts';
import { COMPLAINT_RATE_PERCENT } from '../../infra/constructs/observability';

const day = '2026-03-01';
const alertsFor = (counts: {
  sends: number;
  bounces?: number;
  complaints?: number;
  unsubscribes?: number;
}) => {
  const full = { bounces: 0, complaints: 0, unsubscribes: 0, ...counts };
  return statsAlertsOf({ day }, full.sends, sendingRatesOf(full));
};

describe('sending rates', () => {
  it('are shares of sends, and null (not zero) without sends', () => {
    expect(sendingRatesOf({ sends: 200, bounces: 3, complaints: 1, unsubscribes: 0 })).toEqual({
      bounceRate: 0.015,
      complaintRate: 0.005,
      unsubscribeRate: 0,
    });
    expect(sendingRatesOf({ sends: 0, bounces: 2, complaints: 1, unsubscribes: 4 })).toEqual({
      bounceRate: null,
      complaintRate: null,
      unsubscribeRate: null,
    });
  });
});

describe('stats alerts', () => {
  it('fire above a threshold and not at it', () => {
    expect(alertsFor({ sends: 1000, complaints: 1 })).toEqual([]);
    expect(alertsFor({ sends: 1001, complaints: 2 })).toEqual([
      { kind: 'complaint_rate', level: 'warning', day, value: 2 / 1001, threshold: 0.001 },
    ]);
    expect(alertsFor({ sends: 100, unsubscribes: 2 })).toEqual([]);
    expect(alertsFor({ sends: 100, bounces: 5 })).toEqual([]);
    expect(alertsFor({ sends: 1000, bounces: 51, unsubscribes: 21 }).map((alert) => alert.kind)).toEqual([
      'unsubscribe_spike',
      'bounce_rate',
    ]);
  });

  it('show one alert per kind, at the higher level crossed', () => {
    expect(alertsFor({ sends: 1000, complaints: 3 })).toEqual([
      { kind: 'complaint_rate', level: 'warning', day, value: 0.003, threshold: 0.001 },
    ]);
    expect(alertsFor({ sends: 1000, complaints: 4 })).toEqual([
      { kind: 'complaint_rate', level: 'critical', day, value: 0.004, threshold: 0.003 },
    ]);
  });

  it('judge no day with fewer sends than the minimum', () => {
    expect(alertsFor({ sends: STATS_ALERT_MINIMUM_SENDS - 1, complaints: 50, bounces: 50 })).toEqual([]);
    expect(alertsFor({ sends: STATS_ALERT_MINIMUM_SENDS, bounces: 50 })).toHaveLength(1);
  });

  it('name the campaign when judging one', () => {
    const rates = sendingRatesOf({ sends: 100, bounces: 6, complaints: 0, unsubscribes: 0 });
    expect(statsAlertsOf({ day, campaignId: 'spring' }, 100, rates)).toEqual([
      { kind: 'bounce_rate', level: 'warning', day, campaignId: 'spring', value: 0.06, threshold: 0.05 },
    ]);
  });

  it("share the complaint lines with the monitoring stack's alarms", () => {
    expect(COMPLAINT_RATE_PERCENT).toEqual({ warning: 0.1, limit: 0.3 });
    expect(COMPLAINT_RATE_PERCENT.warning / 100).toBe(STATS_ALERT_RULES.complaint_rate.thresholds.warning);
    expect(COMPLAINT_RATE_PERCENT.limit / 100).toBe(STATS_ALERT_RULES.complaint_rate.thresholds.critical);
  });
});
