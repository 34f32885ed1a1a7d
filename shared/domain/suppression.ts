import * as z from 'zod';
import { KINDS, type Kind } from '#domain/kinds';
import type { RecipientChoices } from '#domain/recipient-choices';
import { PERSON_CLAIM_LIMITS } from '#domain/roles';
import { type Scope, SOURCES, type Source, widestScope } from '#domain/sources';

/** What a source recorded about why it suppressed the value. Every field is optional: sources fill what they know. */
export const suppressionDetailSchema = z
  .object({
    note: z.string().max(1000).optional(),
    /** SES bounce type (Permanent, Transient, Undetermined) and subtype, diagnostic code and feedback id. */
    bounceType: z.string().max(64).optional(),
    bounceSubType: z.string().max(64).optional(),
    diagnosticCode: z.string().max(1000).optional(),
    feedbackId: z.string().max(256).optional(),
    /** ARF feedback type of a complaint (abuse, fraud, not-spam, ...). */
    complaintFeedbackType: z.string().max(64).optional(),
    /** Why a rule fired, e.g. "3 transient bounces within 7 days". */
    reason: z.string().max(500).optional(),
    /** Set when a contact-level do-not-contact suppressed this value. */
    doNotContact: z.boolean().optional(),
    /**
     * Set by an import job: the job and the chunk (its first line) that wrote this source, so a retried chunk
     * recognises its own earlier write and answers `added` again instead of `already_suppressed`.
     */
    importId: z.string().max(64).optional(),
    importChunk: z.number().int().min(1).optional(),
  })
  .strict();
export type SuppressionDetail = z.infer<typeof suppressionDetailSchema>;

/** One source's record on an entry: who or what suppressed the value, when, and the proof. */
export const sourceRecordSchema = z
  .object({
    at: z.iso.datetime(),
    addedBy: z.string().max(128).optional(),
    /** Who `addedBy` is, as their credential named them (PERSON_CLAIM_LIMITS): shown, never filtered on. */
    addedByName: z.string().max(PERSON_CLAIM_LIMITS.displayName).optional(),
    addedByEmail: z.string().max(PERSON_CLAIM_LIMITS.email).optional(),
    campaignId: z.string().max(256).optional(),
    contactId: z.string().max(128).optional(),
    detail: suppressionDetailSchema.optional(),
    ip: z.string().max(64).optional(),
    userAgent: z.string().max(512).optional(),
  })
  .strict();
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
