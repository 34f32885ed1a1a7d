import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import type { Source } from '#domain/sources';
import type { SuppressionEntry, SuppressionKey } from '#domain/suppression';
import { eventFor, keyOf, type TestTable, testTable, uniqueTenant } from '../support/repositories';

let table: TestTable;
let repo: DynamoDbSuppressionRepository;
let activity: DynamoDbActivityLog;

beforeAll(async () => {
  table = await testTable();
  repo = new DynamoDbSuppressionRepository(table.doc, table.tableName, { sleep: async () => {} });
  activity = new DynamoDbActivityLog(table.doc, table.tableName);
});

const suppress = (
  key: SuppressionKey,
  value: string,
  source: Source,
  at = new Date().toISOString(),
  addedBy?: string,
) =>
  repo.addSuppression({
    key,
    value,
    display: value,
    source,
    record: { at, ...(addedBy ? { addedBy } : {}) },
    event: eventFor(key, { at, source, value }),
  });

/** The entry as stored; these tests only remove what they have just added. */
const existing = async (key: SuppressionKey): Promise<SuppressionEntry> => {
  const entry = await repo.getSuppression(key);
  if (!entry) throw new Error('expected the entry to exist');
  return entry;
};

const eventsOf = async (key: SuppressionKey) =>
  (await activity.listValueActivityNewestFirst(key, { limit: 100 })).items;

describe('adding a suppression', () => {
  it('writes the entry and its activity event together', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'jane@example.com');
    const outcome = await suppress(key, 'jane@example.com', 'admin', undefined, 'u-7');

    expect(outcome.status).toBe('added');
    const entry = await existing(key);
    expect(entry.sources.admin?.addedBy).toBe('u-7');
    expect(entry.value).toBe('jane@example.com');
    expect(entry.version).toBe(1);
    const events = await eventsOf(key);
    expect(events).toHaveLength(1);
    expect(events[0]?.action).toBe('suppressed');
  });

  it('keeps the hash, not the value, in every key', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'secret.person@example.com');
    await suppress(key, 'secret.person@example.com', 'link');
    const raw = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SUP#${key.tenantId}#email#${key.valueHash}` },
      }),
    );
    expect(raw.Items?.length).toBe(2);
    for (const item of raw.Items ?? []) {
      for (const name of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']) {
        expect(String(item[name] ?? '')).not.toContain('secret.person');
      }
    }
  });

  it('changes nothing when the same source suppresses the same value again', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'repeat@example.com');
    await suppress(key, 'repeat@example.com', 'link');
    const again = await suppress(key, 'repeat@example.com', 'link');

    expect(again.status).toBe('already_suppressed');
    expect(again.status === 'already_suppressed' && again.entry.version).toBe(1);
    expect(await eventsOf(key)).toHaveLength(1);
  });

  it('adds a second source beside the first and widens the scope', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'two@example.com');
    await suppress(key, 'two@example.com', 'link');
    const second = await suppress(key, 'two@example.com', 'bounce');

    expect(second.status).toBe('source_added');
    const entry = await existing(key);
    expect(Object.keys(entry.sources).sort()).toEqual(['bounce', 'link']);
    expect(entry.version).toBe(2);
    expect(await eventsOf(key)).toHaveLength(2);
  });

  it('lets exactly one of twenty concurrent identical writes through', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'race@example.com');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => suppress(key, 'race@example.com', 'list_unsubscribe')),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'added')).toHaveLength(1);
    expect(await eventsOf(key)).toHaveLength(1);
  });

  it('tells the one new entry from the one joining source when two sources race on a value', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'two-races@example.com');
    const sources: Source[] = ['link', 'bounce'];
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => suppress(key, 'two-races@example.com', sources[i % 2] as Source)),
    );

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([
      'added',
      ...Array.from({ length: 14 }, () => 'already_suppressed'),
      'source_added',
    ]);
    expect((await eventsOf(key)).map((event) => event.source).sort()).toEqual(['bounce', 'link']);
    expect((await existing(key)).version).toBe(2);
  });

  it('writes right whatever the caller believed about the entry, one event per source added', async () => {
    const tenant = uniqueTenant();
    const fresh = keyOf(tenant, 'email', 'fresh@example.com');
    const held = keyOf(tenant, 'email', 'held@example.com');
    await suppress(held, 'held@example.com', 'bounce');
    const command = (key: SuppressionKey, value: string, entryExists: boolean) => ({
      key,
      value,
      display: value,
      source: 'admin' as const,
      record: { at: new Date().toISOString() },
      event: eventFor(key, { source: 'admin', value }),
      entryExists,
    });

    // Both beliefs wrong: the fresh value is said to exist, the held one not to.
    const outcomes = await repo.addSuppressions([
      command(fresh, 'fresh@example.com', true),
      command(held, 'held@example.com', false),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['added', 'source_added']);
    // The refused create handed back the entry it found: the sources held before the join.
    const joined = outcomes[1];
    expect(joined?.status === 'source_added' && Object.keys(joined.entry?.sources ?? {})).toEqual(['bounce']);
    expect((await existing(fresh)).sources.admin).toBeDefined();
    expect(Object.keys((await existing(held)).sources).sort()).toEqual(['admin', 'bounce']);
    expect(await eventsOf(fresh)).toHaveLength(1);
    expect(await eventsOf(held)).toHaveLength(2);
  });
});

