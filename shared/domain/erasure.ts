import { createHash } from 'node:crypto';
import type { ErasedValue } from '#domain/activity';

/**
 * Erasure (GDPR Art. 17) that keeps the block (Art. 21): the clear text goes, the keyed hash stays. This module
 * holds the pure parts: what an erased value looks like in lists and exports, and an erasure's identity.
 */

/** Characters of the keyed hash shown for an erased value: enough to tell entries apart, far from the whole key. */
export const ERASED_HASH_PREFIX_LENGTH = 6;

/**
 * How lists and exports show a value whose clear text was erased: `[erased] 3q2-7w…`, the start of its keyed hash
 * (base64url), so two erased entries of one kind can be told apart without holding anything that identifies the
 * person (the hash is keyed: it cannot be reversed by trying addresses without the deployment's secret).
 */
export const erasedLabel = (valueHash: string): string =>
  `[erased] ${valueHash.slice(0, ERASED_HASH_PREFIX_LENGTH)}…`;

/** What an erasure was asked to reach: values (their keys, once parsed) or one contact. */
export type ErasureSubject = { readonly values: readonly ErasedValue[] } | { readonly contactId: string };

/**
 * An erasure's id, derived from what it reaches (the tenant and the sorted value keys, or the contact) rather
 * than drawn at random: a retry of the same erasure gets the same id, so it finds the first run's record and
 * writes no second audit event. It holds only hashes of hashes, no clear text.
 */
export const erasureIdOf = (tenantId: string, subject: ErasureSubject): string => {
  const what =
    'contactId' in subject
      ? `contact\u0000${subject.contactId}`
      : `values\u0000${[...new Set(subject.values.map((v) => `${v.kind}:${v.valueHash}`))].sort().join('\u0000')}`;
  return `er_${createHash('sha256').update(`${tenantId}\u0000${what}`).digest().subarray(0, 16).toString('base64url')}`;
};

/**
 * What the SES account-level suppression list does with an erased address: it stays there, because it is the
 * block SES itself applies; the receipt says so. (The list holds the bare address; AWS keeps it under its own
 * retention, and removing it would let SES send to the person again.)
 */
export const SES_ON_ERASURE = 'kept_suppressed' as const;
