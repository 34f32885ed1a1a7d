/**
 * `npm run bench:filter-cpu`: the pre-send filter's own CPU, with DynamoDB and the SDK out of the picture
 * (docs/filter.md, "Benchmark").
 *
 * The filter runs `npm run bench`'s scenario (10,000 recipients, 100,000 entries, all three channels) against
 * lookup ports that answer from in-process Maps, one promise turn later, so what is measured is the filter's own
 * work: validation, normalization, hashing, the lookups' bookkeeping, decisions, link sealing, the answer's size
 * check. Each round times, one after the other, the filter and a replay of exactly its port calls (the floor of
 * this in-process port: Map reads and promise turns), both by `process.cpuUsage()` (user + system, less noisy than
 * the wall clock on a shared machine) and by the wall clock; own CPU is their difference, median over the rounds.
 *
 * It then times each stage alone over the same recipients (the same calls the filter makes, in loops), so the
 * figures say where the CPU goes, and the floor under them: what the libraries the filter cannot do without cost
 * by themselves (an AES-256-GCM cipher per link, libphonenumber-js per phone, two SHA-256 per hashed value),
 * beside the garbage collector's pauses of the main thread during the filter runs (PerformanceObserver 'gc'
 * entries). Own CPU less both is what the filter's own logic costs. `--profile` also runs the filter under the V8
 * sampling profiler (node:inspector) and prints the functions and files with the most self time, writing
 * bench/results/filter-cpu.cpuprofile (open it in Chrome DevTools). Writes bench/results/filter-cpu.json. Flags:
 * `--rounds N` (default 15).
 */
import { createCipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { parsePhoneNumberWithError } from 'libphonenumber-js/min';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { answerBytesAtMost } from '#app/filter-answer';
import { filterAudience } from '#app/filter-audience';
import { parseFilterRequest } from '#app/filter-request';
import type { DoNotContactStore } from '#app/ports/contacts';
import type { FilterRunRecord } from '#app/ports/filter-runs';
import type { BatchLookupOptions, BatchLookupResult, SuppressionRepository } from '#app/ports/suppressions';
import { sameNormalizeOptions } from '#app/tenant-rules';
import { CHANNELS } from '#domain/channels';
import type { Kind } from '#domain/kinds';
import { parseValue } from '#domain/normalize';
import { domainEntriesCovering, domainOfEmail } from '#domain/normalize-domain';
import type { SuppressionEntry, SuppressionKey } from '#domain/suppression';
import { createValueHasher } from '#domain/value-hash';
import { TABLE_KEYS } from '#shared/table-contract';
import {
  asLambdaEvent,
  BENCH_NORMALIZE_OPTIONS,
  BENCH_PUBLIC_BASE_URL,
  filterPayload,
  RECIPIENTS,
  scenario,
} from './filter-scenario';
import { type TimeWindow, watchGcPauses } from './gc-pauses';
import { type ProfileSummary, profiled, selfTimeLines } from './profile';
import { seedEntries } from './seed';
import { median } from './stats';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    profile: { type: 'boolean', default: false },
    adapters: { type: 'boolean', default: false },
  },
});
const ROUNDS = Math.max(1, Number(flags.rounds));
const TARGET_CPU_MICROS = 30;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** CPU (user + system) and wall milliseconds of `work`. */
const measure = async (work: () => unknown): Promise<{ cpuMs: number; wallMs: number }> => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  return { cpuMs: cpuMs(cpu), wallMs: performance.now() - started };
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const perRecipientMicros = (ms: number) => round((ms * 1000) / RECIPIENTS);

// --- in-process lookup ports ----------------------------------------------------------------------------

const { recipients, entries } = scenario();
/** A key as one string, to find it in the in-process store. */
const keyIdOf = (key: SuppressionKey): string => `${key.tenantId}\u0000${key.kind}\u0000${key.valueHash}`;
const hashValue = createValueHasher(randomBytes(32));
const stored = new Map<string, SuppressionEntry>();
const at = new Date(0).toISOString();
for (const entry of entries) {
  const key = { tenantId: entry.tenantId, kind: entry.kind, valueHash: hashValue(entry.kind, entry.value) };
  stored.set(keyIdOf(key), {
    ...key,
    createdAt: at,
    updatedAt: at,
    sources: { [entry.source]: { at } },
    version: 1,
  });
}

