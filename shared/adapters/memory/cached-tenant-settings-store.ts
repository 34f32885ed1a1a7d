import type {
  TenantSettings,
  TenantSettingsChange,
  TenantSettingsStore,
  VersionedTenantSettings,
} from '#app/ports/tenant-settings';

/** Longest a container may use settings it read: a change made elsewhere shows everywhere within a minute. */
export const MAX_SETTINGS_CACHE_MS = 60_000;

export interface TenantSettingsCacheOptions {
  /** How long a read is reused, at most {@link MAX_SETTINGS_CACHE_MS}. @default 60_000 */
  readonly ttlMs?: number;
  /** Tenants remembered at once; the oldest read is forgotten first. @default 1000 */
  readonly maxTenants?: number;
  /** The clock, in epoch milliseconds (tests move it). @default Date.now */
  readonly now?: () => number;
}

interface CachedRead {
  readonly expiresAt: number;
  readonly settings: Promise<TenantSettings | undefined>;
}

/**
 * A per-container cache in front of a {@link TenantSettingsStore}: pages, parsers and SES feedback read a
 * tenant's settings on every request, and the settings change rarely, so each container reads them at most once
 * a minute per tenant. "Never set" is cached too (most tenants of a filter or a feedback batch have none).
 * Concurrent reads of one tenant share one request. Writes go through to the store and then replace the cached
 * value, so a change made through this container is what its next read returns. Reads for a change
 * (`readCurrentTenantSettings`) are never cached.
 */
export class CachedTenantSettingsStore implements TenantSettingsStore {
  private readonly entries = new Map<string, CachedRead>();
  private readonly ttlMs: number;
  private readonly maxTenants: number;
  private readonly now: () => number;

  constructor(
    private readonly store: TenantSettingsStore,
    options: TenantSettingsCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? MAX_SETTINGS_CACHE_MS;
    if (!(this.ttlMs >= 0 && this.ttlMs <= MAX_SETTINGS_CACHE_MS)) {
      throw new RangeError(`ttlMs must be from 0 to ${MAX_SETTINGS_CACHE_MS}, got ${this.ttlMs}`);
    }
    this.maxTenants = options.maxTenants ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** R11 through the cache. A failed read is not kept: the next call asks the store again. */
  getTenantSettings(tenantId: string): Promise<TenantSettings | undefined> {
    const cached = this.entries.get(tenantId);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.settings;
    const settings = this.store.getTenantSettings(tenantId);
    const entry = { expiresAt: this.now() + this.ttlMs, settings };
    this.remember(tenantId, entry);
    settings.catch(() => {
      if (this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
    });
    return settings;
  }

  async putTenantSettings(tenantId: string, settings: TenantSettings): Promise<void> {
    this.entries.delete(tenantId);
    await this.store.putTenantSettings(tenantId, settings);
    this.remember(tenantId, { expiresAt: this.now() + this.ttlMs, settings: Promise.resolve(settings) });
  }

  readCurrentTenantSettings(tenantId: string): Promise<VersionedTenantSettings> {
    return this.store.readCurrentTenantSettings(tenantId);
  }

  async changeTenantSettings(change: TenantSettingsChange): Promise<boolean> {
    this.entries.delete(change.tenantId);
    const changed = await this.store.changeTenantSettings(change);
    if (changed) {
      this.remember(change.tenantId, {
        expiresAt: this.now() + this.ttlMs,
        settings: Promise.resolve(change.settings),
      });
    }
    return changed;
  }

  private remember(tenantId: string, entry: CachedRead): void {
    // Re-inserted, so Map order is the order of the last read and the first key is the oldest.
    this.entries.delete(tenantId);
    this.entries.set(tenantId, entry);
    if (this.entries.size > this.maxTenants) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
