import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID (github.com/ulid/spec): 48 bits of milliseconds then 80 random bits, in 26 Crockford base-32 characters.
 * Ids made later sort after earlier ones as plain strings, which keeps a campaign's runs in time order in keys
 * and lists, and 80 random bits make two ids of the same millisecond collide with negligible probability.
 */
export const ulid = (now: number = Date.now(), random: Uint8Array = randomBytes(10)): string => {
  if (!Number.isInteger(now) || now < 0 || now >= 2 ** 48) throw new RangeError('time out of ULID range');
  if (random.length !== 10) throw new RangeError('a ULID needs 10 random bytes');
  let time = '';
  for (let rest = now, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let tail = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) tail = CROCKFORD[Number(bits & 31n)] + tail;
  return time + tail;
};