/** Every port call of a run, to replay them bare as the floor. */
let calls: (() => Promise<unknown>)[] = [];

const suppressions: Pick<SuppressionRepository, 'batchGetSuppressions'> = {
  async batchGetSuppressions(keys: readonly SuppressionKey[], options?: BatchLookupOptions) {
    calls.push(() => suppressions.batchGetSuppressions(keys, options));
    await null;
    const found = new Map<string, SuppressionEntry>();
    for (const key of keys) {
      const id = keyIdOf(key);
      const entry = stored.get(id);
      if (entry !== undefined) found.set(id, entry);
    }
    const result: BatchLookupResult = {
      entries: found,
      choices: [],
      unchecked: [],
      requests: 1,
      readUnits: found.size / 2,
    };
    return result;
  },
};
const contacts: Pick<DoNotContactStore, 'batchGetDoNotContact'> = {
  async batchGetDoNotContact(tenantId: string, contactIds: readonly string[]) {
    calls.push(() => contacts.batchGetDoNotContact(tenantId, contactIds));
    await null;
    return { blocked: new Map(), unchecked: [] };
  },
};
let saved: FilterRunRecord | undefined;

/**
 * With `--adapters`: a document client answering BatchGetItem and BatchWriteItem from an in-process Map of items,
 * under the service's own DynamoDB repositories, so their work (keys, projections, reading the answers) counts as
 * the filter's too, as in `npm run bench`, while the SDK's (marshalling, HTTP) stays out.
 */
const items = new Map<string, Record<string, unknown>>();
const itemId = (key: Record<string, unknown>) =>
  `${String(key[TABLE_KEYS.partitionKey])}\u0000${String(key[TABLE_KEYS.sortKey])}`;
const inProcessClient = {
  async send(command: unknown) {
    if (command instanceof BatchGetCommand) {
      const input: BatchGetCommandInput = command.input;
      calls.push(() => inProcessClient.send(new BatchGetCommand(input)));
      await null;
      const responses: Record<string, Record<string, unknown>[]> = {};
      for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
        responses[table] = (request.Keys ?? []).flatMap((key: Record<string, unknown>) => {
          const item = items.get(itemId(key));
          return item === undefined ? [] : [item];
        });
      }
      return { Responses: responses, UnprocessedKeys: {}, ConsumedCapacity: [] };
    }
    if (command instanceof BatchWriteCommand) {
      const input: BatchWriteCommandInput = command.input;
      await null;
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const { PutRequest } of requests)
          if (PutRequest?.Item) items.set(itemId(PutRequest.Item), PutRequest.Item);
      }
      return { UnprocessedItems: {} };
    }
    throw new Error(`the in-process client does not answer ${String((command as object).constructor.name)}`);
  },
} as unknown as DynamoDBDocumentClient;
const TABLE = 'quietlist-bench';
if (flags.adapters) await seedEntries(inProcessClient, TABLE, hashValue, entries);

const buildUnsubscribeLink = createUnsubscribeLinkBuilder({
  keyring: { linkKeys: { k1: randomBytes(32) }, activeLinkKey: 'k1' },
  publicBaseUrl: BENCH_PUBLIC_BASE_URL,
});
const filter = filterAudience({
  ...(flags.adapters
    ? {
        suppressions: new DynamoDbSuppressionRepository(inProcessClient, TABLE),
        contacts: new DynamoDbContactRepository(inProcessClient, TABLE),
        filterRuns: new DynamoDbFilterRunRepository(inProcessClient, TABLE),
      }
    : {
        suppressions,
        contacts,
        filterRuns: {
          async saveFilterRun(report: FilterRunRecord) {
            saved = report;
          },
        },
      }),
  hashValue,
  buildUnsubscribeLink,
  reportTtlSeconds: 90 * 24 * 3600,
  normalizeOptionsFor: sameNormalizeOptions(BENCH_NORMALIZE_OPTIONS),
});
const payload = filterPayload(recipients);
const payloadJson = JSON.stringify(payload);

