import { describe, expect, it } from 'vitest';
import { parseKeyring } from '#domain/keyring';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('parsing the keyring', () => {
  it('reads explicit keys', () => {
    const ring = parseKeyring(
      JSON.stringify({
        valueHashKey: key(1),
        cursorKey: key(2),
        linkKeys: { k1: key(3), k2: key(4) },
        activeLinkKey: 'k2',
      }),
    );
    expect(ring.activeLinkKey).toBe('k2');
    expect(Object.keys(ring.linkKeys)).toEqual(['k1', 'k2']);
    expect(Buffer.from(ring.valueHashKey)).toEqual(Buffer.alloc(32, 1));
  });

  it('derives distinct keys from a bootstrap key, the same on every load', () => {
    const document = JSON.stringify({ bootstrapKey: 'x'.repeat(64) });
    const first = parseKeyring(document);
    const second = parseKeyring(document);
    expect(Buffer.from(first.valueHashKey)).toEqual(Buffer.from(second.valueHashKey));
    expect(Buffer.from(first.valueHashKey)).not.toEqual(Buffer.from(first.cursorKey));
    expect(first.activeLinkKey).toBe('k1');
  });

  it('keeps the derived value-hash key when link keys are added for rotation', () => {
    const bootstrapKey = 'y'.repeat(64);
    const before = parseKeyring(JSON.stringify({ bootstrapKey }));
    const after = parseKeyring(
      JSON.stringify({ bootstrapKey, linkKeys: { k2: key(9) }, activeLinkKey: 'k2' }),
    );
    expect(Buffer.from(after.valueHashKey)).toEqual(Buffer.from(before.valueHashKey));
  });

  it.each([
    ['not json', 'the keyring is not valid JSON'],
    [
      JSON.stringify({ valueHashKey: 'c2hvcnQ=' }),
      'valueHashKey: must be a base64-encoded key of at least 32 bytes',
    ],
    [JSON.stringify({ valueHashKey: key(1), cursorKey: key(2) }), 'linkKeys: missing'],
    [JSON.stringify({ bootstrapKey: 'z'.repeat(40), activeLinkKey: 'k9' }), 'activeLinkKey'],
    [JSON.stringify({ bootstrapKey: 'z'.repeat(40), extra: 1 }), 'Unrecognized key'],
  ])('rejects %s naming the field', (document, message) => {
    expect(() => parseKeyring(document)).toThrow(message);
  });
});
