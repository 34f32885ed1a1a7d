import type { InvalidValueError } from '#domain/invalid-value';
import type { NormalizedValue } from '#domain/kinds';
import { toAsciiDomain } from '#domain/normalize-domain';
import { err, ok, type Result } from '#domain/result';

const MAX_LOCAL_OCTETS = 64;
const MAX_ADDRESS_LENGTH = 254;

const INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;
// RFC 5322 atext, plus (RFC 6531) letters, combining marks and digits from any script.
const LOCAL_CHAR = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]$|^[\p{L}\p{M}\p{N}]$/u;

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

const invalidEmail = (input: string, reason: string) =>
  err<InvalidValueError>({ code: 'invalid_value', kind: 'email', input, reason });

/**
 * Takes the address out of `"Jane Doe" <jane@example.com>`, `Jane <jane@example.com>` or `<jane@example.com>`.
 * The last `<` is the one that opens the address, since a quoted display name may itself hold a `<`.
 */
const stripDisplayName = (text: string): string => {
  if (!text.endsWith('>')) return text;
  const open = text.lastIndexOf('<');
  return open === -1 ? text : text.slice(open + 1, -1).trim();
};

/**
 * `Jane <jane@x.com>, John <john@x.com>` or `jane@x.com; john@x.com`: a list pasted as one value. Taking one of
 * its addresses (the last, as stripping the display name would) would suppress someone nobody named, and leave
 * the other one mailable. Quoted display names are left out of the count, since they may hold anything.
 */
const holdsSeveralAddresses = (text: string): boolean => {
  const unquoted = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return (unquoted.match(/@/g)?.length ?? 0) > 1 && /[,;]|>\s*\S/.test(unquoted);
};

const localPartProblem = (local: string): string | undefined => {
  if (local.startsWith('.') || local.endsWith('.')) return 'the part before the @ starts or ends with a dot';
  if (local.includes('..')) return 'the part before the @ has two dots in a row';
  const stray = [...local].find((char) => char !== '.' && !LOCAL_CHAR.test(char));
  if (stray !== undefined) {
    return `the part before the @ contains ${JSON.stringify(stray)}, which is not allowed in an address`;
  }
  return undefined;
};

/**
 * Parses an email address into its one comparison form. Never throws.
 *
 * - Trims, and strips a display name or bare angle brackets: `"Jane Doe" <Jane@Example.com>` → `jane@example.com`.
 * - Lower-cases the whole address, local part included (per the spec: mailbox providers treat local parts
 *   case-insensitively in practice, and a suppression that misses `Jane@` because `jane@` was entered is worse
 *   than merging two mailboxes that differ only by case).
 * - Converts an internationalized domain to punycode (UTS-46): `jörg@bücher.de` → `jörg@xn--bcher-kva.de`.
 * - Keeps plus-tags (`jane+news@example.com` stays distinct): providers differ on what a tag means, and the
 *   recipient may have opted out with just that alias.
 * - Accepts non-ASCII letters and digits in the local part (RFC 6531): the recipient's own address should
 *   never be refused. They are NFC-normalized and lower-cased but not punycoded, as punycode is for domains only.
 * - Rejects what is not a dot-atom address: no `@` or more than one, an empty local part or domain, a local part
 *   over 64 octets, an address over 254 characters, whitespace, control or invisible characters, leading,
 *   trailing or doubled dots, characters outside RFC 5322 atext, and domains that fail the domain rules.
 * - Rejects a list of addresses given as one value (`Jane <jane@x.com>, John <john@x.com>`), naming the reason:
 *   never silently one of them.
 * - Rejects quoted local parts (`"jane doe"@example.com`) with their own reason: legal but almost never real,
 *   and they would allow a second spelling of the same mailbox.
 *
 * `display` is the trimmed input as entered.
 */
export const parseEmail = (input: string): Result<NormalizedValue, InvalidValueError> => {
  const plain = plainAddress(input);
  return plain === undefined ? parseAnyEmail(input) : ok({ kind: 'email', value: plain, display: input });
};

/**
 * The common shape, all ASCII: a dot-atom local part of RFC 5322 atext, `@`, and two or more labels of letters,
 * digits and inner hyphens, the last starting with a letter (so the WHATWG host parser cannot read the domain as
 * an IPv4 number). Nothing to trim, strip, NFC-normalize or map: such an address normalizes by lower-casing alone.
 * Bounded repetition only, and tried on at most 254 characters.
 */
const PLAIN_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * The normalized address when `input` has {@link PLAIN_ADDRESS}'s shape within the length limits, without `--` in
 * its domain (an `xn--` label is punycode, which UTS-46 decodes and checks); undefined for anything else, which
 * the full parser reads. Kept equal to {@link parseAnyEmail} on what it accepts: test/unit/normalize.property.test.ts
 * compares the two over generated and tricky inputs.
 */
const plainAddress = (input: string): string | undefined => {
  if (input.length > MAX_ADDRESS_LENGTH || !PLAIN_ADDRESS.test(input)) return undefined;
  const at = input.indexOf('@');
  if (at > MAX_LOCAL_OCTETS || input.includes('--', at)) return undefined;
  return input.toLowerCase();
};

/**
 * {@link parseEmail} for any input: the full parser, which the common shape skips. Exported so that a property test
 * can prove the shortcut gives the same answers.
 */
export const parseAnyEmail = (input: string): Result<NormalizedValue, InvalidValueError> => {
  const display = input.trim();
  if (display === '') return invalidEmail(input, 'the value is empty');
  if (holdsSeveralAddresses(display)) {
    return invalidEmail(input, 'the value holds several addresses; give one address per value');
  }
  const address = stripDisplayName(display);
  if (address === '') return invalidEmail(input, 'the address is empty');
  if (address.includes('<') || address.includes('>')) {
    return invalidEmail(input, 'the angle brackets (< >) must enclose the whole address');
  }
  // Before the whitespace check: a quoted local part usually holds a space, and this reason is the useful one.
  if (address.startsWith('"')) {
    return invalidEmail(input, 'quoted addresses ("..."@example.com) are not supported');
  }
  if (INVISIBLE_OR_SPACE.test(address)) {
    return invalidEmail(input, 'the address contains spaces, control or invisible characters');
  }
  const parts = address.split('@');
  if (parts.length === 1) return invalidEmail(input, 'the @ is missing');
  if (parts.length > 2) return invalidEmail(input, 'the address has more than one @');
  const [rawLocal = '', rawDomain = ''] = parts;
  if (rawLocal === '') return invalidEmail(input, 'the part before the @ is missing');
  if (rawDomain === '') return invalidEmail(input, 'the domain is missing');

  // NFC first so a composed and a decomposed `ö` give one key; again after lower-casing, which can decompose.
  const local = rawLocal.normalize('NFC').toLowerCase().normalize('NFC');
  const localProblem = localPartProblem(local);
  if (localProblem !== undefined) return invalidEmail(input, localProblem);
  if (utf8Length(local) > MAX_LOCAL_OCTETS) {
    return invalidEmail(input, `the part before the @ is longer than ${MAX_LOCAL_OCTETS} characters`);
  }
  const domain = toAsciiDomain(rawDomain);
  if (!domain.ok) return invalidEmail(input, domain.error);
  const value = `${local}@${domain.value}`;
  if (value.length > MAX_ADDRESS_LENGTH) {
    return invalidEmail(input, `the address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  }
  return ok({ kind: 'email', value, display });
};