// --- the rounds -----------------------------------------------------------------------------------------

const loadAtStart = loadavg();
process.stdout.write(
  `Filter in process${flags.adapters ? ', through the DynamoDB adapters' : ''}, ${RECIPIENTS} recipients, ${ROUNDS} rounds (+2 warm-up)… `,
);
const filterCpu: number[] = [];
const filterWall: number[] = [];
const floorCpu: number[] = [];
const ownCpu: number[] = [];
const gcPauses = watchGcPauses();
/** Each counted filter run's window on the performance clock. */
const filterWindows: TimeWindow[] = [];
let answer: Awaited<ReturnType<typeof filter>> | undefined;
for (let run = -2; run < ROUNDS; run++) {
  calls = [];
  const event = asLambdaEvent(payloadJson);
  const from = performance.now();
  const filtered = await measure(async () => {
    answer = await filter(event);
  });
  const to = performance.now();
  const replay = calls;
  calls = [];
  const floor = await measure(() => Promise.all(replay.map((call) => call())));
  if (run < 0) continue;
  filterWindows.push({ from, to });
  filterCpu.push(filtered.cpuMs);
  filterWall.push(filtered.wallMs);
  floorCpu.push(floor.cpuMs);
  ownCpu.push(filtered.cpuMs - floor.cpuMs);
}
await gcPauses.stop();
const gcMsPerRound = filterWindows.map((window) => gcPauses.within(window));
if (answer === undefined || (saved === undefined && !flags.adapters)) throw new Error('no filter run');
console.log('done');

// --- each stage alone -----------------------------------------------------------------------------------

/** Median CPU ms of `work` over five runs (after one warm-up). */
const stage = async (work: () => unknown): Promise<number> => {
  await work();
  const times: number[] = [];
  for (let n = 0; n < 5; n++) times.push((await measure(work)).cpuMs);
  return median(times);
};

// Validation keeps nothing between calls: one event, parsed as Lambda would, serves every timing.
const stageEvent = asLambdaEvent(payloadJson);
const request = parseFilterRequest(stageEvent);
const values = request.recipients.flatMap((recipient) =>
  CHANNELS.flatMap((channel) => recipient.values[channel].map((raw) => ({ channel, raw }))),
);
const normalizedValues = values.flatMap(({ channel, raw }) => {
  const parsed = parseValue(channel, raw, BENCH_NORMALIZE_OPTIONS);
  return parsed.ok ? [{ kind: channel as Kind, value: parsed.value.value }] : [];
});
const domains = normalizedValues
  .filter((value) => value.kind === 'email')
  .flatMap((value) => domainEntriesCovering(domainOfEmail(value.value)));
