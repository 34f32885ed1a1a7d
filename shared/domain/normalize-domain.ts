import { domainToASCII, domainToUnicode } from 'node:url';
import type { InvalidValueError } from '#domain/invalid-value';
import type { NormalizedValue } from '#domain/kinds';
import { err, ok, type Result } from '#domain/result';

const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

// \p{Cf} covers zero-width and bidi marks: invisible, so a key containing one could never be typed again.
const INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;
// domainToASCII runs the WHATWG host parser, which percent-decodes, drops tabs and cuts at `/`, `?` or `#`
// instead of failing; only ASCII letters, digits, dots and hyphens may reach it, so what it returns is what
// was typed. Non-ASCII passes through to UTS-46, which maps or rejects it.
const HOSTNAME_ASCII = /^[a-zA-Z0-9.-]$/;
const LABEL = /^[a-z0-9-]+$/;
const ALL_DIGITS = /^[0-9]+$/;

/**
 * Turns a host name as typed into its ASCII (punycode) form, lower-cased, without a trailing dot, and checks
 * it is a plausible public domain: at least two labels of 1–63 characters from `a-z 0-9 -` that neither start
 * nor end with `-`, valid punycode in `xn--` labels, a top-level domain that is not all digits (which also
 * rules out IPv4 addresses) and at most 253 characters. IP literals (`[1.2.3.4]`) are rejected.
 *
 * Shared by email and domain entries so `jane@Bücher.de` and `@bücher.de` meet on the same `xn--bcher-kva.de`.
 *
 * @returns the ASCII domain without `@`, or the reason it is not one.
 */
export const toAsciiDomain = (raw: string): Result<string, string> => {
  if (raw === '') return err('the domain is missing');
  if (INVISIBLE_OR_SPACE.test(raw)) return err('the domain contains spaces, control or invisible characters');
  if (raw.startsWith('[')) return err('IP address literals are not accepted; use a domain name');
  const stray = [...raw].find((char) => char < '\u0080' && !HOSTNAME_ASCII.test(char));
  if (stray !== undefined) {
    return err(`the domain contains ${JSON.stringify(stray)}, which is not allowed in a domain name`);
  }
  const converted = domainToASCII(raw);
  if (converted === '') return err('the domain is not a valid (internationalized) domain name');
  const ascii = converted.endsWith('.') ? converted.slice(0, -1) : converted;
  if (ascii.length > MAX_DOMAIN_LENGTH)
    return err(`the domain is longer than ${MAX_DOMAIN_LENGTH} characters`);
  const labels = ascii.split('.');
  if (labels.length < 2) return err('the domain needs at least one dot (like example.com)');
  for (const label of labels) {
    const problem = labelProblem(label);
    if (problem !== undefined) return err(problem);
  }
  const tld = labels.at(-1) ?? '';
  if (ALL_DIGITS.test(tld)) {
    return err(`the top-level domain ${JSON.stringify(tld)} is all digits (IP addresses are not accepted)`);
  }
  return ok(ascii);
};

const labelProblem = (label: string): string | undefined => {
  if (label === '') return 'the domain has an empty part (a leading dot or two dots in a row)';
  const quoted = JSON.stringify(label);
  if (label.length > MAX_LABEL_LENGTH) {
    return `the domain part ${quoted} is longer than ${MAX_LABEL_LENGTH} characters`;
  }
  // UTS-46 can map non-ASCII look-alikes (a fullwidth underscore, say) onto ASCII that no host name may hold.
  if (!LABEL.test(label)) return `the domain part ${quoted} contains characters not allowed in a domain name`;
  if (label.startsWith('-') || label.endsWith('-'))
    return `the domain part ${quoted} starts or ends with a hyphen`;
  // Node passes `xn--` labels through unchecked; a label that does not decode and re-encode to itself is not
  // punycode, and accepting it would store a key no real domain can produce.
  if (label.startsWith('xn--')) {
    const decoded = domainToUnicode(label);
    if (decoded === label || domainToASCII(decoded) !== label)
      return `the domain part ${quoted} is not valid punycode`;
  }
  return undefined;
};

const invalidDomain = (input: string, reason: string) =>
  err<InvalidValueError>({ code: 'invalid_value', kind: 'domain', input, reason });

/**
 * Parses a domain entry. `@Example.COM`, `example.com` and `example.com.` all become `@example.com`;
 * internationalized names become punycode (`@bücher.de` → `@xn--bcher-kva.de`). The leading `@` in the output
 * keeps domain keys from ever looking like an address. Wildcards are rejected: an entry blocks exactly its
 * domain, and subdomains are a separate option (see {@link parentDomains}). Never throws.
 *
 * `display` is the trimmed input as entered.
 */
export const parseDomain = (input: string): Result<NormalizedValue, InvalidValueError> => {
  const display = input.trim();
  if (display === '') return invalidDomain(input, 'the value is empty');
  const raw = display.startsWith('@') ? display.slice(1) : display;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return invalidDomain(input, 'this is a URL; enter only the domain, like @example.com');
  }
  if (raw.includes('@')) {
    return invalidDomain(
      input,
      'the domain contains "@"; write a domain as @example.com, or enter an email address',
    );
  }
  if (raw.startsWith('*.')) {
    return invalidDomain(input, 'wildcards are not accepted; @example.com blocks exactly example.com');
  }
  const ascii = toAsciiDomain(raw);
  if (!ascii.ok) return invalidDomain(input, ascii.error);
  return ok({ kind: 'domain', value: `@${ascii.value}`, display });
};

/**
 * The domain entry an email address falls under: `jane@example.com` → `@example.com`.
 *
 * @param normalizedEmail - an email address as returned by `parseEmail` (so exactly one `@`).
 */
export const domainOfEmail = (normalizedEmail: string): string =>
  `@${normalizedEmail.slice(normalizedEmail.lastIndexOf('@') + 1)}`;

/**
 * The enclosing domains of a normalized domain, nearest first, for the off-by-default option that lets a domain
 * entry also block its subdomains: `@a.b.example.com` → `['@b.example.com', '@example.com']`. The domain itself
 * is not included and neither is a bare top-level domain. Public suffixes such as `@co.uk` are included: they only
 * match if someone entered them, and knowing them would need the public suffix list.
 *
 * @param normalizedDomain - a domain as returned by {@link parseDomain}; the leading `@` is optional.
 */
export const parentDomains = (normalizedDomain: string): string[] => {
  const labels = (normalizedDomain.startsWith('@') ? normalizedDomain.slice(1) : normalizedDomain).split('.');
  const parents: string[] = [];
  for (let start = 1; start <= labels.length - 2; start++) parents.push(`@${labels.slice(start).join('.')}`);
  return parents;
};
