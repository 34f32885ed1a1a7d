import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeCsvCell } from '#domain/csv-cell';

describe('spreadsheet-safe CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33612345678', "'+33612345678"],
    ['-2+3@example.com', "'-2+3@example.com"],
    ['@SUM(1+1)*cmd|" /C calc"!A0', '\'@SUM(1+1)*cmd|" /C calc"!A0'],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\n=1', "'\n=1"],
    ['＝1+1', "'＝1+1"],
    ['=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'],
    ['@example', "'@example"],
    ['@Example.com', "'@Example.com"],
    ['@example.com ', "'@example.com "],
    ['@example.com(1)', "'@example.com(1)"],
  ])('neutralizes %j', (cell, expected) => {
    expect(neutralizeCsvCell(cell)).toBe(expected);
  });

  it.each([
    ['@example.com'],
    ['@xn--bcher-kva.de'],
    ['@mail.sub-domain.example.co.uk'],
    ['jane@example.com'],
    ['linkedin.com/in/jane'],
    [''],
    ['{"note":"=1"}'],
    ['2026-01-01T00:00:00.000Z'],
  ])('keeps %j as it is', (cell) => {
    expect(neutralizeCsvCell(cell)).toBe(cell);
  });

  it('never lets a cell start with a formula character, except a plain domain entry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const cell = neutralizeCsvCell(text);
        const plainDomain = /^@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(cell);
        expect(plainDomain || !/^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/.test(cell)).toBe(true);
        // Only ever a prefix is added: the content stays recoverable.
        expect(cell === text || cell === `'${text}`).toBe(true);
      }),
    );
  });
});
