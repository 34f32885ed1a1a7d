import type { FilterReason } from '#domain/filter-reasons';

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
  readonly summary: FilterSummary;
  readonly filtered: readonly FilteredRecipient[];
}

/** W9 / R10: run reports, kept for a while (TTL) and read back by run id. `DynamoDbFilterRunRepository`. */
export interface FilterRunStore {
  saveFilterRun(report: FilterRunRecord, ttlSeconds: number): Promise<void>;
  getFilterRun(tenantId: string, runId: string): Promise<FilterRunRecord | undefined>;
}