const linkRequests = answer.output.eligible.flatMap((recipient) =>
  recipient.emails.map((email) => ({
    tenantId: request.tenantId,
    contactId: recipient.contactId,
    email: email.address,
    campaignId: request.campaignId,
  })),
);
process.stdout.write('Timing each stage alone… ');
// Hashing is both a stage and part of the libraries' floor (value-hash.ts is two bare `crypto.hash` calls): timed once.
const hashMs = await stage(() => {
  for (const value of normalizedValues) hashValue(value.kind, value.value);
});
const stages = {
  'validate the payload (parseFilterRequest)': await stage(() => parseFilterRequest(stageEvent)),
  [`normalize ${values.length} values (parseValue)`]: await stage(() => {
    for (const { channel, raw } of values) parseValue(channel, raw, BENCH_NORMALIZE_OPTIONS);
  }),
  [`normalize the ${values.filter((v) => v.channel === 'email').length} emails`]: await stage(() => {
    for (const { channel, raw } of values) if (channel === 'email') parseValue(channel, raw);
  }),
  [`normalize the ${values.filter((v) => v.channel === 'phone').length} phones`]: await stage(() => {
    for (const { channel, raw } of values)
      if (channel === 'phone') parseValue(channel, raw, BENCH_NORMALIZE_OPTIONS);
  }),
  [`normalize the ${values.filter((v) => v.channel === 'linkedin').length} LinkedIn URLs`]: await stage(
    () => {
      for (const { channel, raw } of values) if (channel === 'linkedin') parseValue(channel, raw);
    },
  ),
  [`domain entries covering each email (${domains.length}, before de-duplication)`]: await stage(() => {
    for (const value of normalizedValues)
      if (value.kind === 'email') domainEntriesCovering(domainOfEmail(value.value));
  }),
  [`hash ${normalizedValues.length} values`]: hashMs,
  [`seal ${linkRequests.length} unsubscribe links`]: await stage(() => {
    for (const link of linkRequests) buildUnsubscribeLink(link);
  }),
  "bound the answer's size (answerBytesAtMost)": await stage(() => {
    if (answer !== undefined) answerBytesAtMost(answer.output);
  }),
};
/*
 * What the libraries the filter must call cost by themselves, with no code of ours around them: the floor under
 * the stages above. A link is one AES-256-GCM seal, and Node.js makes a cipher object per message (its key
 * schedule included); a phone is libphonenumber-js's parse and validity check; the answer is serialized once for
 * its size. Hashing is the stage above: value-hash.ts already is two bare `crypto.hash` calls.
 */
const aesKey = createSecretKey(randomBytes(32));
const aad = Buffer.from([1, 2, 107, 49]);
const plaintexts = linkRequests.map(({ tenantId, contactId, email, campaignId }) =>
  Buffer.from(`1234${tenantId}.${contactId}.${email}.${campaignId ?? ''}`),
);
const nonce = randomBytes(12);
const phoneInputs = values.filter((value) => value.channel === 'phone').map((value) => value.raw);
const libraryFloors = {
  [`AES-256-GCM alone, a cipher per link (${linkRequests.length})`]: await stage(() => {
    for (const plain of plaintexts) {
      const cipher = createCipheriv('aes-256-gcm', aesKey, nonce, { authTagLength: 16 });
      cipher.setAAD(aad);
      const sealed = cipher.update(plain);
      cipher.final();
      Buffer.concat([sealed, cipher.getAuthTag()]).toString('base64url');
    }
  }),
  [`libphonenumber-js alone, parse and isValid (${phoneInputs.length} phones)`]: await stage(() => {
    for (const raw of phoneInputs)
      parsePhoneNumberWithError(raw, {
        defaultCountry: BENCH_NORMALIZE_OPTIONS.defaultPhoneCountry,
      }).isValid();
  }),
  [`hash ${normalizedValues.length} values (two crypto.hash calls each)`]: hashMs,
};
console.log('done');

// --- the profile ----------------------------------------------------------------------------------------

let profile: ProfileSummary | undefined;
if (flags.profile) {
  process.stdout.write('Profiling 5 filter runs… ');
  profile = await profiled(
    async () => {
      for (let n = 0; n < 5; n++) await filter(asLambdaEvent(payloadJson));
    },
    new URL('./results/filter-cpu.cpuprofile', import.meta.url),
  );
  console.log('done (bench/results/filter-cpu.cpuprofile)');
}

// --- the report -----------------------------------------------------------------------------------------

