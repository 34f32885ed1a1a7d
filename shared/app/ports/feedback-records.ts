/** One transient bounce to mark and count (W6 + R8). */
export interface TransientBounce {
  readonly tenantId: string;
  readonly valueHash: string;
  /** When SES saw the bounce; the window is measured from here, not from when we processed it. */
  readonly at: string;
  readonly feedbackId: string;
  readonly windowSeconds: number;
}

/** A delivery to an address, which resets its transient-bounce count (W6b). */
export interface DeliveredAddress {
  readonly tenantId: string;
  readonly valueHash: string;
  /** When SES delivered; only marks of bounces before this instant are reset. */
  readonly at: string;
}

/**
 * The short-lived records SES feedback needs, each keyed by what it records so a replay finds its own earlier
 * write. `DynamoDbExpiringRecords` implements it.
 */
export interface FeedbackRecords {
  /**
   * Marks one transient bounce once (keyed by the bounce) and counts the marks in the window ending at it, leaving
   * out marks older than the address's latest reset.
   */
  recordTransientBounce(
    bounce: TransientBounce,
  ): Promise<{ readonly firstTime: boolean; readonly inWindow: number }>;
  /**
   * Resets the address's transient-bounce count as of a delivery, if it has a mark of an earlier bounce: true when
   * this call moved the reset forward, false when there was nothing to reset or a later delivery already had.
   */
  resetTransientBounces(delivery: DeliveredAddress): Promise<boolean>;
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
