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
 * The most labels a wildcard entry's domain may have (`@*.a.b.example.co.uk` has five). A lookup reads one
 * wildcard key per suffix of two to this many labels, so an address costs at most four wildcard keys whatever its
 * depth; a wider wildcard could cover addresses without any lookup reading it, so it is refused when written.
 */
export const MAX_WILDCARD_LABELS = 5;

const WILDCARD_PREFIX = '*.';

/**
 * Parses a domain entry. `@Example.COM`, `example.com` and `example.com.` all become `@example.com`;
 * internationalized names become punycode (`@bücher.de` → `@xn--bcher-kva.de`). The leading `@` in the output
 * keeps domain keys from ever looking like an address. Such an entry blocks exactly its domain.
 *
 * Written with `*.` in front (`@*.Competitor.com` → `@*.competitor.com`), it is a wildcard entry: it blocks the
 * domain and every subdomain at any depth (see {@link domainEntriesCovering}). Only a whole leading label may be
 * `*`, the domain after it needs two labels at least (`@*.com` is refused) and at most
 * {@link MAX_WILDCARD_LABELS}. Never throws.
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
  const wildcard = raw.startsWith(WILDCARD_PREFIX);
  const ascii = toAsciiDomain(wildcard ? raw.slice(WILDCARD_PREFIX.length) : raw);
  if (!ascii.ok) {
    return invalidDomain(
      input,
      wildcard && !raw.slice(WILDCARD_PREFIX.length).includes('.')
        ? 'a wildcard needs a domain of two labels at least after *. (like @*.example.com)'
        : ascii.error,
    );
  }
  if (!wildcard) return ok({ kind: 'domain', value: `@${ascii.value}`, display });
  const labels = ascii.value.split('.').length;
  if (labels > MAX_WILDCARD_LABELS) {
    return invalidDomain(
      input,
      `a wildcard may cover a domain of at most ${MAX_WILDCARD_LABELS} labels after *., this one has ${labels}; ` +
        `use a shorter one (like @*.${ascii.value.split('.').slice(-MAX_WILDCARD_LABELS).join('.')}) or the exact domain`,
    );
  }
  return ok({ kind: 'domain', value: `@${WILDCARD_PREFIX}${ascii.value}`, display });
};

/**
 * The domain entry an email address falls under: `jane@example.com` → `@example.com`.
 *
 * @param normalizedEmail - an email address as returned by `parseEmail` (so exactly one `@`).
 */
export const domainOfEmail = (normalizedEmail: string): string =>
  `@${normalizedEmail.slice(normalizedEmail.lastIndexOf('@') + 1)}`;

/**
 * The domain entries that cover a domain, i.e. the keys a lookup reads for it: the exact entry, then the wildcard
 * entry of every suffix of two to {@link MAX_WILDCARD_LABELS} labels, shortest first.
 * `@eu.competitor.com` → `['@eu.competitor.com', '@*.competitor.com', '@*.eu.competitor.com']`. Given a wildcard
 * entry (`@*.eu.competitor.com`), the wildcards that cover it, itself included, and no exact entry.
 *
 * Complete by construction: a wildcard longer than that is refused when written, so an address at any depth
 * costs at most one exact and four wildcard keys. Public suffixes (`@*.co.uk`) are read like any other: they only
 * match if someone entered them, and telling them apart would need the public suffix list.
 *
 * @param normalizedDomain - a domain entry as returned by {@link parseDomain}, or {@link domainOfEmail}'s answer.
 */
export const domainEntriesCovering = (normalizedDomain: string): string[] => {
  const wildcard = normalizedDomain.startsWith(`@${WILDCARD_PREFIX}`);
  const labels = normalizedDomain.slice(wildcard ? 1 + WILDCARD_PREFIX.length : 1).split('.');
  const entries = wildcard ? [] : [normalizedDomain];
  for (let count = 2; count <= Math.min(labels.length, MAX_WILDCARD_LABELS); count++) {
    entries.push(`@${WILDCARD_PREFIX}${labels.slice(-count).join('.')}`);
  }
  return entries;
};
