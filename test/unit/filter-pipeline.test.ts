import { describe, expect, it } from 'vitest';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { createCallLimiter } from '#app/call-limiter';
import { filterAudience } from '#app/filter-audience';
import type { BatchLookupResult } from '#app/ports/suppressions';
import type { BuildUnsubscribeLink } from '#app/ports/unsubscribe-links';
import { UnavailableError } from '#domain/errors';
import type { SuppressionKey } from '#domain/suppression';
import { createValueHasher, type ValueHasher } from '#domain/value-hash';

/*
 * How the filter schedules its reads, with fakes for the two lookups: the decisions themselves are covered against
 * DynamoDB Local (test/integration/filter-audience*.test.ts).
 */

const baseHasher = createValueHasher(new Uint8Array(32).fill(1));
const builder = createUnsubscribeLinkBuilder({
  keyring: { linkKeys: { k1: new Uint8Array(32).fill(2) }, activeLinkKey: 'k1' },
  publicBaseUrl: 'https://u.example.test',
});
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recipients with one address each at a domain of their own: six keys a recipient (the address, its domain and
 * the wildcard entry of its domain, each for the tenant and the global list), one contact.
 */
const payloadOf = (count: number) => ({
  tenantId: 'acme',
  campaignId: 'c-1',
  category: 'transactional',
  channels: ['email'],
  recipients: Array.from({ length: count }, (_, i) => ({ contactId: `c${i}`, email: `p${i}@d${i}.example` })),
});

interface Calls {
  /** Lookup calls running now, and the most seen at once: in all and suppression lookups alone. */
  started: number;
  running: number;
  suppressionsRunning: number;
  maxRunning: number;
  maxSuppressionsRunning: number;
}

/** A filter over fake lookups that find nothing; `answer` decides when each call returns. */
const fakeFilter = (
  options: {
    hashValue?: ValueHasher;
    buildUnsubscribeLink?: BuildUnsubscribeLink;
    answer?: (keys: readonly SuppressionKey[]) => Promise<void>;
    failWith?: Error;
  } = {},
) => {
  const calls: Calls = {
    started: 0,
    running: 0,
    suppressionsRunning: 0,
    maxRunning: 0,
    maxSuppressionsRunning: 0,
  };
  const track = async <T>(suppressions: boolean, work: () => Promise<T>): Promise<T> => {
    calls.started++;
    calls.running++;
    if (suppressions) calls.suppressionsRunning++;
    calls.maxRunning = Math.max(calls.maxRunning, calls.running);
    calls.maxSuppressionsRunning = Math.max(calls.maxSuppressionsRunning, calls.suppressionsRunning);
    try {
      return await work();
    } finally {
      calls.running--;
      if (suppressions) calls.suppressionsRunning--;
    }
  };
  const filter = filterAudience({
    suppressions: {
      batchGetSuppressions: (keys) =>
        track(true, async (): Promise<BatchLookupResult> => {
          await (options.answer?.(keys) ?? nextTurn());
          if (options.failWith) throw options.failWith;
          return { entries: new Map(), choices: [], unchecked: [], requests: 1, readUnits: 0 };
        }),
    },
    contacts: {
      batchGetDoNotContact: () =>
        track(false, async () => {
          await nextTurn();
          return { blocked: new Map(), unchecked: [] };
        }),
    },
    filterRuns: { saveFilterRun: async () => {} },
    hashValue: options.hashValue ?? baseHasher,
    buildUnsubscribeLink: options.buildUnsubscribeLink ?? builder,
    reportTtlSeconds: 3600,
  });
  return { filter, calls };
};

describe('the filter’s reads', () => {
  it('keeps 16 calls in flight for both lookups together, never more', async () => {
    // A call answers once 16 are running (or after 100 ms, for the last ones): 1,200 recipients are 72 chunks of
    // keys and 12 of contacts, more than enough to fill every slot.
    const { filter, calls } = fakeFilter({
      answer: async () => {
        const until = Date.now() + 100;
        while (calls.running < 16 && Date.now() < until)
          await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    const { stats } = await filter(payloadOf(1_200));
    expect(stats.requests).toBe(72);
    expect(calls.maxRunning).toBe(16);
    // Two pools of 8 would never let one lookup use more than 8 of them.
    expect(calls.maxSuppressionsRunning).toBeGreaterThan(8);
  });

  it('sends its first lookup before it has hashed every value', async () => {
    let hashed = 0;
    let hashedAtFirstCall: number | undefined;
    const { filter } = fakeFilter({
      hashValue: (kind, value) => {
        hashed++;
        return baseHasher(kind, value);
      },
      answer: async () => {
        hashedAtFirstCall ??= hashed;
        await nextTurn();
      },
    });
    await filter(payloadOf(1_000));
    // Three hashes a recipient: the address, `@dN.example` and `@*.dN.example`.
    expect(hashed).toBe(3_000);
    expect(hashedAtFirstCall).toBeLessThan(hashed);
  });

  it('decides and seals the first recipients while the last lookup is still unanswered', async () => {
    const lastKey = baseHasher('email', 'p499@d499.example');
    let built = 0;
    let builtBeforeLastAnswer: number | undefined;
    const { filter } = fakeFilter({
      buildUnsubscribeLink: (request) => {
        built++;
        return builder(request);
      },
      answer: async (keys) => {
        if (!keys.some((key) => key.valueHash === lastKey)) return nextTurn();
        // Give the filter every chance to decide what it can before the last answer comes.
        for (let turn = 0; turn < 200 && built === 0; turn++) await nextTurn();
        builtBeforeLastAnswer = built;
      },
    });
    const { output } = await filter(payloadOf(500));
    expect(output.eligible.map((recipient) => recipient.contactId)).toEqual(
      Array.from({ length: 500 }, (_, i) => `c${i}`),
    );
    expect(builtBeforeLastAnswer).toBeGreaterThan(0);
  });

  it('fails the run as unavailable when a lookup throws, and sends nothing more after it', async () => {
    const { filter, calls } = fakeFilter({ failWith: new Error('connect ECONNREFUSED') });
    const attempt = filter(payloadOf(1_000));
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    await expect(attempt).rejects.toThrow(/DynamoDB did not answer/);
    expect(calls.running).toBe(0);
    expect(calls.started).toBeLessThanOrEqual(16);
  });
});

describe('the call limiter', () => {
  it('runs calls in order of arrival, at most N at once, from any number of callers', async () => {
    const limit = createCallLimiter(2);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const call = (id: number) =>
      limit(async () => {
        started.push(id);
        running++;
        most = Math.max(most, running);
        await nextTurn();
        running--;
        return id;
      });
    const first = [call(1), call(2), call(3)];
    const second = [call(4), call(5)];
    expect(await Promise.all([...first, ...second])).toEqual([1, 2, 3, 4, 5]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('frees the slot of a call that throws', async () => {
    const limit = createCallLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit(async () => 'next')).toBe('next');
  });

  it('refuses a concurrency that is not a whole number of at least 1, naming it', () => {
    expect(() => createCallLimiter(0)).toThrow('concurrency 0 must be a whole number of at least 1');
  });
});
