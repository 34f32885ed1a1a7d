import { createHmac, createSecretKey } from 'node:crypto';
import type { Kind } from '#domain/kinds';

/** Computes the key of a normalized value. Kept as a function type so callers never see the secret. */
export type ValueHasher = (kind: Kind, normalizedValue: string) => string;

/**
 * Keys hold a keyed hash of the normalized value rather than the value, so that erasing a person's clear-text
 * data (GDPR) leaves their suppression working: the next lookup of the same address hashes to the same key.
 * HMAC rather than a plain hash, because e-mail addresses are guessable and a plain hash is reversible by
 * dictionary. 128 bits of HMAC-SHA256 keep keys short while collisions stay out of reach (2^64 values).
 *
 * The key is imported once as a `KeyObject`: `createHmac` with raw bytes imports them again on every call, which
 * cost 9 µs a hash against 2 µs (the filter hashes tens of thousands of values a run). It also copies the key,
 * so a caller reusing its buffer cannot change the hashes. The output is pinned by test/unit/value-hash.test.ts:
 * stored keys depend on it.
 */
export const createValueHasher = (secret: Uint8Array): ValueHasher => {
  if (secret.byteLength < 32) throw new Error('the value-hash key must be at least 32 bytes');
  const key = createSecretKey(secret);
  return (kind, normalizedValue) =>
    createHmac('sha256', key)
      .update(`${kind}\u0000${normalizedValue}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
};
