import type { Kind } from '#domain/kinds';

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