describe('removing sources', () => {
  it('keeps the entry while another source still holds it', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'keep@example.com');
    await suppress(key, 'keep@example.com', 'admin');
    await suppress(key, 'keep@example.com', 'bounce');

    const outcome = await repo.removeSources({
      key,
      sources: ['admin'],
      current: await existing(key),
      event: eventFor(key, { action: 'restored' }),
    });

    expect(outcome).toBe('removed');
    const after = await repo.getSuppression(key);
    expect(Object.keys(after?.sources ?? {})).toEqual(['bounce']);
  });

  it('deletes the entry when its last source goes, keeping the history', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'gone@example.com');
    await suppress(key, 'gone@example.com', 'admin');

    await repo.removeSources({
      key,
      sources: ['admin'],
      current: await existing(key),
      event: eventFor(key, { action: 'restored' }),
    });

    expect(await repo.getSuppression(key)).toBeUndefined();
    expect((await eventsOf(key)).map((event) => event.action)).toEqual(['restored', 'suppressed']);
  });

  it('reports a conflict instead of overwriting a change made since the read', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'stale@example.com');
    await suppress(key, 'stale@example.com', 'admin');
    const read = await existing(key);
    await suppress(key, 'stale@example.com', 'link');

    const outcome = await repo.removeSources({
      key,
      sources: ['admin'],
      current: read,
      event: eventFor(key),
    });

    expect(outcome).toBe('conflict');
    expect(Object.keys((await repo.getSuppression(key))?.sources ?? {}).sort()).toEqual(['admin', 'link']);
  });
});

describe('batch lookup', () => {
  it('answers for more than 100 keys across several calls, the global list included', async () => {
    const tenant = uniqueTenant();
    const suppressed = Array.from({ length: 130 }, (_, i) => keyOf(tenant, 'email', `s${i}@example.com`));
    await Promise.all(suppressed.map((key, i) => suppress(key, `s${i}@example.com`, 'api')));
    const globalKey = keyOf('_global', 'domain', `@global-${tenant}.example`);
    await suppress(globalKey, `@global-${tenant}.example`, 'admin');
    const clean = Array.from({ length: 120 }, (_, i) => keyOf(tenant, 'email', `c${i}@example.com`));

    const result = await repo.batchGetSuppressions([
      ...suppressed,
      ...clean,
      globalKey,
      ...suppressed.slice(0, 10),
    ]);

    expect(result.entries.size).toBe(131);
    expect(result.unchecked).toEqual([]);
    expect(result.requests).toBeGreaterThanOrEqual(3);
  });

  it('trusts distinctKeys: the filter skips the check, and a key repeated anyway fails closed', async () => {
    const tenant = uniqueTenant();
    const key = keyOf(tenant, 'email', 'twice@example.com');
    await suppress(key, 'twice@example.com', 'api');
    const other = keyOf(tenant, 'email', 'once@example.com');

    // Distinct as promised: read as usual.
    const distinct = await repo.batchGetSuppressions([key, other], { distinctKeys: true });
    expect([...distinct.entries.keys()]).toHaveLength(1);
    expect(distinct.unchecked).toEqual([]);

    // The promise broken: DynamoDB refuses a call naming one key twice, and nothing in it is read as allowed.
    const repeated = await repo.batchGetSuppressions([key, other, key], { distinctKeys: true });
    expect(repeated.entries.size).toBe(0);
    expect(repeated.unchecked).toHaveLength(3);

    // Without the promise the repository de-duplicates, as for every other caller.
    const checked = await repo.batchGetSuppressions([key, other, key]);
    expect(checked.entries.size).toBe(1);
    expect(checked.unchecked).toEqual([]);
  });

  it('reports keys DynamoDB never processes as unchecked, never as absent', async () => {
    const stubborn = {
      send: async (command: BatchGetCommand) => ({
        Responses: {},
        UnprocessedKeys: command.input.RequestItems,
      }),
    } as unknown as DynamoDBDocumentClient;
    const faulty = new DynamoDbSuppressionRepository(stubborn, table.tableName, {
      sleep: async () => {},
      maxAttempts: 3,
    });
    const keys = Array.from({ length: 150 }, (_, i) => keyOf('t-x', 'email', `u${i}@example.com`));

    const result = await faulty.batchGetSuppressions(keys);

    expect(result.unchecked).toHaveLength(150);
    expect(result.entries.size).toBe(0);
    expect(result.requests).toBe(6);
  });

  it('retries unprocessed keys until they clear', async () => {
    const tenant = uniqueTenant();
    const key = keyOf(tenant, 'phone', '+33612345678');
    await suppress(key, '+33612345678', 'admin');
    let calls = 0;
    const flaky = {
      send: async (command: BatchGetCommand) => {
        calls++;
        if (calls < 3) return { Responses: {}, UnprocessedKeys: command.input.RequestItems };
        return table.doc.send(command);
      },
    } as unknown as DynamoDBDocumentClient;

    const result = await new DynamoDbSuppressionRepository(flaky, table.tableName, {
      sleep: async () => {},
    }).batchGetSuppressions([key]);

    expect(result.entries.size).toBe(1);
    expect(calls).toBe(3);
  });
});

