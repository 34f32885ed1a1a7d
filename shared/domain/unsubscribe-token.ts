import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomFillSync,
} from 'node:crypto';
import { InvalidInputError } from '#domain/errors';
import { MAX_INPUT_LENGTH } from '#domain/invalid-value';
import type { Keyring } from '#domain/keyring';
import { KINDS, type Kind } from '#domain/kinds';
import { err, ok, type Result } from '#domain/result';
import { contactIdRefusal, isContactId, parseContactId, parseTenantId } from '#domain/tenant';
import { TOPIC_ID_PATTERN } from '#domain/topics';

/**
 * What an unsubscribe link names. Everything the public endpoint acts on comes from here, authenticated, so a
 * link can only ever touch the tenant, contact and value it was sealed for.
 */
export interface UnsubscribeTokenPayload {
  readonly tenantId: string;
  readonly contactId: string;
  readonly kind: Kind;
  /** The normalized value (never shown in clear in the URL: the payload is encrypted). */
  readonly value: string;
  readonly campaignId?: string;
  /**
   * The preference-center topic the message was about (`[a-z0-9-]{1,40}`): one-click leaves this topic only, and
   * the page offers it ready to leave. Absent: the link is about all of the workspace's marketing.
   */
  readonly topic?: string;
  /** UTC day the link was sealed, `YYYY-MM-DD`: the audit can tell how old a link was when it was used. */
  readonly issuedOn: string;
}

/** Why a token did not open. Every case gets the same page; the code is for logs and metrics. */
export interface TokenError {
  readonly code: 'malformed' | 'unsupported_version' | 'unknown_key' | 'not_authentic';
}

/** Format version, the first byte of every token; a new layout gets a new number and old links keep opening. */
export const TOKEN_VERSION = 1;
/** Longest token considered at all: far above any real one, low enough to bound the work garbage costs. */
export const MAX_TOKEN_LENGTH = 1024;
const MAX_CAMPAIGN_LENGTH = 256;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const GCM_OPTIONS = { authTagLength: TAG_BYTES } as const;
const DAY_MS = 86_400_000;
const FLAG_CAMPAIGN = 0b1;
/** Added with topics; tokens sealed before never set it, so they open exactly as they did. */
const FLAG_TOPIC = 0b10;
/** Two varint bytes: enough for the longest field ({@link MAX_INPUT_LENGTH}). */
const MAX_FIELD_BYTES = 0x3fff;

/*
 * Layout (all of it base64url, no padding):
 *
 *   header   version (1) | key id length (1) | key id (ASCII, 1-8)      authenticated, not encrypted (AAD)
 *   nonce    12 random bytes
 *   sealed   AES-256-GCM ciphertext of the payload, then its 16-byte tag
 *
 *   payload  kind index (1) | issued day since 1970 (uint16) | flags (1: bit 0 = campaign, bit 1 = topic)
 *            | tenant | contact | value | campaign? | topic?          each as varint length + UTF-8 bytes
 *
 * The key id sits in the authenticated header, so re-labelling a token with another key id fails the tag check
 * instead of selecting a different key. Binary fields, not JSON, keep a typical link under 100 characters.
 */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const aesKeys = new WeakMap<Uint8Array, KeyObject>();

/**
 * The AES key for a link key: HKDF-SHA256 with a purpose label, so a link key of any length (the keyring allows
 * 32 bytes or more) yields exactly 32 bytes and is never used raw for anything else. Cached per key, since the
 * pre-send filter seals thousands of links a run.
 */
const aesKeyOf = (linkKey: Uint8Array): KeyObject => {
  let key = aesKeys.get(linkKey);
  if (!key) {
    key = createSecretKey(
      new Uint8Array(hkdfSync('sha256', linkKey, 'quietlist', 'unsubscribe-token-aes-256-gcm', 32)),
    );
    aesKeys.set(linkKey, key);
  }
  return key;
};

/**
 * Nonces come from a pool filled 256 at a time: one `randomBytes` call per link cost more than the encryption
 * itself when the filter seals a batch. Every nonce is still fresh random bytes, used once (96-bit random nonces
 * are safe for GCM up to 2^32 messages per key; docs/unsubscribe.md says when to rotate). Each is copied straight
 * into the token being sealed, which keeps it.
 */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;
