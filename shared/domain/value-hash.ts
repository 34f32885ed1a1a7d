import { createHmac } from 'node:crypto';
import type { Kind } from '#domain/kinds';

/** Computes the key of a normalized value. Kept as a function type so callers never see the secret. */
export type ValueHasher = (kind: Kind, normalizedValue: string) => string;

/**
 * Keys hold a keyed hash of the normalized value rather than the value, so that erasing a person's clear-text
 * data (GDPR) leaves their suppression working: the next lookup of the same address hashes to the same key.
 * HMAC rather than a plain hash, because e-mail addresses are guessable and a plain hash is reversible by
 * dictionary. 128 bits of HMAC-SHA256 keep keys short while collisions stay out of reach (2^64 values).
 */
export const createValueHasher = (secret: Uint8Array): ValueHasher => {
  if (secret.byteLength < 32) throw new Error('the value-hash key must be at least 32 bytes');
  return (kind, normalizedValue) =>
    createHmac('sha256', secret)
      .update(`${kind}\u0000${normalizedValue}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
};
