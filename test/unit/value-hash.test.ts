import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '#domain/kinds';
import { createValueHasher } from '#domain/value-hash';

/*
 * Every suppression key in every table is one of these hashes: if the output ever changed, every stored entry
 * would stop matching its value and suppressed people would be mailed again. The vectors were computed by the
 * first implementation and checked independently (Python's hmac: HMAC-SHA256 over `kind NUL value`, first 16
 * bytes, base64url without padding); an optimisation must keep them bit for bit.
 */
const COUNTING_KEY = new Uint8Array(32).map((_, i) => i);
const TEXT_KEY = Buffer.from('quietlist-value-hash-test-key-0123456789abcdef', 'utf8');

describe('value hashes', () => {
  it.each([
    ['email', 'jane.doe@example.com', 'DWo59K79YlRu--85pcgqhA', 'qSmYJf9urcpoimnzxqAtLw'],
    ['domain', '@example.com', 'YrTjxiBf9ugHlP9Ft5Yy1A', 'Uzt2rSjIOOYa0vt2JAbcTg'],
    ['phone', '+12025550111', 'TaVDLCAaYnZVLOF9ZSK4iw', 'nDnPi7CI9oqPCMKdITx-XA'],
    ['linkedin', 'linkedin.com/in/jane-doe', 'iPHm0tEWCKB6ICO3rcIKWQ', 'FhkJc4xkyySymwFGWh_5Eg'],
    ['email', 'zoë@exämple.com', 'Dwy0fs_olp5gF_Yg4H15ag', 'QzQR9Pw2jj1thstGjpT6jg'],
  ] as const)('hash %s %s to the pinned keys', (kind, value, withCountingKey, withTextKey) => {
    expect(createValueHasher(COUNTING_KEY)(kind, value)).toBe(withCountingKey);
    expect(createValueHasher(TEXT_KEY)(kind, value)).toBe(withTextKey);
  });

  it('keeps hashing with the key it was given when the caller later reuses the buffer', () => {
    const secret = new Uint8Array(COUNTING_KEY);
    const hashValue = createValueHasher(secret);
    secret.fill(0);
    expect(hashValue('email', 'jane.doe@example.com')).toBe('DWo59K79YlRu--85pcgqhA');
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => createValueHasher(new Uint8Array(31))).toThrow('at least 32 bytes');
  });

  it('equals createHmac over any key of 32 bytes or more and any value, long and lone surrogates included', () => {
    /** The first implementation: an Hmac object per value. */
    const reference = (secret: Uint8Array, kind: string, value: string) =>
      createHmac('sha256', secret)
        .update(`${kind}\u0000${value}`)
        .digest()
        .subarray(0, 16)
        .toString('base64url');
    const utf16 = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      maxLength: 40,
    });
    // Around the reused buffer's edge: 1,365 UTF-16 units always fit, longer ones take the other path.
    const long = fc
      .tuple(fc.integer({ min: 1300, max: 1500 }), fc.constantFrom('a', 'é', '€', '😀'))
      .map(([length, char]) => char.repeat(Math.ceil(length / char.length)));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 200 }),
        fc.constantFrom(...KINDS),
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), utf16, long),
        (secret, kind, value) => {
          expect(createValueHasher(secret)(kind, value)).toBe(reference(secret, kind, value));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
