/** A tenant's settings: what the public pages show about it. */
export interface TenantSettings {
  readonly displayName: string;
  /** CAN-SPAM requires a valid physical postal address in commercial mail; the pages show it too. */
  readonly postalAddress?: string;
  /** Show the recipient's address masked (j***@example.com) or whole on the confirm page. @default 'masked' */
  readonly addressDisplay?: 'masked' | 'full';
}

/** Tenant settings (R11, W10); `DynamoDbTenantSettingsRepository` implements it. */
export interface TenantSettingsStore {
  /** `undefined` when the tenant never set any. */
  getTenantSettings(tenantId: string): Promise<TenantSettings | undefined>;
  putTenantSettings(tenantId: string, settings: TenantSettings): Promise<void>;
}