const writeNonce = (target: Buffer, offset: number): void => {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  noncePool.copy(target, offset, nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
};

const header = (keyId: string): Buffer => {
  const id = Buffer.from(keyId, 'ascii');
  return Buffer.concat([Buffer.from([TOKEN_VERSION, id.length]), id]);
};

const varint = (length: number): number[] =>
  length < 0x80 ? [length] : [(length & 0x7f) | 0x80, length >> 7];

/** Writes a field's varint length at `offset` and returns where its bytes start. */
const writeVarint = (target: Buffer, offset: number, length: number): number => {
  if (length < 0x80) {
    target[offset] = length;
    return offset + 1;
  }
  target[offset] = (length & 0x7f) | 0x80;
  target[offset + 1] = length >> 7;
  return offset + 2;
};

// With the `u` flag this matches only unpaired surrogates, which UTF-8 cannot carry (they would open as U+FFFD).
const LONE_SURROGATE = /\p{Cs}/u;

/** The UTF-8 length of a field, refusing text UTF-8 cannot carry or that is too long for its varint. */
const fieldBytes = (name: string, text: string): number => {
  const bytes = Buffer.byteLength(text, 'utf8');
  // One byte a character means ASCII only, which holds no surrogate: most values skip the scan.
  if (bytes !== text.length && LONE_SURROGATE.test(text)) {
    throw new InvalidInputError(`${name}: not valid Unicode text`);
  }
  if (bytes > MAX_FIELD_BYTES) throw new InvalidInputError(`${name} is too long for a link`);
  return bytes;
};

const field = (name: string, text: string): Buffer => {
  const bytes = fieldBytes(name, text);
  return Buffer.concat([Buffer.from(varint(bytes)), Buffer.from(text, 'utf8')]);
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayNumber = (issuedOn: string): number => {
  const ms = DAY.test(issuedOn) ? Date.parse(`${issuedOn}T00:00:00Z`) : Number.NaN;
  const day = ms / DAY_MS;
  if (!Number.isInteger(day) || day < 0 || day > 0xffff || dayOf(day) !== issuedOn) {
    throw new InvalidInputError(`issuedOn "${issuedOn}" is not a day between 1970-01-01 and 2149-06-06`);
  }
  return day;
};

const dayOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The `issuedOn` of a link sealed at `at`. */
export const tokenDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Reads the payload back; `undefined` for anything that is not exactly what {@link encodePayload} writes. */
const decodePayload = (bytes: Buffer): UnsubscribeTokenPayload | undefined => {
  let offset = 4;
  const next = (): string | undefined => {
    const first = bytes[offset];
    if (first === undefined) return undefined;
    let length = first;
    offset += 1;
    if (first & 0x80) {
      const second = bytes[offset];
      if (second === undefined) return undefined;
      length = (first & 0x7f) | (second << 7);
      offset += 1;
    }
    if (offset + length > bytes.length) return undefined;
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    try {
      return strictUtf8.decode(slice);
    } catch {
      return undefined;
    }
  };
  if (bytes.length < 4) return undefined;
  const kind = KINDS[bytes[0] as number];
  const day = ((bytes[1] as number) << 8) | (bytes[2] as number);
  const flags = bytes[3] as number;
  if (kind === undefined || (flags & ~(FLAG_CAMPAIGN | FLAG_TOPIC)) !== 0) return undefined;
  const tenantId = next();
  const contactId = next();
  const value = next();
  const campaignId = flags & FLAG_CAMPAIGN ? next() : undefined;
  const topic = flags & FLAG_TOPIC ? next() : undefined;
  if (tenantId === undefined || contactId === undefined || value === undefined) return undefined;
  if (flags & FLAG_CAMPAIGN && campaignId === undefined) return undefined;
  if (flags & FLAG_TOPIC && (topic === undefined || !TOPIC_ID_PATTERN.test(topic))) return undefined;
  if (offset !== bytes.length) return undefined;
  if (!parseTenantId(tenantId).ok || !parseContactId(contactId).ok || value === '') return undefined;
  return {
    tenantId,
    contactId,
    kind,
    value,
    ...(campaignId === undefined ? {} : { campaignId }),
    ...(topic === undefined ? {} : { topic }),
    issuedOn: dayOf(day),
  };
};

/** What every link of one run shares: checked and encoded once per run by {@link createTokenSealer}. */
export type TokenRun = Omit<UnsubscribeTokenPayload, 'contactId' | 'value'>;

/** Seals one recipient's token within a run; see {@link createTokenSealer}. */
export type SealRecipientToken = (contactId: string, value: string) => string;

/** Checks what only the run decides; a link for an invalid tenant would only fail later, unseen. */
const checkRun = (run: TokenRun): { kindIndex: number; day: number } => {
  const tenant = parseTenantId(run.tenantId);
  if (!tenant.ok) throw new InvalidInputError(`tenantId: ${tenant.error}`);
  const kindIndex = KINDS.indexOf(run.kind);
  if (kindIndex < 0) throw new InvalidInputError(`kind: "${String(run.kind)}" is not a kind of value`);
  const { campaignId } = run;
  if (campaignId !== undefined && (campaignId.length === 0 || campaignId.length > MAX_CAMPAIGN_LENGTH)) {
    throw new InvalidInputError(`campaignId: must be 1-${MAX_CAMPAIGN_LENGTH} characters`);
  }
  if (run.topic !== undefined && !TOPIC_ID_PATTERN.test(run.topic)) {
    throw new InvalidInputError(`topic: "${run.topic}" is not a topic id ([a-z0-9-], 1-40 characters)`);
  }
  return { kindIndex, day: dayNumber(run.issuedOn) };
};

/**
 * Seals tokens for the recipients of one run (one tenant, kind, campaign and day): what they share is checked and
 * encoded once, here, and each token is written into one reused buffer, so a link costs little more than the
 * AES-GCM seal itself (`npm run bench:links`). The layout is the one described above, whatever the caller.
 *
 * @throws {InvalidInputError} naming the field, here for the run's fields and per call for the contact id and the
 *   value, when a token could never be acted on (bad tenant or contact id, empty value, campaign id over 256
 *   characters, a day out of range).
 * @throws {Error} when the keyring has no such link key.
 */
export const createTokenSealer = (
  keyring: Pick<Keyring, 'linkKeys' | 'activeLinkKey'>,
  run: TokenRun,
  options: { readonly keyId?: string } = {},
): SealRecipientToken => {
  const keyId = options.keyId ?? keyring.activeLinkKey;
  const linkKey = Object.hasOwn(keyring.linkKeys, keyId) ? keyring.linkKeys[keyId] : undefined;
  if (!linkKey) throw new Error(`no link key "${keyId}" in the keyring`);
  const { kindIndex, day } = checkRun(run);
  const aesKey = aesKeyOf(linkKey);
  const aad = header(keyId);
  const nonceAt = aad.length;
  const sealedAt = nonceAt + NONCE_BYTES;
  // The plaintext is the run's bytes around the recipient's two fields: head | contact | value | tail.
  const head = Buffer.concat([
    Buffer.from([
      kindIndex,
      day >> 8,
      day & 0xff,
      (run.campaignId === undefined ? 0 : FLAG_CAMPAIGN) | (run.topic === undefined ? 0 : FLAG_TOPIC),
    ]),
    field('tenantId', run.tenantId),
  ]);
  const tail = Buffer.concat([
    run.campaignId === undefined ? Buffer.alloc(0) : field('campaignId', run.campaignId),
    run.topic === undefined ? Buffer.alloc(0) : field('topic', run.topic),
  ]);
  // Reused for every token: sealing is synchronous and each token leaves as a new string before the next starts.
  let plain = Buffer.alloc(0);
  let token = Buffer.alloc(0);

  return (contactId, value) => {
    if (!isContactId(contactId)) throw new InvalidInputError(`contactId: ${contactIdRefusal(contactId)}`);
    if (value.length === 0 || value.length > MAX_INPUT_LENGTH) {
      throw new InvalidInputError(`value: must be 1-${MAX_INPUT_LENGTH} characters`);
    }
    // Contact ids are printable ASCII (checked above): one byte a character.
    const valueBytes = fieldBytes('value', value);
    const plainLength = head.length + 2 + contactId.length + 2 + valueBytes + tail.length;
    if (plain.length < plainLength) plain = Buffer.allocUnsafe(plainLength * 2);
    head.copy(plain, 0);
    let at = writeVarint(plain, head.length, contactId.length);
    at += plain.write(contactId, at, 'latin1');
    at = writeVarint(plain, at, valueBytes);
    at += plain.write(value, at, 'utf8');
    at += tail.copy(plain, at);

    const tokenLength = sealedAt + at + TAG_BYTES;
    if (token.length < tokenLength) {
      token = Buffer.allocUnsafe(tokenLength * 2);
      aad.copy(token, 0);
    }
    writeNonce(token, nonceAt);
    const cipher = createCipheriv('aes-256-gcm', aesKey, token.subarray(nonceAt, sealedAt), GCM_OPTIONS);
    cipher.setAAD(aad);
    const sealedLength = cipher.update(plain.subarray(0, at)).copy(token, sealedAt);
    cipher.final();
    cipher.getAuthTag().copy(token, sealedAt + sealedLength);
    return token.toString('base64url', 0, tokenLength);
  };
};

/**
 * Seals a payload into an opaque, URL-safe token with the keyring's active link key (or `keyId`, for tests and
 * tools): AES-256-GCM, so it can be neither read nor altered without the key. Typical tokens are about 100
 * characters. For many links of one run, {@link createTokenSealer} checks the shared fields once.
 *
 * @throws {InvalidInputError} naming the field when the payload could never be acted on (bad tenant or contact id,
 *   empty value, campaign id over 256 characters).
 * @example
 * const token = sealToken(keyring, { tenantId: 'acme', contactId: '12345', kind: 'email',
 *   value: 'jane.doe@example.com', campaignId: 'c-42', issuedOn: tokenDay(new Date()) });
 */
export const sealToken = (
  keyring: Pick<Keyring, 'linkKeys' | 'activeLinkKey'>,
  payload: UnsubscribeTokenPayload,
  options: { readonly keyId?: string } = {},
): string => {
  const { contactId, value, ...run } = payload;
  return createTokenSealer(keyring, run, options)(contactId, value);
};

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const malformed = err<TokenError>({ code: 'malformed' });

/**
 * Opens a token from a URL. Never throws: anything that is not a token sealed by one of the keyring's link keys
 * (truncated, altered by even one character, re-labelled with another key id, sealed with a retired key, or
 * plain garbage) comes back as an error, and nothing of it is trusted.
 */
export const openToken = (
  keyring: Pick<Keyring, 'linkKeys'>,
  token: unknown,
): Result<UnsubscribeTokenPayload, TokenError> => {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token))
    return malformed;
  const bytes = Buffer.from(token, 'base64url');
  // base64url ignores the spare low bits of the last character; without this check two spellings would open.
  if (bytes.toString('base64url') !== token) return malformed;
  const version = bytes[0];
  if (version !== TOKEN_VERSION) return err({ code: 'unsupported_version' });
  const idLength = bytes[1] ?? 0;
  const headerLength = 2 + idLength;
  if (idLength < 1 || idLength > 8 || bytes.length < headerLength + NONCE_BYTES + TAG_BYTES + 4)
    return malformed;
  const keyId = bytes.subarray(2, headerLength).toString('latin1');
  const linkKey = Object.hasOwn(keyring.linkKeys, keyId) ? keyring.linkKeys[keyId] : undefined;
  if (!linkKey) return err({ code: 'unknown_key' });
  const nonce = bytes.subarray(headerLength, headerLength + NONCE_BYTES);
  const sealed = bytes.subarray(headerLength + NONCE_BYTES);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKeyOf(linkKey), nonce, GCM_OPTIONS);
    decipher.setAAD(bytes.subarray(0, headerLength));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return err({ code: 'not_authentic' });
  }
  const payload = decodePayload(plain);
  return payload ? ok(payload) : malformed;
};
