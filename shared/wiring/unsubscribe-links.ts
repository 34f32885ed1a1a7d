import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import type { BuildUnsubscribeLink } from '#app/ports/unsubscribe-links';
import type { Keyring } from '#domain/keyring';
import { ENV } from '#shared/table-contract';
import { loadKeys, type ServiceConfig, timeBudgetOf } from './platform';

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
}

/** `POST /v1/unsubscribe-links`: seals links with the keyring; no table access at all. */
export const wireUnsubscribeLinks = async (config: ServiceConfig): Promise<UnsubscribeLinksUseCases> => {
  const { keyring } = await loadKeys(config, timeBudgetOf(config, 'unsubscribeLinks'));
  return { buildUnsubscribeLink: unsubscribeLinkBuilder(config, keyring) };
};
