import { KINDS, type Kind } from '#domain/kinds';
import type { RecipientChoices } from '#domain/recipient-choices';
import { PERSON_CLAIM_LIMITS } from '#domain/roles';
import { type Scope, SOURCES, type Source, widestScope } from '#domain/sources';
import * as z from '#domain/zod';

/** What a source recorded about why it suppressed the value. Every field is optional: sources fill what they know. */
export const suppressionDetailSchema = z.strictObject({
  note: z.optional(z.string().check(z.maxLength(1000))),
  /** SES bounce type (Permanent, Transient, Undetermined) and subtype, diagnostic code and feedback id. */
  bounceType: z.optional(z.string().check(z.maxLength(64))),
  bounceSubType: z.optional(z.string().check(z.maxLength(64))),
  diagnosticCode: z.optional(z.string().check(z.maxLength(1000))),
  feedbackId: z.optional(z.string().check(z.maxLength(256))),
  /** ARF feedback type of a complaint (abuse, fraud, not-spam, ...). */
  complaintFeedbackType: z.optional(z.string().check(z.maxLength(64))),
  /** Why a rule fired, e.g. "3 transient bounces within 7 days". */
  reason: z.optional(z.string().check(z.maxLength(500))),
  /** Set when a contact-level do-not-contact suppressed this value. */
  doNotContact: z.optional(z.boolean()),
  /**
   * Set by an import job: the job and the chunk (its first line) that wrote this source, so a retried chunk
   * recognises its own earlier write and answers `added` again instead of `already_suppressed`.
   */
  importId: z.optional(z.string().check(z.maxLength(64))),
  importChunk: z.optional(z.number().check(z.int(), z.minimum(1))),
});
export type SuppressionDetail = z.infer<typeof suppressionDetailSchema>;

/** One source's record on an entry: who or what suppressed the value, when, and the proof. */
export const sourceRecordSchema = z.strictObject({
  at: z.iso.datetime(),
  addedBy: z.optional(z.string().check(z.maxLength(128))),
  /** Who `addedBy` is, as their credential named them (PERSON_CLAIM_LIMITS): shown, never filtered on. */
  addedByName: z.optional(z.string().check(z.maxLength(PERSON_CLAIM_LIMITS.displayName))),
  addedByEmail: z.optional(z.string().check(z.maxLength(PERSON_CLAIM_LIMITS.email))),
  campaignId: z.optional(z.string().check(z.maxLength(256))),
  contactId: z.optional(z.string().check(z.maxLength(128))),
  detail: z.optional(suppressionDetailSchema),
  ip: z.optional(z.string().check(z.maxLength(64))),
  userAgent: z.optional(z.string().check(z.maxLength(512))),
});
export type SourceRecord = z.infer<typeof sourceRecordSchema>;

/**
 * A suppression entry: one (tenant, kind, normalized value), held by one or more sources. Keeping every source
 * (instead of the latest) is what makes restore rules sound: an admin lifting their own entry must not lift the
 * recipient's unsubscribe or the bounce that arrived meanwhile.
 */
export interface SuppressionEntry {
  readonly tenantId: string;
  readonly kind: Kind;
  readonly valueHash: string;
  /** Normalized clear text; absent once the value was erased (the hash keeps the suppression working). */
  readonly value?: string;
  /** The value as first entered, for display; erased along with `value`. */
  readonly display?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sources: Readonly<Partial<Record<Source, SourceRecord>>>;
  /** Optimistic-concurrency counter, bumped by every change (a recipient's choices included). */
  readonly version: number;
  /** What the recipient chose on the preference page for this value, when anything (same item). */
  readonly choices?: RecipientChoices;
}

export const entrySources = (entry: Pick<SuppressionEntry, 'sources'>): Source[] =>
  SOURCES.filter((source) => entry.sources[source] !== undefined);

export const entryScope = (entry: Pick<SuppressionEntry, 'sources'>): Scope =>
  widestScope(entrySources(entry));

/** The key that identifies an entry: everything a lookup needs and nothing that is clear text. */
export interface SuppressionKey {
  readonly tenantId: string;
  readonly kind: Kind;
  readonly valueHash: string;
}

export const kindSchema = z.enum(KINDS);
export const sourceSchema = z.enum(SOURCES);
