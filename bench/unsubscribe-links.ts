/**
 * `npm run bench:links`: what one unsubscribe link costs the pre-send filter, and what opening one costs the
 * public endpoint (docs/unsubscribe.md, "Cost").
 *
 * Builds 100,000 links for distinct recipients with the real builder (AES-256-GCM seal, base64url, headers) and
 * opens every token again, then compares both with one HMAC-SHA256 over the same bytes, the floor of any signed
 * link. Prints a markdown table: microseconds per link and the ratio to the floor, plus token and URL lengths.
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { openToken } from '#domain/unsubscribe-token';

const LINKS = 100_000;
const keyring = { activeLinkKey: 'k1', linkKeys: { k1: randomBytes(32) } };
const build = createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://unsubscribe.example.com' });
const requests = Array.from({ length: LINKS }, (_, i) => ({
  tenantId: 'acme',
  contactId: String(100_000 + i),
  email: `jane.doe+${i}@example.com`,
  campaignId: 'c-42',
}));

const ROUNDS = 5;

/** Median over {@link ROUNDS} rounds after a warm-up (JIT, the cached AES key): the machine may be busy. */
const time = (work: () => void): number => {
  work();
  const rounds = Array.from({ length: ROUNDS }, () => {
    const started = process.hrtime.bigint();
    work();
    return Number(process.hrtime.bigint() - started) / 1000 / LINKS;
  }).sort((a, b) => a - b);
  return rounds[Math.floor(ROUNDS / 2)] as number;
};

let urls: string[] = [];
const buildMicros = time(() => {
  urls = requests.map((request) => build(request).url);
});
const tokens = urls.map((url) => url.slice(url.lastIndexOf('/') + 1));
let opened = 0;
const openMicros = time(() => {
  opened = 0;
  for (const token of tokens) if (openToken(keyring, token).ok) opened++;
});
const hmacKey = createSecretKey(randomBytes(32));
const hmacMicros = time(() => {
  for (const request of requests) {
    createHmac('sha256', hmacKey).update(JSON.stringify(request)).digest('base64url');
  }
});
if (opened !== LINKS) throw new Error(`only ${opened} of ${LINKS} tokens opened`);

const lengths = tokens.map((token) => token.length);
const row = (name: string, micros: number) =>
  `| ${name} | ${micros.toFixed(2)} | ${(micros / hmacMicros).toFixed(1)}× |`;
console.log(
  [
    `${LINKS.toLocaleString('en')} links, median of ${ROUNDS} rounds, Node ${process.version}, ${process.arch}`,
    '',
    '| operation | µs per link | vs one HMAC-SHA256 |',
    '| --- | ---: | ---: |',
    row('build link (seal + URL + headers)', buildMicros),
    row('open token', openMicros),
    row('HMAC-SHA256 of the request (floor)', hmacMicros),
    '',
    `token length: ${Math.min(...lengths)}–${Math.max(...lengths)} characters; ` +
      `URL: ${Math.max(...urls.map((url) => url.length))} characters at most`,
  ].join('\n'),
);
