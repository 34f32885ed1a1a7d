import { type InvalidValueError, MAX_INPUT_LENGTH, shorten } from '#domain/invalid-value';
import type { Kind, NormalizedValue } from '#domain/kinds';
import { parseDomain } from '#domain/normalize-domain';
import { parseEmail } from '#domain/normalize-email';
import { parseLinkedin } from '#domain/normalize-linkedin';
import { type CountryCode, parsePhone } from '#domain/normalize-phone';
import { err, ok, type Result } from '#domain/result';

/** Options shared by {@link parseValue} and {@link parseAnyValue}. */
export interface NormalizeOptions {
  /** Country assumed for phone numbers written without a country code; without it they are rejected. */
  readonly defaultPhoneCountry?: CountryCode;
}

const invalid = (kind: Kind | 'unknown', input: string, reason: string) =>
  err<InvalidValueError>({ code: 'invalid_value', kind, input, reason });

/** Describes a non-string without calling its `toString`, which may throw or lie. */
const describeNonString = (input: unknown): { readonly input: string; readonly reason: string } => {
  if (input === null || input === undefined)
    return { input: String(input), reason: `expected text, got ${input}` };
  if (Array.isArray(input)) return { input: '[array]', reason: 'expected text, got an array' };
  const type = typeof input;
  if (type === 'object' || type === 'function')
    return { input: `[${type}]`, reason: `expected text, got an ${type}` };
  return { input: String(input), reason: `expected text, got a ${type}` };
};

/** The checks every kind shares: a string, and not absurdly long. Returns the string or the error. */
const guard = (kind: Kind | 'unknown', input: unknown): Result<string, InvalidValueError> => {
  if (typeof input !== 'string') {
    const described = describeNonString(input);
    return invalid(kind, described.input, described.reason);
  }
  if (input.length > MAX_INPUT_LENGTH) {
    return invalid(
      kind,
      shorten(input, 64),
      `the value is ${input.length} characters long; the limit is ${MAX_INPUT_LENGTH}`,
    );
  }
  return ok(input);
};

/**
 * Normalizes a value of a known kind: the entry point for anything arriving from outside (API bodies, links,
 * imports). Rejects non-strings and inputs over {@link MAX_INPUT_LENGTH} before parsing. Never throws.
 */
export const parseValue = (
  kind: Kind,
  input: unknown,
  options: NormalizeOptions = {},
): Result<NormalizedValue, InvalidValueError> => {
  const text = guard(kind, input);
  if (!text.ok) return text;
  switch (kind) {
    case 'email':
      return parseEmail(text.value);
    case 'domain':
      return parseDomain(text.value);
    case 'phone':
      return parsePhone(
        text.value,
        options.defaultPhoneCountry === undefined ? {} : { defaultCountry: options.defaultPhoneCountry },
      );
    case 'linkedin':
      return parseLinkedin(text.value);
    default:
      // Reachable from untyped callers only; `kind` is typed `never` here.
      return invalid('unknown', text.value, `${JSON.stringify(String(kind))} is not a kind of value`);
  }
};

// Digits and the punctuation people write numbers with, an optional `tel:` and an optional extension.
const PHONE_LIKE = /^(?:tel:)?\s*\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:(?:;ext=|\s*(?:ext\.?|x|#)\s*)\d+)?$/i;

/**
 * The kind a bulk-entered value looks like: a leading `@` is a domain, `linkedin.com/` a LinkedIn profile, any
 * other `@` an email, digits with phone punctuation a phone number.
 */
export const detectKind = (text: string): Kind | undefined => {
  if (text.startsWith('@')) return 'domain';
  if (text.toLowerCase().includes('linkedin.com/')) return 'linkedin';
  if (text.includes('@')) return 'email';
  if (PHONE_LIKE.test(text)) return 'phone';
  return undefined;
};

/**
 * Normalizes a value whose kind is not given, as in the admin console's bulk add: the kind comes from
 * {@link detectKind}, then the value is parsed as that kind. Bare domains (`example.com`) are not guessed:
 * domain entries are written `@example.com`. Never throws.
 */
export const parseAnyValue = (
  input: unknown,
  options: NormalizeOptions = {},
): Result<NormalizedValue, InvalidValueError> => {
  const text = guard('unknown', input);
  if (!text.ok) return text;
  const kind = detectKind(text.value.trim());
  if (kind === undefined) {
    return invalid('unknown', text.value, 'not an email, @domain, phone number or LinkedIn profile URL');
  }
  return parseValue(kind, text.value, options);
};
