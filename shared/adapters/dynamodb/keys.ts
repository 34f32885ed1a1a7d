/**
 * Every key string of the single table is built here and nowhere else. docs/data-model.md lists the entities
 * and access patterns these keys serve; the comment on each builder names its pattern.
 *
 * Separator `#` never appears inside a component: tenant ids, kinds, sources and hashes exclude it, and
 * free-form ids (contact, campaign, run) are percent-encoded before they enter a key.
 */
import type { Kind } from '#domain/kinds';

const enc = (id: string): string => encodeURIComponent(id);

/** Entry and its per-value history share a partition: `SUP#<tenant>#<kind>#<hash>`. */
export const suppressionPk = (tenantId: string, kind: Kind, valueHash: string): string =>
  `SUP#${tenantId}#${kind}#${valueHash}`;
export const SUPPRESSION_SK = 'ENTRY';

/** Activity events sort by time, then id, so a partition reads newest first with ScanIndexForward=false. */
export const activitySk = (at: string, eventId: string): string => `ACT#${at}#${eventId}`;
export const ACTIVITY_SK_PREFIX = 'ACT#';
/** Events that concern no single value (a contact-level action) live in the contact's own partition. */
export const contactPk = (tenantId: string, contactId: string): string => `CON#${tenantId}#${enc(contactId)}`;
export const DO_NOT_CONTACT_SK = 'DNC';

/** GSI1 partitions: one timeline per tenant and entity type (AP3, AP6, AP9). */
export const tenantSuppressionsTimeline = (tenantId: string): string => `T#${tenantId}#SUP`;
export const tenantActivityTimeline = (tenantId: string): string => `T#${tenantId}#ACT`;
export const campaignRunsTimeline = (tenantId: string, campaignId: string): string =>
  `T#${tenantId}#RUNS#${enc(campaignId)}`;
/** GSI1/GSI2 sort keys: ISO-8601 time first so BETWEEN selects a date range, then a tiebreaker for stability. */
export const timelineSk = (at: string, tiebreaker: string): string => `${at}#${tiebreaker}`;

/** GSI2 partition: a contact's activity across all of its values (AP5). */
export const contactTimeline = (tenantId: string, contactId: string): string =>
  `C#${tenantId}#${enc(contactId)}`;

/** Transient bounces of one address, one item per bounce, expiring after the counting window (AP7). */
export const transientBouncePk = (tenantId: string, valueHash: string): string =>
  `BNC#${tenantId}#${valueHash}`;
export const transientBounceSk = (at: string, feedbackId: string): string => `${at}#${enc(feedbackId)}`;
/**
 * The address's latest delivery that followed a mark (W6b), beside its marks: `R` sorts after every mark (they
 * start with an instant's digits), so a range of marks ending at an instant never includes it, and one range from
 * the window's start to the end of the partition reads the marks and the reset together (R8).
 */
export const TRANSIENT_BOUNCE_RESET_SK = 'RESET';

/** Filter run report: a summary item and the filtered list in chunks under one partition (AP8). */
export const filterRunPk = (tenantId: string, runId: string): string => `RUN#${tenantId}#${enc(runId)}`;
export const FILTER_RUN_SUMMARY_SK = 'SUMMARY';
export const filterRunChunkSk = (index: number): string => `FILTERED#${String(index).padStart(5, '0')}`;
export const FILTER_RUN_CHUNK_PREFIX = 'FILTERED#';

/** Idempotency records (AP10): claimed once with a condition, forgotten by TTL. */
export const idempotencyPk = (scope: string, key: string): string => `IDEM#${scope}#${enc(key)}`;
export const IDEMPOTENCY_SK = 'IDEM';

/** Per-tenant daily counters (AP11). */
export const dailyStatsPk = (tenantId: string): string => `STAT#${tenantId}`;
export const dailyStatsSk = (day: string): string => `DAY#${day}`;

/**
 * Per-campaign daily counters (R9b): one partition per tenant beside its daily counters, one item per day and
 * campaign, day first so a date range of every campaign is one key condition. A tenant id holds no `#`, so this
 * partition never meets another tenant's `STAT#<tenant>`.
 */
export const campaignDailyStatsPk = (tenantId: string): string => `STAT#${tenantId}#CAMPAIGNS`;
export const campaignDailyStatsSk = (day: string, campaignId: string): string =>
  `DAY#${day}#${enc(campaignId)}`;
/** The sort-key bounds of R9b for a day range, both days included, every campaign. */
export const campaignDailyStatsRange = (fromDay: string, toDay: string) => ({
  from: `DAY#${fromDay}#`,
  to: `DAY#${toDay}#\uffff`,
});

/** Tenant settings: what pages show, how parsers and feedback read, a version for changes (AP12). */
export const tenantSettingsPk = (tenantId: string): string => `TEN#${tenantId}`;
export const TENANT_SETTINGS_SK = 'SETTINGS';

/**
 * GSI2 partition of a tenant's filter run summaries, all campaigns, by creation time (R10c). GSI2's other
 * partitions are contact timelines (`C#…`), so the two never meet.
 */
export const tenantRunsTimeline = (tenantId: string): string => `T#${tenantId}#RUN`;

/** An SMS number's claim (issue 14): which workspace owns replies to it. One item per E.164 number. */
export const smsNumberPk = (e164: string): string => `SMSNUM#${e164}`;
export const SMS_NUMBER_SK = 'CLAIM';
/**
 * Import jobs (RJ1–RJ4): a job's status item and its finished chunks share one partition, so the job's progress
 * (the sum of its chunks) is one Query; the chunks sort by their first line, so they read in line order.
 */
export const importJobPk = (tenantId: string, importId: string): string => `JOB#${tenantId}#${enc(importId)}`;
export const IMPORT_JOB_SK = 'STATUS';
export const IMPORT_CHUNK_PREFIX = 'CHUNK#';
export const importChunkSk = (firstLine: number): string => `CHUNK#${String(firstLine).padStart(10, '0')}`;
/** GSI1 partition of a tenant's import jobs, newest first (RJ2); never meets `T#<tenant>#SUP`/`#ACT`/`#RUNS#…`. */
export const tenantImportsTimeline = (tenantId: string): string => `T#${tenantId}#JOBS`;
/** GSI1 partition of a tenant's filter jobs (same items as imports, another timeline, so neither list shows the other). */
export const tenantFilterJobsTimeline = (tenantId: string): string => `T#${tenantId}#FJOBS`;
/**
 * An erasure's record (W14): when its first run started, so that every run of the same erasure writes its one
 * audit event under the same instant and id (the event's sort key holds both). Holds no clear value.
 */
export const erasurePk = (tenantId: string, erasureId: string): string => `ERA#${tenantId}#${erasureId}`;
export const ERASURE_SK = 'ERASURE';
