import { randomUUID } from 'node:crypto';
import type { TenantSettingsStore } from '#app/ports/tenant-settings';
import { TENANT_LEVEL_PARTITION } from '#app/refuse-action';
import { actorOf } from '#domain/acting-principal';
import { UnavailableError } from '#domain/errors';
import type { Principal } from '#domain/roles';
import {
  applySettingsChange,
  type SettingsChange,
  settingsDifference,
  settingsView,
  smsNumberChanges,
  type WorkspaceSettings,
} from '#domain/tenant-settings';

export interface UpdateSettingsDeps {
  readonly tenantSettings: Pick<TenantSettingsStore, 'readCurrentTenantSettings' | 'changeTenantSettings'>;
  /** @default randomUUID */
  readonly newEventId?: () => string;
}

export interface UpdateSettingsInput {
  readonly tenantId: string;
  readonly principal: Principal;
  /** Validated and normalized (`settingsChangeSchema`): the fields to set, `null` for those to clear. */
  readonly change: SettingsChange;
  readonly at: Date;
}

/** Changes that lose a race to another change of the same tenant's settings are re-applied this many times. */
const ATTEMPTS = 5;

/**
 * Applies a change to a workspace's settings and answers the whole settings:
 * 1. reads the current settings and their version (strongly consistent);
 * 2. applies the change (named fields set or cleared, the others kept);
 * 3. when a field's value differs, writes the new settings and a `settings_changed` event (who, when, each
 *    changed field before and after) in one transaction, conditioned on the version read; the event goes to the
 *    tenant-level partition, so it shows on the tenant timeline and in no contact's log;
 * 4. when nothing differs, writes nothing: no event for a change that changed nothing.
 *
 * A concurrent change of the same settings makes the condition fail; the change is then re-applied on what the
 * other one wrote, up to {@link ATTEMPTS} times, and after that answered 503 with nothing written.
 */
export const updateSettings =
  (deps: UpdateSettingsDeps) =>
  async (input: UpdateSettingsInput): Promise<WorkspaceSettings> => {
    const newEventId = deps.newEventId ?? randomUUID;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await deps.tenantSettings.readCurrentTenantSettings(input.tenantId);
      const next = applySettingsChange(current.settings, input.change);
      const difference = settingsDifference(current.settings, next);
      if (difference === undefined) return settingsView(current.settings);
      const changed = await deps.tenantSettings.changeTenantSettings({
        tenantId: input.tenantId,
        settings: next,
        expectedVersion: current.version,
        event: {
          eventId: newEventId(),
          tenantId: input.tenantId,
          at: input.at.toISOString(),
          action: 'settings_changed',
          actor: actorOf(input.principal),
          settingsBefore: difference.before,
          settingsAfter: difference.after,
        },
        concerning: TENANT_LEVEL_PARTITION,
        smsNumbers: smsNumberChanges(current.settings, next),
      });
      if (changed) return settingsView(next);
    }
    throw new UnavailableError(
      `the settings were changed by others ${ATTEMPTS} times while this change was applied; nothing was written, retry`,
    );
  };
