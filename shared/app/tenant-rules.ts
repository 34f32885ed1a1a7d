import type { TenantSettingsStore } from '#app/ports/tenant-settings';
import type { NormalizeOptions } from '#domain/normalize';
import type { TransientBouncePolicy } from '#domain/ses-feedback-policy';

/*
 * The rules a workspace may set for itself, each resolved per tenant from its settings, the deployment's own rule
 * filling whatever the tenant left unset. Use cases depend on these functions, built once per container by the
 * composition roots over the cached settings store, so they never see where the settings live.
 */

/** The parsers' options for one tenant (its default phone country). */
export type NormalizeOptionsFor = (tenantId: string) => Promise<NormalizeOptions>;

/** The transient-bounce rule for one tenant. */
export type TransientBouncePolicyFor = (tenantId: string) => Promise<TransientBouncePolicy>;

type SettingsReader = Pick<TenantSettingsStore, 'getTenantSettings'>;

/** The same options for every tenant: for code and tests that have no settings to read. */
export const sameNormalizeOptions =
  (options: NormalizeOptions): NormalizeOptionsFor =>
  async () =>
    options;

/** A tenant's `defaultPhoneCountry`, else the deployment's (`fallback`), else none. */
export const normalizeOptionsFor =
  (deps: { readonly tenantSettings: SettingsReader }, fallback: NormalizeOptions): NormalizeOptionsFor =>
  async (tenantId) => {
    const country = (await deps.tenantSettings.getTenantSettings(tenantId))?.defaultPhoneCountry;
    return country === undefined ? fallback : { ...fallback, defaultPhoneCountry: country };
  };

/** A tenant's threshold and window, each else the deployment's (`fallback`). */
export const transientBouncePolicyFor =
  (
    deps: { readonly tenantSettings: SettingsReader },
    fallback: TransientBouncePolicy,
  ): TransientBouncePolicyFor =>
  async (tenantId) => {
    const settings = await deps.tenantSettings.getTenantSettings(tenantId);
    return {
      threshold: settings?.transientBounceThreshold ?? fallback.threshold,
      windowDays: settings?.transientBounceWindowDays ?? fallback.windowDays,
    };
  };
