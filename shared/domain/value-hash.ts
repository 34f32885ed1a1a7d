import { createHmac, hash } from 'node:crypto';
import type { Kind } from '#domain/kinds';

/** Computes the key of a normalized value. Kept as a function type so callers never see the secret. */
export type ValueHasher = (kind: Kind, normalizedValue: string) => string;

/** SHA-256's block size, in bytes: HMAC pads (or first hashes) its key to it. */
const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;
/** Bytes of the hash kept in a key: 128 bits. */
const KEPT_BYTES = 16;
/** Room for the message in the reused buffer; a longer message takes `createHmac` (values are normalized, short). */
const MESSAGE_ROOM = 4096;

/** The key XORed with HMAC's inner or outer pad byte (RFC 2104), one block long. */
const paddedKey = (key: Buffer, pad: number): Buffer => {
  const block = Buffer.alloc(BLOCK_BYTES, pad);
  for (let index = 0; index < key.length; index++) block[index] = (key[index] as number) ^ pad;
  return block;
};

/**
 * Keys hold a keyed hash of the normalized value rather than the value, so that erasing a person's clear-text
 * data (GDPR) leaves their suppression working: the next lookup of the same address hashes to the same key.
 * HMAC rather than a plain hash, because e-mail addresses are guessable and a plain hash is reversible by
 * dictionary. 128 bits of HMAC-SHA256 keep keys short while collisions stay out of reach (2^64 values).
 *
 * HMAC-SHA256 is computed as RFC 2104 defines it, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), with Node's one-shot
 * `crypto.hash` over buffers prepared once: an `Hmac` object per value (even from a `KeyObject`) cost about a
 * quarter more, and the filter hashes some 20,000 values a run. A message that might not fit the reused buffer
 * (over 4 KB as UTF-8; normalized values never are) goes through `createHmac` instead. The key is copied, so a
 * caller reusing its buffer cannot change the hashes. The output is pinned by test/unit/value-hash.test.ts, and
 * the construction compared with `createHmac` over generated keys and values: stored keys depend on it.
 */
export const createValueHasher = (secret: Uint8Array): ValueHasher => {
  if (secret.byteLength < 32) throw new Error('the value-hash key must be at least 32 bytes');
  // RFC 2104: a key longer than the block is replaced by its hash.
  const key = secret.byteLength > BLOCK_BYTES ? hash('sha256', secret, 'buffer') : Buffer.from(secret);
  // inner: K ⊕ ipad, then the message; outer: K ⊕ opad, then the inner digest. Both reused for every value:
  // hashing is synchronous, and nothing is kept of them between calls.
  const inner = Buffer.alloc(BLOCK_BYTES + MESSAGE_ROOM);
  paddedKey(key, 0x36).copy(inner, 0);
  const outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES);
  paddedKey(key, 0x5c).copy(outer, 0);
  const slowKey = Buffer.from(key);
  return (kind, normalizedValue) => {
    const message = `${kind}\u0000${normalizedValue}`;
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
    if (message.length * 3 > MESSAGE_ROOM) {
      return createHmac('sha256', slowKey).update(message).digest().toString('base64url', 0, KEPT_BYTES);
    }
    const length = inner.write(message, BLOCK_BYTES, 'utf8');
    outer.set(hash('sha256', inner.subarray(0, BLOCK_BYTES + length), 'buffer'), BLOCK_BYTES);
    return hash('sha256', outer, 'buffer').toString('base64url', 0, KEPT_BYTES);
  };
};
