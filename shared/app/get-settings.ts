import type { TenantSettingsStore } from '#app/ports/tenant-settings';
import { settingsView, type WorkspaceSettings } from '#domain/tenant-settings';

export interface GetSettingsDeps {
  readonly tenantSettings: Pick<TenantSettingsStore, 'readCurrentTenantSettings'>;
}

/**
 * A workspace's settings as the admin API shows them (every field, `null` when unset). Read strongly consistent
 * and past the cache (R11b): an admin who just saved sees what they saved, whichever container answers.
 */
export const getSettings =
  (deps: GetSettingsDeps) =>
  async (input: { readonly tenantId: string }): Promise<WorkspaceSettings> =>
    settingsView((await deps.tenantSettings.readCurrentTenantSettings(input.tenantId)).settings);
