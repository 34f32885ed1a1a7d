import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#domain/errors';
import { type Keyring, parseKeyring } from '#domain/keyring';
import { KINDS } from '#domain/kinds';
import {
  createTokenSealer,
  openToken,
  sealToken,
  tokenDay,
  type UnsubscribeTokenPayload,
} from '#domain/unsubscribe-token';
import { withoutUndefined } from '#domain/without-undefined';

const K1 = new Uint8Array(32).fill(1);
const K2 = new Uint8Array(32).fill(2);
const keyring = (
  activeLinkKey: string,
  linkKeys: Record<string, Uint8Array>,
): Pick<Keyring, 'activeLinkKey' | 'linkKeys'> => ({ activeLinkKey, linkKeys });
const k1Only = keyring('k1', { k1: K1 });
const bothK1Active = keyring('k1', { k1: K1, k2: K2 });
const bothK2Active = keyring('k2', { k1: K1, k2: K2 });

const typical: UnsubscribeTokenPayload = {
  tenantId: 'acme',
  contactId: '12345',
  kind: 'email',
  value: 'jane.doe@example.com',
  campaignId: 'c-42',
  issuedOn: '2026-11-23',
};

const tenantId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
const payloads: fc.Arbitrary<UnsubscribeTokenPayload> = fc
  .record({
    tenantId,
    contactId: fc.stringMatching(/^[\x21-\x7e]{1,128}$/),
    kind: fc.constantFrom(...KINDS),
    value: fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }),
    campaignId: fc.option(fc.string({ minLength: 1, maxLength: 256, unit: 'binary' }), { nil: undefined }),
    topic: fc.option(fc.stringMatching(/^[a-z0-9-]{1,40}$/), { nil: undefined }),
    issuedOn: fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2149-06-06T23:59:59Z'),
        noInvalidDate: true,
      })
      .map(tokenDay),
  })
  .map((record) => withoutUndefined(record) as UnsubscribeTokenPayload);

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const replacement = fc.oneof(
  fc.constantFrom(...BASE64URL_ALPHABET),
  fc.constantFrom('=', '+', '/', '.', '%', ' ', '\u00e9'),
);

/** Rewrites the key id inside a token's header (same length), leaving everything else as sealed. */
const relabel = (token: string, from: string, to: string): string => {
  const bytes = Buffer.from(token, 'base64url');
  expect(bytes.subarray(2, 2 + from.length).toString('ascii')).toBe(from);
  bytes.write(to, 2, 'ascii');
  return bytes.toString('base64url');
};

