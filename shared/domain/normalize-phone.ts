// The `min` metadata (also the package default, named here so the choice is visible): 80 kB instead of 145 kB
// in every Lambda bundle, and `isValid()` then checks the length for the country rather than exact digit
// ranges. For a suppression list that is the right bias: numbering plans change after deploy, and refusing a
// real opt-out because the bundled ranges are stale is worse than storing a number nobody will ever dial.
// E.164 formatting is the same with either metadata set.
import {
  type CountryCode,
  isSupportedCountry,
  Metadata,
  ParseError,
  parsePhoneNumberWithError,
} from 'libphonenumber-js/min';
import type { InvalidValueError } from '#domain/invalid-value';
import type { NormalizedValue } from '#domain/kinds';
import { err, ok, type Result } from '#domain/result';

export type { CountryCode } from 'libphonenumber-js/min';

/** Options for {@link parsePhone}. */
export interface PhoneOptions {
  /** The country assumed for numbers written without `+` and a country calling code, e.g. `GB` for `020 7946 0958`. */
  readonly defaultCountry?: CountryCode;
}

const invalidPhone = (input: string, reason: string) =>
  err<InvalidValueError>({ code: 'invalid_value', kind: 'phone', input, reason });

// A number written `00 49 …`: the digits may be grouped, but the 00 comes first.
const DOUBLE_ZERO = /^00(?=[\s().\-/]*\d)/;
const FORMATTING = /[\s().\-/]/g;

const COUNTRY_NEEDED =
  'the number has no country code; write it with + and the country code (like +44 20 7946 0958), or set a default country';

const parseErrorReason = (code: string, text: string, defaultCountry: string | undefined): string => {
  switch (code) {
    case 'INVALID_COUNTRY':
      if (text.startsWith('+')) return 'the country calling code after + is unknown';
      if (DOUBLE_ZERO.test(text)) return 'the country calling code after 00 is unknown';
      if (defaultCountry !== undefined && !isSupportedCountry(defaultCountry)) {
        return `the default country ${JSON.stringify(defaultCountry)} is not a supported country code`;
      }
      return COUNTRY_NEEDED;
    case 'TOO_SHORT':
      return 'the number is too short';
    case 'TOO_LONG':
      return 'the number is too long';
    default:
      return 'this is not a phone number';
  }
};

/**
 * How a number starting with 00 is read, from the default country's international (IDD) prefix as
 * libphonenumber-js's metadata knows it:
 * - no default country: 00 is the international prefix ITU-T recommends and most of the world dials, so
 *   `0049 30 901820` is `+49 30 901820`;
 * - a default country whose IDD prefix matches the digits (DE, FR, GB: 00; BR: 00 + a carrier code): the
 *   library strips it itself;
 * - any other default country (US: 011, AU: 0011, JP: 010): the number is refused rather than read as a national
 *   number (JP would otherwise turn `0049 30 901820` into the valid-looking `+81004930901820`).
 *
 * @returns the text to parse, or the reason it is refused.
 */
const internationalDoubleZero = (text: string, country: CountryCode | undefined): Result<string, string> => {
  if (!DOUBLE_ZERO.test(text)) return ok(text);
  if (country === undefined) return ok(text.replace(DOUBLE_ZERO, '+'));
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  const idd = plan?.IDDPrefix();
  if (idd === undefined || new RegExp(`^(?:${idd})`).test(text.replace(FORMATTING, ''))) return ok(text);
  // The pattern itself is shown only when it is one plain prefix (011), not a pattern of carrier codes.
  const written = plan?.defaultIDDPrefix() ?? (/^\d+$/.test(idd) ? idd : undefined);
  return err(
    `00 is not the international prefix in ${country}, the default country${written === undefined ? '' : ` (it is ${written})`}; ` +
      `write the number with + instead of 00 (${text.replace(/^00[\s().\-/]*/, '+')})`,
  );
};

/**
 * Parses a phone number into E.164 (`+442079460958`). Never throws.
 *
 * - Accepts common formatting (spaces, dots, dashes, parentheses), a `tel:` prefix and an international `+`;
 *   numbers without a country code need `options.defaultCountry`, or are rejected with a reason that says so.
 * - A leading `00` is the international prefix when there is no default country or when it is the default
 *   country's own (`0049 30 901820` with DE or none → `+4930901820`); with a default country that dials abroad
 *   otherwise (US: 011) the number is refused, naming the country's prefix, rather than misread.
 * - The whole input must be the number (no "Call: ..." text around it).
 * - An extension (`x12`, `ext. 12`, `;ext=12`) is dropped: E.164 has none, and suppressing the whole line is
 *   the safe reading of an opt-out.
 * - Rejects numbers libphonenumber-js (min metadata) does not consider valid, which for most countries means
 *   a wrong length for the country.
 *
 * `display` is the trimmed input as entered.
 */
export const parsePhone = (
  input: string,
  options: PhoneOptions = {},
): Result<NormalizedValue, InvalidValueError> => {
  const display = input.trim();
  if (display === '') return invalidPhone(input, 'the value is empty');
  const text = display.replace(/^tel:/i, '').trim();
  const { defaultCountry } = options;
  // Checked first because the library looks the code up as an object key: `__proto__` from untyped config
  // makes it throw a TypeError rather than a ParseError.
  const country =
    defaultCountry !== undefined && isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  const number = internationalDoubleZero(text, country);
  if (!number.ok) return invalidPhone(input, number.error);
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(number.value, {
      extract: false,
      ...(country ? { defaultCountry: country } : {}),
    });
  } catch (error) {
    // Anything other than ParseError is a bug in the library or here, and should surface as one.
    if (!(error instanceof ParseError)) throw error;
    return invalidPhone(input, parseErrorReason(error.message, text, defaultCountry));
  }
  if (!parsed.isValid()) {
    // `country` is unset for invalid numbers, but the calling code is always known by now.
    return invalidPhone(input, `the number has the wrong length or digits for +${parsed.countryCallingCode}`);
  }
  return ok({ kind: 'phone', value: parsed.number, display });
};
