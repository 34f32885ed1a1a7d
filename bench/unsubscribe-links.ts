/**
 * `npm run bench:links`: what one unsubscribe link costs the pre-send filter, and what opening one costs the
 * public endpoint (docs/unsubscribe.md, "Cost").
 *
 * Builds 100,000 links for distinct recipients with the real builder (AES-256-GCM seal, base64url, headers) and
 * opens every token again, then compares both with one HMAC-SHA256 over the same bytes, the floor of any signed
 * link, and with the bare cipher: one AES-256-GCM seal (a fresh cipher, the header as AAD, the tag) and base64url
 * of a plaintext as long as a typical token's, nothing else — what a link cannot cost less than. Prints a markdown
 * table: microseconds per link and the ratios to both floors (target: building a link ≤ 1.3× the bare cipher),
 * plus token and URL lengths.
 */
import { createCipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
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

let urls: string[] = requests.map((request) => build(request).url);
const tokens = urls.map((url) => url.slice(url.lastIndexOf('/') + 1));
let opened = 0;
const hmacKey = createSecretKey(randomBytes(32));
const aesKey = createSecretKey(randomBytes(32));
const aad = Buffer.from([1, 2, 0x6b, 0x31]);
const plaintexts = requests.map((request) =>
  Buffer.from(
    `\u0000\u0000\u0000\u0001${request.tenantId}${request.contactId}${request.email}${request.campaignId}`,
  ),
);
// Timing only: the nonce is one buffer nudged each time (real tokens draw random nonces, bench included).
const nonce = randomBytes(12);

const operations = {
  build: () => {
    urls = requests.map((request) => build(request).url);
  },
  open: () => {
    opened = 0;
    for (const token of tokens) if (openToken(keyring, token).ok) opened++;
  },
  hmac: () => {
    for (const request of requests) {
      createHmac('sha256', hmacKey).update(JSON.stringify(request)).digest('base64url');
    }
  },
  cipher: () => {
    for (const plain of plaintexts) {
      nonce[0] = (nonce[0] as number) + 1;
      const cipher = createCipheriv('aes-256-gcm', aesKey, nonce, { authTagLength: 16 });
      cipher.setAAD(aad);
      const sealed = Buffer.concat([aad, nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      sealed.toString('base64url');
    }
  },
};
type Operation = keyof typeof operations;

/*
 * Medians over {@link ROUNDS} rounds after a warm-up (JIT, the cached AES key). Each round times every operation
 * one after the other, so that a machine busy with other work slows the floors and the builder alike.
 */
const samples: Record<Operation, number[]> = { build: [], open: [], hmac: [], cipher: [] };
for (let round = -1; round < ROUNDS; round++) {
  for (const [name, work] of Object.entries(operations) as [Operation, () => void][]) {
    const started = process.hrtime.bigint();
    work();
    if (round >= 0) samples[name].push(Number(process.hrtime.bigint() - started) / 1000 / LINKS);
  }
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const buildMicros = median(samples.build);
const openMicros = median(samples.open);
const hmacMicros = median(samples.hmac);
const cipherMicros = median(samples.cipher);
if (opened !== LINKS) throw new Error(`only ${opened} of ${LINKS} tokens opened`);

const lengths = tokens.map((token) => token.length);
const BUILD_TARGET = 1.3;
const row = (name: string, micros: number, target = '') =>
  `| ${name} | ${micros.toFixed(2)} | ${(micros / cipherMicros).toFixed(2)}×${target} | ${(micros / hmacMicros).toFixed(1)}× |`;
console.log(
  [
    `${LINKS.toLocaleString('en')} links, median of ${ROUNDS} rounds, Node ${process.version}, ${process.arch}`,
    '',
    '| operation | µs per link | vs the bare cipher | vs one HMAC-SHA256 |',
    '| --- | ---: | ---: | ---: |',
    row(
      'build link (seal + URL + headers)',
      buildMicros,
      ` (target ≤ ${BUILD_TARGET}×: ${buildMicros / cipherMicros <= BUILD_TARGET ? 'met' : 'NOT met'})`,
    ),
    row('open token', openMicros),
    row('bare AES-256-GCM seal + base64url (floor)', cipherMicros),
    row('HMAC-SHA256 of the request (floor)', hmacMicros),
    '',
    `token length: ${Math.min(...lengths)}–${Math.max(...lengths)} characters; ` +
      `URL: ${Math.max(...urls.map((url) => url.length))} characters at most`,
  ].join('\n'),
);
