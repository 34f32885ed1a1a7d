import type { Category } from '#domain/category-policy';
import type { FilterReason } from '#domain/filter-reasons';
import type { Page, PageRequest } from './paging';

/** Counts of one run, as stored and as returned to the pipeline. */
export interface FilterSummary {
  readonly received: number;
  readonly eligible: number;
  readonly filtered: number;
  /** Filtered recipients per reason (a recipient with two reasons counts under both); absent reasons are 0. */
  readonly byReason: Readonly<Partial<Record<FilterReason, number>>>;
}

/** A recipient the run dropped entirely, with every reason. */
export interface FilteredRecipient {
  readonly contactId: string;
  readonly reasons: readonly FilterReason[];
}

/** What a run leaves behind for "Filtered contacts": no addresses, only contact ids and reasons. */
export interface FilterRunRecord {
  readonly tenantId: string;
  readonly runId: string;
  readonly campaignId: string;
  readonly createdAt: string;
  /**
   * The message category the run filtered for. Every run stores it; only reports stored before it was recorded
   * lack it, and they expire with their TTL.
   */
  readonly category?: Category;
  readonly summary: FilterSummary;
  readonly filtered: readonly FilteredRecipient[];
}

/** A run as its timelines list it: the report without its filtered list. */
export type FilterRunSummary = Omit<FilterRunRecord, 'filtered'>;

/** R10c's range: instants (`toISOString` form) the runs were created between, both included. */
export interface FilterRunRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * W9 / R10: run reports, kept for a while (TTL) and read back by run id; R10b / R10c: their summaries, newest
 * first, by campaign or for the whole tenant. Expired runs are never returned. `DynamoDbFilterRunRepository`.
 */
export interface FilterRunStore {
  saveFilterRun(report: FilterRunRecord, ttlSeconds: number): Promise<void>;
  getFilterRun(tenantId: string, runId: string): Promise<FilterRunRecord | undefined>;
  /** R10b: one campaign's runs, newest first. */
  listCampaignRunsNewestFirst(
    tenantId: string,
    campaignId: string,
    page: PageRequest,
  ): Promise<Page<FilterRunSummary>>;
  /** R10c: every campaign's runs, newest first, optionally created within a range. */
  listTenantRunsNewestFirst(
    tenantId: string,
    range: FilterRunRange,
    page: PageRequest,
  ): Promise<Page<FilterRunSummary>>;
}
