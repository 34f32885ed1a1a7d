import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTagValue, encodeTagValue, TAG_VALUE } from '#domain/ses-tags';

/** Ids of every shape: plain, punctuated, unicode (astral planes included), and lookalikes of encoded values. */
const ids = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
  fc.stringMatching(/^__[A-Za-z0-9_-]{0,60}$/),
  fc.constantFrom('jane@example.com', 'spring sale / 2024', '__', '_', '-', 'c#1', 'ünïcødé'),
);

describe('SES tag value encoding', () => {
  it('round-trips every id', () => {
    fc.assert(
      fc.property(ids, (id) => {
        expect(decodeTagValue(encodeTagValue(id))).toEqual({ ok: true, value: id });
      }),
      { numRuns: 2000 },
    );
  });

  it('produces only values SES accepts (A-Z a-z 0-9 _ -, at most 256 characters)', () => {
    fc.assert(
      fc.property(ids, (id) => {
        expect(encodeTagValue(id)).toMatch(TAG_VALUE);
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives two ids the same value', () => {
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        fc.pre(a !== b);
        expect(encodeTagValue(a)).not.toBe(encodeTagValue(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes a value to at most one id, and only the value that id encodes to', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/), (value) => {
        const decoded = decodeTagValue(value);
        if (decoded.ok) expect(encodeTagValue(decoded.value)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves ids already in the alphabet readable', () => {
    expect(encodeTagValue('acme-eu_1')).toBe('acme-eu_1');
    expect(encodeTagValue('jane@example.com')).toBe('__amFuZUBleGFtcGxlLmNvbQ');
    expect(encodeTagValue('__looks_encoded')).toMatch(/^__/);
    expect(encodeTagValue('__looks_encoded')).not.toBe('__looks_encoded');
  });

  it('refuses what it cannot carry and says why', () => {
    expect(() => encodeTagValue('')).toThrow(/empty/);
    expect(() => encodeTagValue('\ud800')).toThrow(/surrogate/);
    expect(() => encodeTagValue('é'.repeat(200))).toThrow(/at most 256/);
    expect(decodeTagValue('a b')).toMatchObject({ ok: false });
    expect(decodeTagValue('__YQ')).toEqual({
      ok: false,
      error: 'the id is encoded although it needs no encoding',
    });
    expect(decodeTagValue('__YR')).toMatchObject({ ok: false, error: expect.stringMatching(/canonical/) });
    expect(decodeTagValue('__gA')).toEqual({ ok: false, error: 'the encoded part is not UTF-8 text' });
  });
});