const figures = {
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    cores: availableParallelism(),
    loadAverageAtStart: loadAtStart.map((load) => round(load, 2)),
    loadAverageAtEnd: loadavg().map((load) => round(load, 2)),
  },
  recipients: RECIPIENTS,
  rounds: ROUNDS,
  filter: {
    cpuMsPerRound: filterCpu.map((ms) => round(ms)),
    wallMsPerRound: filterWall.map((ms) => round(ms)),
    cpuMicrosPerRecipient: perRecipientMicros(median(filterCpu)),
    wallMicrosPerRecipient: perRecipientMicros(median(filterWall)),
  },
  portFloor: { cpuMsPerRound: floorCpu.map((ms) => round(ms)) },
  ownCpu: {
    method: 'process.cpuUsage() around each filter run minus around the replay of its port calls, same round',
    microsPerRecipient: perRecipientMicros(median(ownCpu)),
    minMicrosPerRecipient: perRecipientMicros(Math.min(...ownCpu)),
    targetMicrosPerRecipient: TARGET_CPU_MICROS,
  },
  stagesMicrosPerRecipient: Object.fromEntries(
    Object.entries(stages).map(([name, ms]) => [name, perRecipientMicros(ms)]),
  ),
  libraryFloorsMicrosPerRecipient: Object.fromEntries(
    Object.entries(libraryFloors).map(([name, ms]) => [name, perRecipientMicros(ms)]),
  ),
  libraryFloorMicrosPerRecipient: perRecipientMicros(
    Object.values(libraryFloors).reduce((sum, ms) => sum + ms, 0),
  ),
  gcPauseMicrosPerRecipient: perRecipientMicros(median(gcMsPerRound)),
  ...(profile === undefined
    ? {}
    : {
        profileSelfMs: {
          totalMs: round(profile.totalMs),
          files: Object.fromEntries(profile.files.map(([name, ms]) => [name, round(ms)])),
          functions: Object.fromEntries(profile.functions.map(([name, ms]) => [name, round(ms)])),
        },
      }),
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/filter-cpu.json', import.meta.url),
  `${JSON.stringify(figures, null, 2)}\n`,
);

const f = figures;
console.log(
  [
    '',
    `| ${RECIPIENTS} recipients, median of ${ROUNDS} rounds | per recipient |`,
    '| --- | --- |',
    `| filter, CPU (user + system) | ${f.filter.cpuMicrosPerRecipient} µs |`,
    `| filter, wall | ${f.filter.wallMicrosPerRecipient} µs |`,
    `| **own CPU** (filter − replay of its port calls) | **${f.ownCpu.microsPerRecipient} µs** (best round ${f.ownCpu.minMicrosPerRecipient} µs; target ≤ ${TARGET_CPU_MICROS} µs: ${f.ownCpu.microsPerRecipient <= TARGET_CPU_MICROS ? 'met' : 'NOT met'}) |`,
    '',
    '| stage alone (CPU, median of 5) | per recipient |',
    '| --- | --- |',
    ...Object.entries(f.stagesMicrosPerRecipient).map(([name, micros]) => `| ${name} | ${micros} µs |`),
    '',
    '| what the filter cannot do without (CPU alone, median of 5) | per recipient |',
    '| --- | --- |',
    ...Object.entries(f.libraryFloorsMicrosPerRecipient).map(
      ([name, micros]) => `| ${name} | ${micros} µs |`,
    ),
    `| **libraries' floor**, together | **${f.libraryFloorMicrosPerRecipient} µs** |`,
    `| garbage collector's pauses during the filter runs (main thread, median) | ${f.gcPauseMicrosPerRecipient} µs |`,
    `| own CPU beyond the libraries' floor and the pauses | ${round(f.ownCpu.microsPerRecipient - f.libraryFloorMicrosPerRecipient - f.gcPauseMicrosPerRecipient)} µs |`,
    ...(profile === undefined
      ? []
      : [
          '',
          `Profile of 5 runs (${round(profile.totalMs)} ms), self time by file:`,
          ...selfTimeLines(profile.files),
          'by function:',
          ...selfTimeLines(profile.functions),
        ]),
    '',
    `answer: ${Buffer.byteLength(JSON.stringify(answer.output))} bytes; ${JSON.stringify(answer.output.summary)}`,
    `load average at start ${f.environment.loadAverageAtStart.join(', ')}, at the end ${f.environment.loadAverageAtEnd.join(', ')} (${f.environment.cores} cores); figures in bench/results/filter-cpu.json`,
  ].join('\n'),
);