describe('unsubscribe tokens', () => {
  it('open to exactly what was sealed, for any payload', () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        const opened = openToken(k1Only, sealToken(k1Only, payload));
        expect(opened).toEqual({ ok: true, value: payload });
      }),
    );
  });

  it('stay under 200 characters for a typical recipient, and so does the whole URL', () => {
    const token = sealToken(k1Only, typical);
    expect(token.length).toBeLessThan(200);
    expect(`https://unsubscribe.example.com/u/${token}`.length).toBeLessThan(200);
  });

  it('carry a topic in at most a few more characters, and old tokens without one open unchanged', () => {
    const plain = sealToken(k1Only, typical);
    const withTopic = sealToken(k1Only, { ...typical, topic: 'product-news' });
    expect(withTopic.length - plain.length).toBeLessThanOrEqual(20);
    expect(`https://unsubscribe.example.com/u/${withTopic}`.length).toBeLessThan(220);
    const opened = openToken(k1Only, withTopic);
    expect(opened.ok && opened.value.topic).toBe('product-news');
    const old = openToken(k1Only, plain);
    expect(old.ok && 'topic' in old.value).toBe(false);
  });

  it('never carry the address in clear text', () => {
    const token = sealToken(k1Only, typical);
    const bytes = Buffer.from(token, 'base64url');
    for (const secret of ['jane.doe@example.com', 'jane', 'example.com', 'acme', '12345']) {
      expect(token).not.toContain(secret);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('differ each time even for the same payload, so links cannot be matched up', () => {
    expect(sealToken(k1Only, typical)).not.toBe(sealToken(k1Only, typical));
  });

  it('reject any single-character change', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), replacement, (payload, position, char) => {
        const token = sealToken(k1Only, payload);
        const index = position % token.length;
        fc.pre(token[index] !== char);
        const changed = `${token.slice(0, index)}${char}${token.slice(index + 1)}`;
        expect(openToken(k1Only, changed).ok).toBe(false);
      }),
    );
  });

  it('reject every single-character change of a typical token, the spare bits of the last character included', () => {
    const token = sealToken(k1Only, typical);
    let tried = 0;
    for (let index = 0; index < token.length; index++) {
      for (const char of BASE64URL_ALPHABET) {
        if (char === token[index]) continue;
        tried++;
        expect(openToken(k1Only, `${token.slice(0, index)}${char}${token.slice(index + 1)}`).ok).toBe(false);
      }
    }
    expect(tried).toBe(token.length * 63);
  });

  it('reject a token cut short, or with a character dropped or added', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), fc.constantFrom(...BASE64URL_ALPHABET), (payload, position, char) => {
        const token = sealToken(k1Only, payload);
        const index = position % token.length;
        expect(openToken(k1Only, token.slice(0, index)).ok).toBe(false);
        expect(openToken(k1Only, `${token.slice(0, index)}${token.slice(index + 1)}`).ok).toBe(false);
        expect(openToken(k1Only, `${token.slice(0, index)}${char}${token.slice(index)}`).ok).toBe(false);
      }),
    );
  });

  it('never open as another tenant: the tenant is inside the authenticated payload', () => {
    fc.assert(
      fc.property(payloads, tenantId, fc.nat(), replacement, (payload, otherTenant, position, char) => {
        fc.pre(otherTenant !== payload.tenantId);
        const token = sealToken(bothK1Active, payload);
        const index = position % token.length;
        const attempts = [token, `${token.slice(0, index)}${char}${token.slice(index + 1)}`];
        for (const attempt of attempts) {
          const opened = openToken(bothK1Active, attempt);
          if (opened.ok) expect(opened.value.tenantId).toBe(payload.tenantId);
        }
      }),
    );
  });

  it('reject pieces of two tokens spliced together, even of the same tenant', () => {
    fc.assert(
      fc.property(payloads, payloads, (a, b) => {
        const first = Buffer.from(sealToken(k1Only, a), 'base64url');
        const second = Buffer.from(sealToken(k1Only, b), 'base64url');
        // Header and nonce of the first, sealed payload of the second.
        const spliced = Buffer.concat([first.subarray(0, 4 + 12), second.subarray(4 + 12)]).toString(
          'base64url',
        );
        expect(openToken(k1Only, spliced)).toEqual({ ok: false, error: { code: 'not_authentic' } });
      }),
    );
  });

  it('reject a token whose key id was rewritten to another key of the keyring', () => {
    const token = sealToken(bothK1Active, typical);
    expect(openToken(bothK1Active, relabel(token, 'k1', 'k2'))).toEqual({
      ok: false,
      error: { code: 'not_authentic' },
    });
  });

  it('keep opening links sealed with k1 after k2 becomes active, and seal new ones with k2', () => {
    const old = sealToken(k1Only, typical);
    expect(openToken(bothK2Active, old)).toEqual({ ok: true, value: typical });
    const fresh = sealToken(bothK2Active, typical);
    expect(Buffer.from(fresh, 'base64url').subarray(2, 4).toString('ascii')).toBe('k2');
    expect(openToken(bothK2Active, fresh).ok).toBe(true);
    expect(openToken(k1Only, fresh)).toEqual({ ok: false, error: { code: 'unknown_key' } });
  });

  it('keep opening links of the bootstrap-derived k1 once the secret gains an explicit k2', () => {
    const bootstrapKey = 'r'.repeat(64);
    const before = parseKeyring(JSON.stringify({ bootstrapKey }));
    const after = parseKeyring(
      JSON.stringify({
        bootstrapKey,
        linkKeys: { k2: Buffer.from(K2).toString('base64') },
        activeLinkKey: 'k2',
      }),
    );
    expect(openToken(after, sealToken(before, typical))).toEqual({ ok: true, value: typical });
  });

  it('stop opening links of a key removed from the keyring', () => {
    const old = sealToken(k1Only, typical);
    expect(openToken(keyring('k2', { k2: K2 }), old)).toEqual({ ok: false, error: { code: 'unknown_key' } });
  });

  it('reject a token sealed with a different key under the same key id', () => {
    const token = sealToken(keyring('k1', { k1: K2 }), typical);
    expect(openToken(k1Only, token)).toEqual({ ok: false, error: { code: 'not_authentic' } });
  });

  it('turn garbage into an error, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 2000 }), fc.anything()),
        (input) => {
          expect(openToken(k1Only, input).ok).toBe(false);
        },
      ),
    );
    for (const input of ['', 'AQ', 'AA', 'Zm9v', 'A'.repeat(200), '__proto__', 'a'.repeat(5000)]) {
      expect(openToken(k1Only, input).ok).toBe(false);
    }
  });

  it('reject a future format version as unsupported', () => {
    const bytes = Buffer.from(sealToken(k1Only, typical), 'base64url');
    bytes[0] = 2;
    expect(openToken(k1Only, bytes.toString('base64url'))).toEqual({
      ok: false,
      error: { code: 'unsupported_version' },
    });
  });

  it('refuse to seal a payload that could never be acted on, naming the field', () => {
    expect(() => sealToken(k1Only, { ...typical, tenantId: '_global' })).toThrow(InvalidInputError);
    expect(() => sealToken(k1Only, { ...typical, tenantId: 'a b' })).toThrow(/^tenantId: /);
    expect(() => sealToken(k1Only, { ...typical, contactId: 'has space' })).toThrow(/^contactId: /);
    expect(() => sealToken(k1Only, { ...typical, value: '' })).toThrow(/^value: /);
    expect(() => sealToken(k1Only, { ...typical, campaignId: 'c'.repeat(257) })).toThrow(/^campaignId: /);
    expect(() => sealToken(k1Only, { ...typical, issuedOn: '2026-02-30' })).toThrow(/issuedOn/);
    expect(() => sealToken(k1Only, { ...typical, campaignId: 'c-\ud800' })).toThrow(/^campaignId: /);
    expect(() => sealToken(k1Only, typical, { keyId: 'k9' })).toThrow(/k9/);
  });

  it('open to exactly their own recipient when one sealer seals a whole run, long and short values mixed', () => {
    // The sealer reuses its buffers from token to token: a short token after a long one must carry nothing of it.
    const recipients = fc.array(
      fc.record({
        contactId: fc.stringMatching(/^[\x21-\x7e]{1,128}$/),
        value: fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }),
      }),
      { minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(payloads, recipients, ({ contactId: _, value: __, ...run }, batch) => {
        const seal = createTokenSealer(k1Only, run);
        const tokens = batch.map((recipient) => seal(recipient.contactId, recipient.value));
        tokens.forEach((token, index) => {
          expect(openToken(k1Only, token)).toEqual({ ok: true, value: { ...run, ...batch[index] } });
        });
      }),
    );
  });

  it('refuse, per recipient, a contact id or value that could never be acted on, and keep sealing the others', () => {
    const { contactId, value, ...run } = typical;
    const seal = createTokenSealer(k1Only, run);
    expect(() => seal('has space', value)).toThrow(/^contactId: /);
    expect(() => seal(contactId, '')).toThrow(/^value: /);
    expect(() => seal(contactId, 'x\udc00')).toThrow(/^value: /);
    expect(openToken(k1Only, seal(contactId, value))).toEqual({ ok: true, value: typical });
  });

  it('refuse a run that could never be acted on when its sealer is made, before any recipient', () => {
    const { contactId: _, value: __, ...run } = typical;
    expect(() => createTokenSealer(k1Only, { ...run, tenantId: 'a b' })).toThrow(/^tenantId: /);
    expect(() => createTokenSealer(k1Only, { ...run, campaignId: 'c-\ud800' })).toThrow(/^campaignId: /);
    expect(() => createTokenSealer(k1Only, { ...run, issuedOn: '2026-02-30' })).toThrow(/issuedOn/);
    expect(() => createTokenSealer(k1Only, run, { keyId: 'k9' })).toThrow(/k9/);
  });
});
