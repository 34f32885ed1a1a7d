import { describe, expect, it } from 'vitest';
import { maskValue } from '#domain/mask';

describe('masking values', () => {
  it('keeps the first letter and the domain of an address', () => {
    expect(maskValue('email', 'jane.doe+news@example.com')).toBe('j***@example.com');
  });
  it('keeps a non-ASCII first letter whole', () => {
    expect(maskValue('email', 'ørjan@example.no')).toBe('ø***@example.no');
  });
  it('shows domains as they are: they are no person', () => {
    expect(maskValue('domain', '@example.com')).toBe('@example.com');
  });
  it('keeps the country code and last two digits of a phone', () => {
    expect(maskValue('phone', '+33612345678')).toBe('+33*******78');
  });
  it('keeps the first letter of a LinkedIn slug', () => {
    expect(maskValue('linkedin', 'linkedin.com/in/jane-doe')).toBe('linkedin.com/in/j***');
  });
});
