import type { FilteredRecipient, FilterSummary } from '#app/ports/filter-runs';
import type { UnsubscribeLink } from '#app/ports/unsubscribe-links';
import type { Channel } from '#domain/channels';
import type { FilterReason } from '#domain/filter-reasons';

/*
 * The pre-send filter's answer (filter-audience.ts), and the bound on its size that the filter checks against
 * Lambda's 6 MB response.
 */

/** An email the pipeline may send to, with the way out it must carry. */
export interface EligibleEmail {
  /** The normalized address (the one the link unsubscribes). */
  readonly address: string;
  readonly unsubscribeUrl: string;
  readonly headers: UnsubscribeLink['headers'];
}

/** A value the run dropped while its recipient stayed eligible on others. */
export interface BlockedValue {
  readonly kind: Channel;
  /** Normalized; as given when it could not be normalized. */
  readonly value: string;
  readonly reasons: readonly FilterReason[];
}

/** A recipient still reachable on at least one requested channel. */
export interface EligibleRecipient {
  readonly contactId: string;
  readonly emails: readonly EligibleEmail[];
  /** E.164. */
  readonly phones: readonly string[];
  /** Canonical `linkedin.com/in/<slug>`. */
  readonly linkedinUrls: readonly string[];
  readonly blocked: readonly BlockedValue[];
}

/** The answer to a pipeline. */
export interface FilterAudienceOutput {
  readonly runId: string;
  readonly summary: FilterSummary;
  readonly eligible: readonly EligibleRecipient[];
  readonly filtered: readonly FilteredRecipient[];
}

/*
 * The pre-send filter's answer goes back through Lambda's 6 MB response, which is checked on its JSON.
 * Serializing a 5 MB answer only to measure it cost 1.5–2.4 µs a recipient and a 5 MB string, and Lambda
 * serializes it again. So the filter first takes this bound, from the lengths of the answer's strings (0.6 µs a
 * recipient), and serializes only when the bound is over the limit.
 */

/** Printable ASCII but `"` and `\`: characters JSON writes as they are, one byte each. */
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * At least the UTF-8 bytes of the string's JSON: exact when every character is written as it is; otherwise six
 * bytes a UTF-16 unit, the most any takes (`\u001f`; a character above U+07FF is three bytes, a surrogate pair
 * four for two units).
 */
const stringBytes = (text: string): number => (VERBATIM.test(text) ? text.length + 2 : text.length * 6 + 2);

/** `[a,b,…]`: brackets, commas and the items. */
const listBytes = <T>(items: readonly T[], itemBytes: (item: T) => number): number => {
  let bytes = items.length === 0 ? 2 : items.length + 1;
  for (const item of items) bytes += itemBytes(item);
  return bytes;
};

/** An object's bytes but its values': braces, commas and each `"name":` (the answer's names are plain ASCII). */
const frame = (...names: readonly string[]): number =>
  names.reduce((bytes, name) => bytes + name.length + 3, names.length + 1);

const EMAIL = frame('address', 'unsubscribeUrl', 'headers');
const HEADERS = frame('List-Unsubscribe', 'List-Unsubscribe-Post');
const BLOCKED = frame('kind', 'value', 'reasons');
const ELIGIBLE = frame('contactId', 'emails', 'phones', 'linkedinUrls', 'blocked');
const FILTERED = frame('contactId', 'reasons');
const OUTPUT = frame('runId', 'summary', 'eligible', 'filtered');

const reasonsBytes = (reasons: readonly string[]): number => listBytes(reasons, stringBytes);

const emailBytes = ({ address, unsubscribeUrl, headers }: EligibleEmail): number =>
  EMAIL +
  stringBytes(address) +
  stringBytes(unsubscribeUrl) +
  HEADERS +
  stringBytes(headers['List-Unsubscribe']) +
  stringBytes(headers['List-Unsubscribe-Post']);

const blockedBytes = ({ kind, value, reasons }: BlockedValue): number =>
  BLOCKED + stringBytes(kind) + stringBytes(value) + reasonsBytes(reasons);

const eligibleBytes = (recipient: EligibleRecipient): number =>
  ELIGIBLE +
  stringBytes(recipient.contactId) +
  listBytes(recipient.emails, emailBytes) +
  listBytes(recipient.phones, stringBytes) +
  listBytes(recipient.linkedinUrls, stringBytes) +
  listBytes(recipient.blocked, blockedBytes);

const filteredBytes = ({ contactId, reasons }: FilteredRecipient): number =>
  FILTERED + stringBytes(contactId) + reasonsBytes(reasons);

/**
 * At least as many bytes as `JSON.stringify(output)` takes as UTF-8, and exactly that many when the answer's
 * strings are printable ASCII without `"` or `\` (addresses in their common shape, links, E.164 numbers, reasons).
 * Never fewer: test/unit/filter-answer.test.ts holds it to the JSON of generated answers, strings of any
 * Unicode included, and to the filter's own answers.
 */
export const answerBytesAtMost = (output: FilterAudienceOutput): number =>
  OUTPUT +
  stringBytes(output.runId) +
  // A few numbers by reason: serialized as they are.
  Buffer.byteLength(JSON.stringify(output.summary)) +
  listBytes(output.eligible, eligibleBytes) +
  listBytes(output.filtered, filteredBytes);
