import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSuppressionCommand } from '#app/suppress-value';
import { type AdminApi, keyFor, seedEntries, startAdminApi } from '../support/admin-api';
import { uniqueTenant } from '../support/repositories';

let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi();
});

afterAll(async () => {
  await api?.close();
});

const commandFor = (tenantId: string, value: string, at = new Date()) =>
  buildSuppressionCommand(api.services.hashValue, {
    tenantId,
    value: { kind: 'email', value, display: value },
    source: 'admin',
    actor: { type: 'user', userId: 'u-1' },
    at,
  });

describe('grouped suppression writes (W1b)', () => {
  it('writes each value once with its event, and reports the ones the source already held', async () => {
    const tenant = uniqueTenant();
    const values = Array.from({ length: 120 }, (_, i) => `group-${i}@example.com`);
    // Some values already held by the same source, spread over the three groups of 50.
    for (const i of [0, 49, 50, 77, 119])
      await api.services.suppressions.addSuppression(commandFor(tenant, values[i] as string));

    const outcomes = await api.services.suppressions.addSuppressions(
      values.map((value) => commandFor(tenant, value)),
    );

    expect(outcomes.map((outcome, i) => (outcome.status === 'added' ? '' : i)).filter(String)).toEqual([
      0, 49, 50, 77, 119,
    ]);
    const held = outcomes[77];
    expect(held?.status === 'already_suppressed' && held.entry.value).toBe('group-77@example.com');
    const { entries, unchecked } = await api.services.suppressions.batchGetSuppressions(
      values.map((value) => keyFor(api.services, tenant, 'email', value)),
    );
    expect(unchecked).toEqual([]);
    expect(entries.size).toBe(120);
    for (const value of ['group-1@example.com', 'group-77@example.com']) {
      const events = await api.services.activity.listValueActivityNewestFirst(
        keyFor(api.services, tenant, 'email', value),
        { limit: 10 },
      );
      expect(events.items).toHaveLength(1);
    }
  });
});

describe('list positions', () => {
  it('go on right after the entry they were taken from', async () => {
    const tenant = uniqueTenant();
    const base = Date.UTC(2026, 5, 1);
    for (let i = 0; i < 6; i++) {
      await api.services.suppressions.addSuppression(
        commandFor(tenant, `pos-${i}@example.com`, new Date(base + i * 1000)),
      );
    }
    const all = (await api.services.suppressions.listSuppressionsNewestFirst(tenant, {}, { limit: 10 }))
      .items;
    const third = all[2];
    if (!third) throw new Error('missing entry');
    const rest = await api.services.suppressions.listSuppressionsNewestFirst(
      tenant,
      {},
      {
        limit: 10,
        startKey: api.services.suppressions.listPositionAfter(third),
      },
    );
    expect(rest.items.map((entry) => entry.value)).toEqual(all.slice(3).map((entry) => entry.value));
  });
});

describe('seeded test entries', () => {
  it('have exactly the shape the repository writes', async () => {
    const tenant = uniqueTenant();
    const at = new Date('2026-03-01T00:00:00.000Z');
    await seedEntries(api.services, tenant, [
      { value: 'first@example.com', kind: 'email', source: 'link', at },
      {
        value: 'seeded@example.com',
        kind: 'email',
        source: 'admin',
        at,
        addedBy: 'maria',
        campaignId: 'c-1',
      },
    ]);
    const other = uniqueTenant();
    await api.services.suppressions.addSuppression(
      buildSuppressionCommand(api.services.hashValue, {
        tenantId: other,
        value: { kind: 'email', value: 'seeded@example.com', display: 'seeded@example.com' },
        source: 'admin',
        actor: { type: 'user', userId: 'maria' },
        at,
        campaignId: 'c-1',
      }),
    );
    const raw = async (tenantId: string) =>
      (
        await api.services.doc.send(
          new GetCommand({
            TableName: api.services.config.tableName,
            Key: {
              pk: `SUP#${tenantId}#email#${api.services.hashValue('email', 'seeded@example.com')}`,
              sk: 'ENTRY',
            },
          }),
        )
      ).Item as Record<string, unknown>;
    const normalize = (item: Record<string, unknown>, tenantId: string) =>
      JSON.parse(
        JSON.stringify(item, (_, value) => (value instanceof Set ? [...value].sort() : value)).replaceAll(
          tenantId,
          'TENANT',
        ),
      );
    expect(normalize(await raw(tenant), tenant)).toEqual(normalize(await raw(other), other));
  });
});
