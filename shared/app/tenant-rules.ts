import type { TenantSettingsStore } from '#app/ports/tenant-settings';
import { InvalidInputError } from '#domain/errors';
import type { NormalizeOptions } from '#domain/normalize';
import type { TransientBouncePolicy } from '#domain/ses-feedback-policy';
import type { Topic } from '#domain/topics';

/*
 * The rules a workspace may set for itself, each resolved per tenant from its settings, the deployment's own rule
 * filling whatever the tenant left unset. Use cases depend on these functions, built once per container by the
 * composition roots over the cached settings store, so they never see where the settings live.
 */

/** The parsers' options for one tenant (its default phone country). */
export type NormalizeOptionsFor = (tenantId: string) => Promise<NormalizeOptions>;

/** A tenant's preference-center topics, in settings order (none when unset). */
export type TopicsFor = (tenantId: string) => Promise<readonly Topic[]>;

export const topicsFor =
  (deps: { readonly tenantSettings: SettingsReader }): TopicsFor =>
  async (tenantId) =>
    (await deps.tenantSettings.getTenantSettings(tenantId))?.topics ?? [];

/** The topic a link or a filter run names, checked against the tenant's topics: refused naming the known ones. */
export const knownTopic = async (
  topics: TopicsFor | undefined,
  tenantId: string,
  topic: string,
): Promise<Topic> => {
  const known = topics === undefined ? [] : await topics(tenantId);
  const found = known.find((candidate) => candidate.id === topic);
  if (found !== undefined) return found;
  const ids = known.map((candidate) => candidate.id);
  throw new InvalidInputError(
    `topic: "${topic}" is not one of the workspace's topics (${ids.length === 0 ? 'it has none; add them in the settings' : ids.join(', ')})`,
    { field: 'topic', known: ids },
  );
};

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
