import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { answerBytesAtMost, type FilterAudienceOutput } from '#app/filter-answer';
import { filterAudience } from '#app/filter-audience';
import { MAX_PAYLOAD_BYTES } from '#app/filter-request';
import { FILTER_REASONS } from '#domain/filter-reasons';
import { createValueHasher } from '#domain/value-hash';

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Any UTF-16 code units: control characters, quotes, backslashes, characters of every width, lone surrogates. */
const anyText = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((units) => String.fromCharCode(...units));
/** What JSON writes as it is: printable ASCII but `"` and `\`. */
const verbatimText = fc
  .array(
    fc.integer({ min: 0x20, max: 0x7e }).filter((code) => code !== 0x22 && code !== 0x5c),
    { maxLength: 40 },
  )
  .map((codes) => String.fromCharCode(...codes));

const answers = (text: fc.Arbitrary<string>): fc.Arbitrary<FilterAudienceOutput> => {
  const reasons = fc.array(fc.constantFrom(...FILTER_REASONS), { maxLength: 3 });
  const email = fc.record({
    address: text,
    unsubscribeUrl: text,
    headers: fc.record({
      'List-Unsubscribe': text,
      'List-Unsubscribe-Post': fc.constant('List-Unsubscribe=One-Click' as const),
    }),
  });
  return fc.record({
    runId: text,
    summary: fc.record({
      received: fc.nat(),
      eligible: fc.nat(),
      filtered: fc.nat(),
      byReason: fc.dictionary(fc.constantFrom(...FILTER_REASONS), fc.nat()),
    }),
    eligible: fc.array(
      fc.record({
        contactId: text,
        emails: fc.array(email, { maxLength: 3 }),
        phones: fc.array(text, { maxLength: 2 }),
        linkedinUrls: fc.array(text, { maxLength: 2 }),
        blocked: fc.array(
          fc.record({ kind: fc.constantFrom('email', 'phone', 'linkedin' as const), value: text, reasons }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 8 },
    ),
    filtered: fc.array(fc.record({ contactId: text, reasons }), { maxLength: 8 }),
  });
};

/** The filter over lookups that find nothing, as in test/unit/filter-pipeline.test.ts. */
const filter = filterAudience({
  suppressions: {
    batchGetSuppressions: async () => ({
      entries: new Map(),
      choices: [],
      unchecked: [],
      requests: 1,
      readUnits: 0,
    }),
  },
  contacts: { batchGetDoNotContact: async () => ({ blocked: new Map(), unchecked: [] }) },
  filterRuns: { saveFilterRun: async () => {} },
  hashValue: createValueHasher(new Uint8Array(32).fill(1)),
  buildUnsubscribeLink: createUnsubscribeLinkBuilder({
    keyring: { linkKeys: { k1: new Uint8Array(32).fill(2) }, activeLinkKey: 'k1' },
    publicBaseUrl: 'https://u.example.test',
  }),
  reportTtlSeconds: 3600,
});

/** Recipients with an address and a phone number that is 1,000 `é`: invalid, so blocked and echoed as given. */
const withWidePhones = (count: number) => ({
  tenantId: 'acme',
  campaignId: 'c-1',
  category: 'transactional',
  channels: ['email', 'phone'],
  recipients: Array.from({ length: count }, (_, i) => ({
    contactId: `c${i}`,
    email: `person${i}@example.com`,
    phone: 'é'.repeat(1_000),
  })),
});

describe("the bound on the filter's answer", () => {
  it('is never below the bytes of its JSON, whatever its strings hold', () => {
    fc.assert(
      fc.property(answers(anyText), (output) => {
        expect(answerBytesAtMost(output)).toBeGreaterThanOrEqual(jsonBytes(output));
      }),
      { numRuns: 500 },
    );
  });

  it('is exactly the bytes of its JSON when every string is printable ASCII without " or \\', () => {
    fc.assert(
      fc.property(answers(verbatimText), (output) => {
        expect(answerBytesAtMost(output)).toBe(jsonBytes(output));
      }),
      { numRuns: 500 },
    );
  });

  it("is exact on the filter's own answer: addresses, links, headers, numbers, blocked values and reasons", async () => {
    const { output } = await filter({
      tenantId: 'acme',
      campaignId: 'c-1',
      category: 'transactional',
      channels: ['email', 'phone', 'linkedin'],
      recipients: [
        { contactId: 'c1', emails: ['Jane@Example.com', 'j.doe@example.org'], phone: '+44 20 7946 0958' },
        { contactId: 'c2', email: 'not an address', linkedinUrl: 'https://www.linkedin.com/in/jane-doe/' },
        { contactId: 'c3' },
      ],
    });
    expect(output.eligible).toHaveLength(2);
    expect(output.filtered).toHaveLength(1);
    expect(answerBytesAtMost(output)).toBe(jsonBytes(output));
  });
});

describe("the filter's answer and Lambda's 6 MB response", () => {
  it('is measured exactly when the bound is over the limit, and answered when the JSON is under it', async () => {
    // Each echoed `é` is two bytes of JSON but counts six in the bound: about 5 MB of answer, bounded at 13 MB.
    const { output } = await filter(withWidePhones(2_000));
    expect(answerBytesAtMost(output)).toBeGreaterThan(MAX_PAYLOAD_BYTES);
    expect(jsonBytes(output)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(output.eligible).toHaveLength(2_000);
  });

  it('refuses an answer over 6 MB, naming its size and how many recipients fit', async () => {
    // Under 6 MB of request, over 6 MB of answer: 2,800 echoed phones and as many links.
    const payload = withWidePhones(2_800);
    expect(jsonBytes(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    await expect(filter(payload)).rejects.toThrow(
      /^recipients: the answer for 2800 recipients would be \d+ bytes, over Lambda's 6 MB response limit; send at most \d+ recipients per call$/,
    );
  });
});
