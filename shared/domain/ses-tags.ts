import { err, ok, type Result } from '#domain/result';

/**
 * SES message tags a sender sets so that feedback finds its tenant, campaign and contact again. SES copies them
 * into `mail.tags` of configuration-set event publishing (never into classic identity notifications), so senders
 * also add the same values as headers, which classic notifications carry when "include original headers" is on.
 * docs/ses-feedback.md quotes both tables.
 */
export const FEEDBACK_TAGS = {
  tenant: 'quietlist-tenant',
  campaign: 'quietlist-campaign',
  contact: 'quietlist-contact',
} as const;

/** The headers carrying the same encoded values, read from `mail.headers` when `mail.tags` is absent. */
export const FEEDBACK_HEADERS = {
  tenant: 'X-Quietlist-Tenant',
  campaign: 'X-Quietlist-Campaign',
  contact: 'X-Quietlist-Contact',
} as const;

/** SES allows tag names and values of 1-256 characters from this alphabet only. */
export const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;
export const MAX_TAG_VALUE_LENGTH = 256;

/**
 * Marks a value as encoded. Plain values never start with it (a plain id that does is encoded), which is what
 * makes decoding unambiguous.
 */
const ENCODED_PREFIX = '__';
const PLAIN = /^[A-Za-z0-9_-]+$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// A lone surrogate cannot survive UTF-8; refusing it keeps the round trip exact.
const LONE_SURROGATE = /\p{Cs}/u;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes an id (tenant, campaign, contact) as an SES tag value. Ids already inside the tag alphabet are sent as
 * they are (`acme-eu`, `c_123`), so tags stay readable in the SES console; any other id becomes `__` followed by
 * the base64url of its UTF-8 bytes (`jane@example.com` → `__amFuZUBleGFtcGxlLmNvbQ`). A plain id starting with
 * `__` is encoded too, so that every value starting with `__` is an encoded one.
 *
 * @throws Error when the id is empty, holds a lone surrogate, or its encoding exceeds 256 characters (ids of up
 *   to 190 UTF-8 bytes always fit).
 * @example
 * encodeTagValue('campaign 2024/05') // '__Y2FtcGFpZ24gMjAyNC8wNQ'
 */
export const encodeTagValue = (id: string): string => {
  if (id === '') throw new Error('an SES tag value cannot be empty');
  if (LONE_SURROGATE.test(id)) throw new Error('the id holds a lone surrogate, which UTF-8 cannot carry');
  const encoded =
    PLAIN.test(id) && !id.startsWith(ENCODED_PREFIX)
      ? id
      : `${ENCODED_PREFIX}${Buffer.from(id, 'utf8').toString('base64url')}`;
  if (encoded.length > MAX_TAG_VALUE_LENGTH) {
    throw new Error(
      `the id encodes to ${encoded.length} characters; SES tag values hold at most ${MAX_TAG_VALUE_LENGTH}`,
    );
  }
  return encoded;
};

/**
 * Reverses {@link encodeTagValue}. Accepts only what `encodeTagValue` produces: a value outside the tag alphabet,
 * a non-canonical base64url body or bytes that are not UTF-8 are refused with the reason, so one id has exactly
 * one encoding and a forged value cannot alias another id.
 */
export const decodeTagValue = (value: string): Result<string, string> => {
  if (!TAG_VALUE.test(value)) return err('not an SES tag value (1-256 of A-Z a-z 0-9 _ -)');
  if (!value.startsWith(ENCODED_PREFIX)) return ok(value);
  const body = value.slice(ENCODED_PREFIX.length);
  if (!BASE64URL.test(body)) return err('the encoded part is not base64url');
  const bytes = Buffer.from(body, 'base64url');
  // Buffer ignores stray trailing bits; re-encoding finds them, and with them any second spelling of an id.
  if (bytes.toString('base64url') !== body) return err('the encoded part is not canonical base64url');
  let id: string;
  try {
    id = utf8.decode(bytes);
  } catch {
    return err('the encoded part is not UTF-8 text');
  }
  if (id === '') return err('the encoded id is empty');
  if (encodeTagValue(id) !== value) return err('the id is encoded although it needs no encoding');
  return ok(id);
};
