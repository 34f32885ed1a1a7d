import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { PROBE_VALUES, type SuppressValueOutcome, suppressValues } from '#app/suppress-values';
import type { NormalizedValue } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import type { Source } from '#domain/sources';
import { interceptedClient, stuckKeysClient } from '../support/filter-fixture';
import { hashValue, keyOf, type TestTable, testTable, uniqueTenant } from '../support/repositories';

/*
 * The bulk add's write path (W1b behind R2) on DynamoDB Local: how much it reads before writing, and that what it
 * answers for values it did not read comes from the writes' own refused conditions, exactly.
 */

let table: TestTable;
let activity: DynamoDbActivityLog;
/** DynamoDB commands sent since the last reset, by class name. */
let sent: string[] = [];
let suppress: ReturnType<typeof suppressValues>;

beforeAll(async () => {
  table = await testTable();
  activity = new DynamoDbActivityLog(table.doc, table.tableName);
  const counted = interceptedClient(table.doc, (command) => {
    sent.push((command as object).constructor.name);
    return undefined;
  });
  suppress = suppressValues({
    suppressions: new DynamoDbSuppressionRepository(counted, table.tableName, { sleep: async () => {} }),
    hashValue,
  });
});

const emails = (count: number, prefix: string): NormalizedValue[] =>
  Array.from({ length: count }, (_, i) => {
    const parsed = parseAnyValue(`${prefix}${i}@example.org`, {});
    if (!parsed.ok) throw new Error('test values are valid');
    return parsed.value;
  });

const add = async (tenantId: string, values: readonly NormalizedValue[], source: Source = 'admin') => {
  sent = [];
  const outcomes = await suppress({
    tenantId,
    values,
    source,
    actor: { type: 'user', userId: 'u-1' },
    at: new Date(),
  });
  return { outcomes, sent: [...sent] };
};

const count = (names: readonly string[], name: string) =>
  names.filter((sentName) => sentName === name).length;

const eventsOf = async (tenantId: string, value: NormalizedValue) =>
  (await activity.listValueActivityNewestFirst(keyOf(tenantId, value.kind, value.value), { limit: 100 }))
    .items;

describe('suppressing many values', () => {
  it('reads only the first values of a new list, and writes the rest without reading them', async () => {
    const tenant = uniqueTenant();
    const values = emails(300, 'new');

    const { outcomes, sent } = await add(tenant, [...values, values[250] as NormalizedValue]);

    expect(count(sent, 'BatchGetCommand')).toBe(1);
    expect(count(sent, 'TransactWriteCommand')).toBe(6);
    expect(outcomes.slice(0, 300).every((outcome) => outcome.status === 'added')).toBe(true);
    expect(outcomes[300]).toEqual({ status: 'already_suppressed', sources: ['admin'] });
    for (const value of [values[0], values[150], values[299]] as NormalizedValue[]) {
      expect(await eventsOf(tenant, value)).toHaveLength(1);
    }
  });

  it('answers values it did not read from the refused conditions: sources held before, one event per change', async () => {
    const tenant = uniqueTenant();
    const values = emails(300, 'mixed');
    const mine = values.slice(150, 155);
    const others = values.slice(200, 205);
    await add(tenant, mine, 'admin');
    await add(tenant, others, 'bounce');
    const first = (await add(tenant, mine)).outcomes;
    const held = first[0] as Extract<SuppressValueOutcome, { status: 'already_suppressed' }>;

    const { outcomes, sent } = await add(tenant, values);

    // The probe found none of these: nothing more was read, the refused groups went again.
    expect(count(sent, 'BatchGetCommand')).toBe(1);
    expect(count(sent, 'TransactWriteCommand')).toBeGreaterThan(6);
    values.forEach((value, i) => {
      const outcome = outcomes[i];
      if (mine.includes(value)) {
        expect(outcome).toEqual({ status: 'already_suppressed', sources: ['admin'], held: held.held });
      } else if (others.includes(value)) {
        expect(outcome).toEqual({ status: 'already_suppressed', sources: ['bounce'] });
      } else {
        expect(outcome).toEqual({ status: 'added' });
      }
    });
    for (const value of mine) expect(await eventsOf(tenant, value)).toHaveLength(1);
    for (const value of others) {
      expect((await eventsOf(tenant, value)).map((event) => event.source).sort()).toEqual([
        'admin',
        'bounce',
      ]);
    }
    for (const value of [values[0], values[299]] as NormalizedValue[]) {
      expect(await eventsOf(tenant, value)).toHaveLength(1);
    }
  });

  it('reads everything before writing when the first values exist: a list sent again is reads only', async () => {
    const tenant = uniqueTenant();
    const values = emails(350, 'again');
    await add(tenant, values);

    const { outcomes, sent } = await add(tenant, values);

    expect(count(sent, 'TransactWriteCommand')).toBe(0);
    expect(count(sent, 'BatchGetCommand')).toBe(1 + Math.ceil((350 - PROBE_VALUES) / 100));
    expect(outcomes.every((outcome) => outcome.status === 'already_suppressed')).toBe(true);
  });

  it('fails before any write when an entry it reads cannot be read', async () => {
    const tenant = uniqueTenant();
    const values = emails(250, 'stuck');
    await add(tenant, values.slice(0, 1));
    const stuckHash = hashValue('email', (values[200] as NormalizedValue).value);
    const faulty = suppressValues({
      suppressions: new DynamoDbSuppressionRepository(
        stuckKeysClient(table.doc, table.tableName, (pk) => pk.includes(stuckHash)),
        table.tableName,
        { sleep: async () => {}, maxAttempts: 2 },
      ),
      hashValue,
    });

    await expect(
      faulty({
        tenantId: tenant,
        values,
        source: 'admin',
        actor: { type: 'user', userId: 'u-1' },
        at: new Date(),
      }),
    ).rejects.toThrow('1 value(s) could not be read, so nothing was changed');
    expect(await eventsOf(tenant, values[1] as NormalizedValue)).toEqual([]);
  });
});
