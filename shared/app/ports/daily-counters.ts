import type { DailyCounter } from '#domain/ses-feedback-policy';

/** One day's SES counters (sends, deliveries, bounces, complaints), zero where nothing was counted. */
export type DailyCounts = Readonly<Record<DailyCounter, number>>;

/** A tenant's counters for one day (R9). */
export interface DayCounts {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly counts: DailyCounts;
}

/** One campaign's counters for one day (R9b). */
export interface CampaignDayCounts extends DayCounts {
  readonly campaignId: string;
}

/**
 * The daily counters SES feedback keeps (W8), read back for statistics. Only days (and campaigns) with at least
 * one counted event come back; callers fill the gaps with zeros. `DynamoDbExpiringRecords` implements it.
 */
export interface DailyCounterReader {
  /** R9: a tenant's counters per day between two days (`YYYY-MM-DD`, both included), oldest first. */
  listTenantDailyCounts(tenantId: string, fromDay: string, toDay: string): Promise<DayCounts[]>;
  /**
   * R9b: the tenant's counters per day and campaign between two days, oldest first; one campaign only when
   * `campaignId` is given.
   */
  listCampaignDailyCounts(
    tenantId: string,
    fromDay: string,
    toDay: string,
    campaignId?: string,
  ): Promise<CampaignDayCounts[]>;
}
