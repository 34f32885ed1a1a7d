import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorBinding, decodeCursor, encodeCursor } from '#domain/cursor';
import { InvalidInputError } from '#domain/errors';

const key = new Uint8Array(32).fill(3);
const otherKey = new Uint8Array(32).fill(4);
const binding = cursorBinding('acme', 'suppressions', ['2026-01-01', null, ['link'], null, null, null]);
const position = fc.dictionary(
  fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  { minKeys: 1 },
);

const rejects = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof InvalidInputError && error.code === 'invalid_cursor';
  }
  return false;
};

describe('pagination cursors', () => {
  it('give back the position they were made with', () => {
    fc.assert(
      fc.property(position, (start) => {
        expect(decodeCursor(key, binding, encodeCursor(key, binding, start))).toEqual(start);
      }),
    );
  });

  it('refuse any single-character change', () => {
    fc.assert(
      fc.property(position, fc.nat(), fc.constantFrom(...'AZaz09-_.=/+'), (start, at, replacement) => {
        const cursor = encodeCursor(key, binding, start);
        const index = at % cursor.length;
        fc.pre(cursor[index] !== replacement);
        const changed = `${cursor.slice(0, index)}${replacement}${cursor.slice(index + 1)}`;
        expect(rejects(() => decodeCursor(key, binding, changed))).toBe(true);
      }),
    );
  });

  it('refuse truncation and extension', () => {
    fc.assert(
      fc.property(position, fc.integer({ min: 1, max: 20 }), (start, cut) => {
        const cursor = encodeCursor(key, binding, start);
        expect(rejects(() => decodeCursor(key, binding, cursor.slice(0, -cut)))).toBe(true);
        expect(rejects(() => decodeCursor(key, binding, `${cursor}A`))).toBe(true);
      }),
    );
  });

  it('are bound to their tenant, list and filter, and to the key', () => {
    const cursor = encodeCursor(key, binding, { pk: 'SUP#acme#email#x', sk: 'ENTRY' });
    for (const other of [
      cursorBinding('other', 'suppressions', ['2026-01-01', null, ['link'], null, null, null]),
      cursorBinding('acme', 'contact-activity', ['2026-01-01', null, ['link'], null, null, null]),
      cursorBinding('acme', 'suppressions', ['2026-01-01', null, ['link', 'bounce'], null, null, null]),
    ]) {
      expect(rejects(() => decodeCursor(key, other, cursor))).toBe(true);
    }
    expect(rejects(() => decodeCursor(otherKey, binding, cursor))).toBe(true);
  });

  it('refuse garbage of any shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expect(rejects(() => decodeCursor(key, binding, text))).toBe(true);
      }),
    );
    // Validly signed, but not a position: still refused.
    const payload = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const value of [[], {}, { pk: 1 }, 'text', null]) {
      const forged = encodeCursor(key, binding, {}).replace(/^[^.]*/, payload(value));
      expect(rejects(() => decodeCursor(key, binding, forged))).toBe(true);
    }
  });
});
