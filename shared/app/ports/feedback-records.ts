/** One transient bounce to mark and count (W6 + R8). */
export interface TransientBounce {
  readonly tenantId: string;
  readonly valueHash: string;
  /** When SES saw the bounce; the window is measured from here, not from when we processed it. */
  readonly at: string;
  readonly feedbackId: string;
  readonly windowSeconds: number;
}

/**
 * The short-lived records SES feedback needs, each keyed by what it records so a replay finds its own earlier
 * write. `DynamoDbExpiringRecords` implements it.
 */
export interface FeedbackRecords {
  /** Marks one transient bounce once (keyed by the bounce) and counts the marks in the window ending at it. */
  recordTransientBounce(
    bounce: TransientBounce,
  ): Promise<{ readonly firstTime: boolean; readonly inWindow: number }>;
  /**
   * Adds to a tenant's counters for one day, and to that campaign's when one is named, exactly once per
   * idempotency key; false when already counted.
   */
  incrementDailyCounters(
    tenantId: string,
    day: string,
    counters: Readonly<Record<string, number>>,
    idempotency: { readonly scope: string; readonly key: string; readonly ttlSeconds: number },
    campaignId?: string,
  ): Promise<boolean>;
}
