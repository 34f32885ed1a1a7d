import type { ActivityEvent } from '#domain/activity';
import type { TenantSettings } from '#domain/tenant-settings';
import type { ActivitySubject } from './activity';

export type { TenantSettings } from '#domain/tenant-settings';

/** The settings as stored, with the version a change must still find to replace them. */
export interface VersionedTenantSettings {
  /** `undefined` when the tenant never set any. */
  readonly settings: TenantSettings | undefined;
  /** Bumped by every change; 0 when none was ever made through a change. */
  readonly version: number;
}

/** One change of a tenant's settings: the whole new settings and the event that records it. */
export interface TenantSettingsChange {
  readonly tenantId: string;
  readonly settings: TenantSettings;
  /** The version read before the change: the write happens only if the stored settings still have it. */
  readonly expectedVersion: number;
  /** The `settings_changed` event, written in the same transaction, and the partition it goes to. */
  readonly event: ActivityEvent;
  readonly concerning: ActivitySubject;
  /**
   * SMS numbers the change claims for the tenant and releases (issue 14): claimed only if no other tenant holds
   * them, in the same transaction; a number another tenant holds fails the change with a `ConflictError`.
   */
  readonly smsNumbers?: { readonly claimed: readonly string[]; readonly released: readonly string[] };
}

/**
 * Tenant settings (R11, R11b, W10, W11); `DynamoDbTenantSettingsRepository` implements it, and
 * `CachedTenantSettingsStore` puts a per-container cache in front of `getTenantSettings`.
 */
export interface TenantSettingsStore {
  /** R11: what pages, parsers and feedback read; may be up to a minute old behind the cache. */
  getTenantSettings(tenantId: string): Promise<TenantSettings | undefined>;
  /** W10: replaces the settings outright, with no event (seeding, tests). */
  putTenantSettings(tenantId: string, settings: TenantSettings): Promise<void>;
  /** R11b: the settings as they are now (strongly consistent, never cached), with their version. */
  readCurrentTenantSettings(tenantId: string): Promise<VersionedTenantSettings>;
  /**
   * W11: replaces the settings and writes the change's event, all or nothing, if the settings are still at the
   * expected version; false when another change came first (nothing was written). Throws `ConflictError`, with
   * nothing written, when a claimed SMS number belongs to another tenant.
   */
  changeTenantSettings(change: TenantSettingsChange): Promise<boolean>;
}
