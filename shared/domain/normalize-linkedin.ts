import type { InvalidValueError } from '#domain/invalid-value';
import type { NormalizedValue } from '#domain/kinds';
import { err, ok, type Result } from '#domain/result';

/** LinkedIn's documented limit for a custom profile URL. */
const MAX_SLUG_LENGTH = 100;

const INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// Country subdomains (`uk.`, `de.`) and the mobile hosts all serve the same profiles as `www.`.
const LINKEDIN_HOST = /^(?:(?:www|m|mobile|[a-z]{2})\.)?linkedin\.com$/;
const SLUG = /^[\p{L}\p{M}\p{N}_-]+$/u;

const invalidLinkedin = (input: string, reason: string) =>
  err<InvalidValueError>({ code: 'invalid_value', kind: 'linkedin', input, reason });

const pathReason = (section: string): string => {
  switch (section) {
    case 'company':
    case 'school':
    case 'showcase':
      return 'only personal profiles (linkedin.com/in/...) are accepted, not company or school pages';
    case 'pub':
      return 'old /pub/ profile links are not accepted; open the profile and copy its linkedin.com/in/... address';
    default:
      return 'only personal profile links (linkedin.com/in/...) are accepted';
  }
};

/**
 * Parses a LinkedIn profile URL into `linkedin.com/in/<slug>`. Never throws.
 *
 * - Any of `http://`, `https://` or no scheme; host `linkedin.com`, `www.`, a two-letter country subdomain
 *   (`uk.`, `de.`) or the mobile `m.`/`mobile.`; anything after the slug (`/details/...`, a trailing slash,
 *   the query string, the fragment) is dropped.
 * - Only `/in/<slug>` profiles are accepted: company, school and old `/pub/` pages, other hosts
 *   (`linkedin.com.evil.com`, `notlinkedin.com`), ports and user info are rejected with a reason.
 * - The slug is lower-cased because LinkedIn treats it case-insensitively. It is stored percent-DECODED, as
 *   NFC Unicode (`/in/J%C3%B6rg` and `/in/jörg` both give `linkedin.com/in/jörg`): browsers copy non-ASCII
 *   slugs either way and with either hex case, and the decoded form is the one spelling that is also readable in
 *   the console. `encodeURI` turns the value back into a link. Slugs are letters, digits, `-` and `_`, at most
 *   100 characters.
 * - Member-id URLs (`/in/ACoAA...`) are accepted but lower-cased like any slug; they never match a vanity slug
 *   anyway, so the profile's public URL is the one to suppress.
 *
 * `display` is the trimmed input as entered.
 */
export const parseLinkedin = (input: string): Result<NormalizedValue, InvalidValueError> => {
  const display = input.trim();
  if (display === '') return invalidLinkedin(input, 'the value is empty');
  if (INVISIBLE_OR_SPACE.test(display)) {
    return invalidLinkedin(input, 'the link contains spaces, control or invisible characters');
  }
  const scheme = SCHEME.exec(display);
  if (scheme !== null && !/^https?$/i.test(scheme[1] ?? '')) {
    return invalidLinkedin(input, 'only http and https links are accepted');
  }
  const withoutScheme = scheme === null ? display.replace(/^\/\//, '') : display.slice(scheme[0].length);
  const hostEnd = withoutScheme.search(/[/?#]/);
  const authority = hostEnd === -1 ? withoutScheme : withoutScheme.slice(0, hostEnd);
  const host = authority.toLowerCase().replace(/\.$/, '');
  if (!LINKEDIN_HOST.test(host)) return invalidLinkedin(input, 'this is not a linkedin.com link');

  const rest = hostEnd === -1 ? '' : withoutScheme.slice(hostEnd);
  const pathEnd = rest.search(/[?#]/);
  const segments = (pathEnd === -1 ? rest : rest.slice(0, pathEnd)).split('/');
  const section = (segments[1] ?? '').toLowerCase();
  if (section !== 'in') return invalidLinkedin(input, pathReason(section));
  const rawSlug = segments[2] ?? '';
  if (rawSlug === '') return invalidLinkedin(input, 'the profile name after /in/ is missing');

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawSlug);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return invalidLinkedin(
      input,
      'the profile name has broken percent-encoding (a % not followed by a valid code)',
    );
  }
  // NFC before and after lower-casing, as for email local parts: one key per visible name.
  const slug = decoded.normalize('NFC').toLowerCase().normalize('NFC');
  if (!SLUG.test(slug)) {
    return invalidLinkedin(input, 'the profile name may only contain letters, digits, "-" and "_"');
  }
  if ([...slug].length > MAX_SLUG_LENGTH) {
    return invalidLinkedin(input, `the profile name is longer than ${MAX_SLUG_LENGTH} characters`);
  }
  return ok({ kind: 'linkedin', value: `linkedin.com/in/${slug}`, display });
};
