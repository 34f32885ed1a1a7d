import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import {
  CachedTenantSettingsStore,
  MAX_SETTINGS_CACHE_MS,
} from '#adapters/memory/cached-tenant-settings-store';
import type {
  TenantSettings,
  TenantSettingsChange,
  TenantSettingsStore,
  VersionedTenantSettings,
} from '#app/ports/tenant-settings';
import { TENANT_LEVEL_PARTITION } from '#app/refuse-action';
import { type TestTable, testTable, uniqueTenant } from '../support/repositories';

let table: TestTable;

beforeAll(async () => {
  table = await testTable();
});

/** The real repository, counting the cacheable reads that reach it. */
class CountingStore implements TenantSettingsStore {
  reads = 0;
  constructor(readonly inner: TenantSettingsStore) {}
  getTenantSettings(tenantId: string): Promise<TenantSettings | undefined> {
    this.reads++;
    return this.inner.getTenantSettings(tenantId);
  }
  putTenantSettings(tenantId: string, settings: TenantSettings): Promise<void> {
    return this.inner.putTenantSettings(tenantId, settings);
  }
  readCurrentTenantSettings(tenantId: string): Promise<VersionedTenantSettings> {
    return this.inner.readCurrentTenantSettings(tenantId);
  }
  changeTenantSettings(change: TenantSettingsChange): Promise<boolean> {
    return this.inner.changeTenantSettings(change);
  }
}

const setup = (options: { readonly ttlMs?: number; readonly maxTenants?: number } = {}) => {
  const repository = new DynamoDbTenantSettingsRepository(table.doc, table.tableName);
  const counting = new CountingStore(repository);
  let now = 1_000_000;
  const cache = new CachedTenantSettingsStore(counting, { ...options, now: () => now });
  return {
    repository,
    counting,
    cache,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

const changeOf = (
  tenantId: string,
  settings: TenantSettings,
  expectedVersion: number,
): TenantSettingsChange => ({
  tenantId,
  settings,
  expectedVersion,
  event: {
    eventId: `e-${Math.random()}`,
    tenantId,
    at: new Date().toISOString(),
    action: 'settings_changed',
    actor: { type: 'user', userId: 'maria' },
    settingsBefore: {},
    settingsAfter: {},
  },
  concerning: TENANT_LEVEL_PARTITION,
});

describe('CachedTenantSettingsStore', () => {
  it('reads a tenant once a minute at most, and again once the minute is over', async () => {
    const { repository, counting, cache, advance } = setup();
    const tenant = uniqueTenant();
    await repository.putTenantSettings(tenant, { displayName: 'Acme' });

    expect(await cache.getTenantSettings(tenant)).toEqual({ displayName: 'Acme' });
    // Changed behind the cache's back (another container): not seen until the entry expires.
    await repository.putTenantSettings(tenant, { displayName: 'Acme Outdoor' });
    advance(MAX_SETTINGS_CACHE_MS - 1);
    expect(await cache.getTenantSettings(tenant)).toEqual({ displayName: 'Acme' });
    expect(counting.reads).toBe(1);

    advance(1);
    expect(await cache.getTenantSettings(tenant)).toEqual({ displayName: 'Acme Outdoor' });
    expect(counting.reads).toBe(2);
  });

  it('caches "never set" too, and shares one read among concurrent callers', async () => {
    const { counting, cache } = setup();
    const tenant = uniqueTenant();
    const reads = await Promise.all(Array.from({ length: 10 }, () => cache.getTenantSettings(tenant)));
    expect(reads).toEqual(Array.from({ length: 10 }, () => undefined));
    expect(await cache.getTenantSettings(tenant)).toBeUndefined();
    expect(counting.reads).toBe(1);
  });

  it('serves its own writes at once: a change or a put replaces what it holds', async () => {
    const { counting, cache } = setup();
    const tenant = uniqueTenant();
    expect(await cache.getTenantSettings(tenant)).toBeUndefined();

    expect(await cache.changeTenantSettings(changeOf(tenant, { defaultPhoneCountry: 'FR' }, 0))).toBe(true);
    expect(await cache.getTenantSettings(tenant)).toEqual({ defaultPhoneCountry: 'FR' });
    await cache.putTenantSettings(tenant, { defaultPhoneCountry: 'DE' });
    expect(await cache.getTenantSettings(tenant)).toEqual({ defaultPhoneCountry: 'DE' });
    expect(counting.reads).toBe(1);
  });

  it('never caches the reads a change starts from, and keeps its entry when a change loses its race', async () => {
    const { repository, cache } = setup();
    const tenant = uniqueTenant();
    expect(await cache.changeTenantSettings(changeOf(tenant, { displayName: 'One' }, 0))).toBe(true);
    expect(await repository.changeTenantSettings(changeOf(tenant, { displayName: 'Two' }, 1))).toBe(true);

    expect(await cache.readCurrentTenantSettings(tenant)).toEqual({
      settings: { displayName: 'Two' },
      version: 2,
    });
    // A stale version: refused, nothing written, and the cache does not claim the refused value.
    expect(await cache.changeTenantSettings(changeOf(tenant, { displayName: 'Three' }, 1))).toBe(false);
    expect(await cache.getTenantSettings(tenant)).toEqual({ displayName: 'Two' });
  });

  it('forgets a failed read, so the next call asks again', async () => {
    const { repository } = setup();
    let failures = 1;
    const flaky: TenantSettingsStore = {
      getTenantSettings: async (tenantId) => {
        if (failures-- > 0) throw new Error('throttled');
        return repository.getTenantSettings(tenantId);
      },
      putTenantSettings: (tenantId, settings) => repository.putTenantSettings(tenantId, settings),
      readCurrentTenantSettings: (tenantId) => repository.readCurrentTenantSettings(tenantId),
      changeTenantSettings: (change) => repository.changeTenantSettings(change),
    };
    const cache = new CachedTenantSettingsStore(flaky, { now: () => 0 });
    const tenant = uniqueTenant();
    await repository.putTenantSettings(tenant, { displayName: 'Acme' });

    await expect(cache.getTenantSettings(tenant)).rejects.toThrow('throttled');
    expect(await cache.getTenantSettings(tenant)).toEqual({ displayName: 'Acme' });
  });

  it('remembers a bounded number of tenants, forgetting the one fetched longest ago', async () => {
    const { counting, cache } = setup({ maxTenants: 2 });
    const [a, b, c] = [uniqueTenant(), uniqueTenant(), uniqueTenant()] as const;
    await cache.getTenantSettings(a);
    await cache.getTenantSettings(b);
    await cache.getTenantSettings(c);
    expect(counting.reads).toBe(3);
    await cache.getTenantSettings(c);
    await cache.getTenantSettings(b);
    expect(counting.reads).toBe(3);
    await cache.getTenantSettings(a);
    expect(counting.reads).toBe(4);
  });

  it('refuses to cache for longer than a minute', () => {
    const { counting } = setup();
    expect(() => new CachedTenantSettingsStore(counting, { ttlMs: MAX_SETTINGS_CACHE_MS + 1 })).toThrow(
      RangeError,
    );
  });
});