describe('listing newest first', () => {
  const tenant = uniqueTenant();
  const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();

  beforeAll(async () => {
    for (let i = 0; i < 60; i++) {
      const kind = i % 3 === 0 ? 'domain' : 'email';
      const value = kind === 'domain' ? `@d${i}.example` : `p${i}@example.com`;
      const source: Source = i % 2 === 0 ? 'admin' : 'bounce';
      await suppress(
        keyOf(tenant, kind, value),
        value,
        source,
        day(i),
        i % 2 === 0 ? `u-${i % 4}` : undefined,
      );
    }
  });

  const collect = async (
    filter: Parameters<DynamoDbSuppressionRepository['listSuppressionsNewestFirst']>[1],
    limit: number,
  ) => {
    const seen = [];
    let startKey: Record<string, string> | undefined;
    let pages = 0;
    do {
      const page = await repo.listSuppressionsNewestFirst(tenant, filter, {
        limit,
        ...(startKey ? { startKey } : {}),
      });
      seen.push(...page.items);
      startKey = page.nextKey;
      pages++;
    } while (startKey && pages < 100);
    return seen;
  };

  it('pages through every entry exactly once, newest first', async () => {
    const all = await collect({}, 7);
    expect(all).toHaveLength(60);
    expect(new Set(all.map((entry) => entry.valueHash)).size).toBe(60);
    const times = all.map((entry) => entry.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('filters by date range, source, kind and added-by, alone and together', async () => {
    expect(await collect({ from: day(10), to: day(19) }, 4)).toHaveLength(10);
    expect(await collect({ sources: ['bounce'] }, 8)).toHaveLength(30);
    expect(await collect({ kinds: ['domain'] }, 8)).toHaveLength(20);
    expect(await collect({ addedBy: 'u-2' }, 8)).toHaveLength(15);
    const combined = await collect({ from: day(0), to: day(29), sources: ['admin'], kinds: ['domain'] }, 3);
    // i in 0..29, even (admin) and divisible by 3 (domain): 0, 6, 12, 18, 24
    expect(combined.map((entry) => entry.value)).toEqual([
      '@d24.example',
      '@d18.example',
      '@d12.example',
      '@d6.example',
      '@d0.example',
    ]);
  });

  it('matches a value prefix', async () => {
    const matches = await collect({ valuePrefixes: ['p1'] }, 50);
    expect(matches.map((entry) => entry.value).sort()).toEqual(
      [
        'p1@example.com',
        'p10@example.com',
        'p11@example.com',
        'p13@example.com',
        'p14@example.com',
        'p16@example.com',
        'p17@example.com',
        'p19@example.com',
      ].sort(),
    );
  });
});

describe('the table', () => {
  it('has TTL enabled on expiresAt', async () => {
    const output = await new DynamoDBClient({
      endpoint: table.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }).send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    expect(output.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
  });

  it('stores activity under the contact timeline when a contact is known', async () => {
    const key = keyOf(uniqueTenant(), 'email', 'contact@example.com');
    await repo.addSuppression({
      key,
      value: 'contact@example.com',
      display: 'contact@example.com',
      source: 'link',
      record: { at: new Date().toISOString(), contactId: 'c#1/x' },
      event: eventFor(key, { contactId: 'c#1/x' }),
    });
    const page = await activity.listContactActivityNewestFirst(key.tenantId, 'c#1/x', { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.contactId).toBe('c#1/x');
    const raw = await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: `SUP#${key.tenantId}#email#${key.valueHash}`, sk: 'ENTRY' },
      }),
    );
    expect(raw.Item?.srcs).toEqual(new Set(['link']));
  });
});
