import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { openToken } from '#domain/unsubscribe-token';
import { wireUnsubscribeLinks } from '#wiring/unsubscribe-links';

const keyring = { activeLinkKey: 'k1', linkKeys: { k1: new Uint8Array(32).fill(5) } };
const request = { tenantId: 'acme', contactId: '12345', email: 'jane.doe@example.com', campaignId: 'c-42' };
const now = () => new Date('2026-11-23T10:00:00Z');

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('building an unsubscribe link', () => {
  it('gives the URL under /u/ and exactly the two headers a sender adds', () => {
    const build = createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://u.example.com', now });
    const link = build(request);

    expect(link.url).toMatch(/^https:\/\/u\.example\.com\/u\/[A-Za-z0-9_-]+$/);
    expect(link.headers).toEqual({
      'List-Unsubscribe': `<${link.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('seals the recipient, the email and the campaign into the token', () => {
    const link = createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://u.example.com', now })(
      request,
    );
    expect(openToken(keyring, tokenOf(link.url))).toEqual({
      ok: true,
      value: {
        tenantId: 'acme',
        contactId: '12345',
        kind: 'email',
        value: 'jane.doe@example.com',
        campaignId: 'c-42',
        issuedOn: '2026-11-23',
      },
    });
  });

  it('keeps a path in the base URL and drops its trailing slash', () => {
    const build = createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://example.com/mail/', now });
    expect(build(request).url).toMatch(/^https:\/\/example\.com\/mail\/u\/[A-Za-z0-9_-]+$/);
  });

  it('adds the mailto alternative after the https URI only when one is configured', () => {
    const build = createUnsubscribeLinkBuilder({
      keyring,
      publicBaseUrl: 'https://u.example.com',
      mailto: 'Unsubscribe@News.Example.com',
    });
    const link = build(request);
    const token = tokenOf(link.url);
    expect(link.headers['List-Unsubscribe']).toBe(
      `<${link.url}>, <mailto:unsubscribe@news.example.com?subject=unsubscribe%20${token}>`,
    );
  });

  it('refuses at setup a base URL or a mailto address that cannot work', () => {
    expect(() => createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'u.example.com' })).toThrow(
      /not a URL/,
    );
    expect(() => createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'ftp://u.example.com' })).toThrow(
      /http\(s\)/,
    );
    expect(() =>
      createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://u.example.com', mailto: 'nobody' }),
    ).toThrow(/mailto/);
  });

  it('seals each link with its own tenant, campaign and day when they change from one link to the next', () => {
    // The builder keeps the last run's sealer: a change of tenant, campaign or day must give a new one.
    let at = new Date('2026-11-23T23:59:59Z');
    const build = createUnsubscribeLinkBuilder({
      keyring,
      publicBaseUrl: 'https://u.example.com',
      now: () => at,
    });
    const opened = (link: { url: string }) => {
      const result = openToken(keyring, tokenOf(link.url));
      if (!result.ok) throw new Error(result.error.code);
      return result.value;
    };
    expect(opened(build(request))).toMatchObject({
      tenantId: 'acme',
      campaignId: 'c-42',
      issuedOn: '2026-11-23',
    });
    expect(opened(build({ ...request, tenantId: 'globex' }))).toMatchObject({ tenantId: 'globex' });
    expect(opened(build({ ...request, campaignId: 'c-43' }))).toMatchObject({
      tenantId: 'acme',
      campaignId: 'c-43',
    });
    const { campaignId: _, ...withoutCampaign } = request;
    expect(opened(build(withoutCampaign))).not.toHaveProperty('campaignId');
    at = new Date('2026-11-24T00:00:00Z');
    expect(opened(build(request))).toMatchObject({ campaignId: 'c-42', issuedOn: '2026-11-24' });
  });

  it('refuses a recipient whose contact id could never be unsubscribed, naming the field', () => {
    const build = createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://u.example.com' });
    expect(() => build({ ...request, contactId: 'with space' })).toThrow(/^contactId: /);
  });
});

describe('the link builder a function is wired with', () => {
  let dir: string;
  let keysSource: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quietlist-keys-'));
    const file = path.join(dir, 'keyring.json');
    await writeFile(file, JSON.stringify({ bootstrapKey: 'b'.repeat(64) }));
    keysSource = `file:${file}`;
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names QUIETLIST_PUBLIC_BASE_URL when a function builds a link without it', async () => {
    const services = await wireUnsubscribeLinks({
      tableName: 't',
      keysSource,
      dynamoDbEndpoint: 'http://127.0.0.1:1',
    });
    expect(() => services.buildUnsubscribeLink(request)).toThrow(/QUIETLIST_PUBLIC_BASE_URL/);
  });

  it('offers the configured mailto alternative', async () => {
    const services = await wireUnsubscribeLinks({
      tableName: 't',
      keysSource,
      dynamoDbEndpoint: 'http://127.0.0.1:1',
      publicBaseUrl: 'https://u.example.com',
      unsubscribeMailto: 'unsubscribe@example.com',
    });
    expect(services.buildUnsubscribeLink(request).headers['List-Unsubscribe']).toContain(
      ', <mailto:unsubscribe@example.com?subject=unsubscribe%20',
    );
  });
});
