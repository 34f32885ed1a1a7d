import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '#domain/errors';

/** Where a list goes on: DynamoDB's position (key attributes, all strings) after the last item returned. */
export type CursorPosition = Readonly<Record<string, string>>;

/** Far above any real cursor (four short key attributes), low enough to bound the work spent on a forged one. */
const MAX_CURSOR_LENGTH = 1024;
/** 128 bits of HMAC-SHA256: forging one is out of reach, and the cursor stays short. */
const TAG_BYTES = 16;
const CURSOR_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_POSITION_ATTRIBUTES = 8;

const invalidCursor = (): InvalidInputError =>
  new InvalidInputError(
    'the cursor is not valid for this list (tampered, truncated, or made for another filter or tenant); start again without it',
    undefined,
    'invalid_cursor',
  );

const tagOf = (key: Uint8Array, binding: string, payload: string): string =>
  createHmac('sha256', key)
    .update(binding)
    .update('\u0000')
    .update(payload)
    .digest()
    .subarray(0, TAG_BYTES)
    .toString('base64url');

/**
 * What a cursor is bound to: the tenant, the list and its filter. The binding is signed with the position but
 * never written into the cursor, so a cursor replayed against another tenant, list or filter fails its check
 * exactly like a forged one. `filter` must serialize the same way for the same filter (fixed key order, sorted
 * lists), which the parsers that build it guarantee.
 */
export const cursorBinding = (tenantId: string, list: string, filter: unknown): string =>
  JSON.stringify([tenantId, list, filter ?? null]);

/**
 * Seals a list position into an opaque cursor: base64url JSON of the position, a dot, and an HMAC over the
 * binding and that payload. The position holds key attributes (hashes, instants), never clear values.
 */
export const encodeCursor = (key: Uint8Array, binding: string, position: CursorPosition): string => {
  const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
  return `${payload}.${tagOf(key, binding, payload)}`;
};

/**
 * Opens a cursor made by {@link encodeCursor} with the same key and binding.
 *
 * @throws {InvalidInputError} code `invalid_cursor` (400) for anything else: a forged, altered, truncated or
 *   garbled cursor, or one made for another tenant, list or filter.
 */
export const decodeCursor = (key: Uint8Array, binding: string, cursor: string): CursorPosition => {
  if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_SHAPE.test(cursor)) throw invalidCursor();
  const [payload = '', tag = ''] = cursor.split('.');
  const expected = tagOf(key, binding, payload);
  // Compared as text: decoding first would accept variants that differ only in base64 padding bits.
  if (tag.length !== expected.length || !timingSafeEqual(Buffer.from(tag), Buffer.from(expected))) {
    throw invalidCursor();
  }
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof position !== 'object' || position === null || Array.isArray(position)) throw invalidCursor();
  const entries = Object.entries(position);
  if (entries.length === 0 || entries.length > MAX_POSITION_ATTRIBUTES) throw invalidCursor();
  if (!entries.every(([, value]) => typeof value === 'string')) throw invalidCursor();
  return position as CursorPosition;
};
