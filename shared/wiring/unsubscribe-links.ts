import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import type { BuildUnsubscribeLink } from '#app/ports/unsubscribe-links';
import { type TopicsFor, topicsFor } from '#app/tenant-rules';
import type { Keyring } from '#domain/keyring';
import { ENV } from '#shared/table-contract';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';

/** Links need the public base URL; functions that never build one start without it and fail only if they try. */
export const unsubscribeLinkBuilder = (config: ServiceConfig, keyring: Keyring): BuildUnsubscribeLink => {
  const { publicBaseUrl, unsubscribeMailto } = config;
  if (publicBaseUrl === undefined) {
    return () => {
      throw new Error(
        `missing required environment variable ${ENV.publicBaseUrl}: unsubscribe links need it`,
      );
    };
  }
  return createUnsubscribeLinkBuilder({
    keyring,
    publicBaseUrl,
    ...(unsubscribeMailto === undefined ? {} : { mailto: unsubscribeMailto }),
  });
};

export interface UnsubscribeLinksUseCases {
  readonly buildUnsubscribeLink: BuildUnsubscribeLink;
  /** The tenant's topics (cached settings): a link naming a topic is checked against them. */
  readonly topicsFor: TopicsFor;
}

/**
 * `POST /v1/unsubscribe-links`: seals links with the keyring; reads the table only for a link naming a topic
 * (the tenant's settings, cached), and never writes.
 */
export const wireUnsubscribeLinks = async (config: ServiceConfig): Promise<UnsubscribeLinksUseCases> => {
  const budget = timeBudgetOf(config, 'unsubscribeLinks');
  const { keyring } = await loadKeys(config, budget);
  const tenantSettings = tenantSettingsStore(connectTable(config, budget), config);
  // Sealing is synchronous and stays so; only the settings read runs under the deadline.
  return {
    buildUnsubscribeLink: unsubscribeLinkBuilder(config, keyring),
    ...withinDeadline(budget, { topicsFor: topicsFor({ tenantSettings }) }),
  };
};
