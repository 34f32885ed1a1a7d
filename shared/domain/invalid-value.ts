import type { Kind } from '#domain/kinds';

/** Longest input considered at all: far above any real address or URL, low enough to bound the work per value. */
export const MAX_INPUT_LENGTH = 2048;

/**
 * Why one entered value could not be normalized. Returned per value, so a bulk import can report each bad line
 * instead of dropping it.
 */
export interface InvalidValueError {
  readonly code: 'invalid_value';
  /** The kind it was parsed as, or `unknown` when `parseAnyValue` could not tell. */
  readonly kind: Kind | 'unknown';
  /** The value as given; shortened when over `MAX_INPUT_LENGTH`, described when it was not a string. */
  readonly input: string;
  /** A short, lower-case explanation meant for people, e.g. `the domain is missing`. */
  readonly reason: string;
}

/** How much of the input {@link describeInvalidValue} quotes; long values are cut with `…`. */
const QUOTED_LENGTH = 80;

const KIND_NAMES: Readonly<Record<Kind | 'unknown', string>> = {
  email: 'email',
  domain: 'domain',
  phone: 'phone number',
  linkedin: 'LinkedIn profile URL',
  unknown: 'entry',
};

/** Cuts a text after `length` characters (code points), marking the cut with `…`. */
export const shorten = (text: string, length: number): string => {
  const chars = Array.from(text);
  return chars.length <= length ? text : `${chars.slice(0, length).join('')}…`;
};

/**
 * One line naming the value and the reason: `"jane@" is not a valid email: the domain is missing`. The value is
 * JSON-quoted, so control characters and quotes in it cannot break the line, and cut after 80 characters.
 */
export const describeInvalidValue = (error: InvalidValueError): string =>
  `${JSON.stringify(shorten(error.input, QUOTED_LENGTH))} is not a valid ${KIND_NAMES[error.kind]}: ${error.reason}`;
