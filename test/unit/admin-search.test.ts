import { describe, expect, it } from 'vitest';
import { searchPrefixes } from '#domain/search-prefixes';

describe('search text', () => {
  it.each([
    ['Jane', ['jane', '@jane', '@*.jane']],
    ['  ACME.co ', ['acme.co', '@acme.co', '@*.acme.co']],
    ['@*.acme', ['@*.acme']],
    ['@acme', ['@acme']],
    ['jane@acme', ['jane@acme']],
    ['+33 6 12', ['+33 6 12', '+33612']],
    ['0044 20', ['0044 20', '+4420']],
    ['415', ['415', '@415', '@*.415', '+415']],
    ['https://www.linkedin.com/in/Jane', ['https://www.linkedin.com/in/jane', 'linkedin.com/in/jane']],
    ['linkedin.com/in/jane', ['linkedin.com/in/jane']],
    ['   ', []],
  ])('%j matches prefixes %j', (text, prefixes) => {
    expect(searchPrefixes(text)).toEqual(prefixes);
  });
});
