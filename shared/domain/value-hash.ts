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

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** By character code, the 6-bit value of a base64url character. */
const SEXTET = new Uint8Array(128);
for (let value = 0; value < BASE64URL.length; value++) SEXTET[BASE64URL.charCodeAt(value)] = value;

/**
 * The base64url of a digest's first 16 bytes, from the base64url of all 32: characters 0-20 encode bits 0-125 and
 * are the same in both; the 22nd holds the last 2 bits of byte 16 followed, in the longer one, by 4 bits of byte 17
 * (zeros in the shorter one). Cheaper than asking Node for the digest's bytes (a Buffer, and an output encoding it
 * looks up the slow way) and encoding 16 of them.
 */
const first16Bytes = (digest: string): string =>
  `${digest.slice(0, 21)}${BASE64URL[(SEXTET[digest.charCodeAt(21)] as number) & 0b110000]}`;

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
 * `crypto.hash` over buffers prepared once, taking its digests as strings: an `Hmac` object per value (even from a
 * `KeyObject`) cost about twice as much (3 µs against 1.6 µs), and the filter hashes some 20,000 values a run. A
 * message that might not fit the reused buffer (over 4 KB as UTF-8; normalized values never are) goes through
 * `createHmac` instead. The key is copied, so a caller reusing its buffer cannot change the hashes. The output is pinned by test/unit/value-hash.test.ts, and
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
    // The inner digest travels as a latin1 ('binary') string, one character a byte: no Buffer to allocate.
    outer.write(hash('sha256', inner.subarray(0, BLOCK_BYTES + length), 'binary'), BLOCK_BYTES, 'latin1');
    return first16Bytes(hash('sha256', outer, 'base64url'));
  };
};
