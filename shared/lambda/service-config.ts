import type { CountryCode } from 'libphonenumber-js';
import { optionalEnv, requireEnv } from '#lambda/env';
import { ENV } from '#shared/table-contract';
import type { ServiceConfig } from '#wiring/platform';

/**
 * The table's name and endpoint alone, for the functions given no keyring (the filtered-contacts route, the purge of
 * job files), naming a missing variable.
 */
export const tableConfigFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): Pick<ServiceConfig, 'tableName' | 'dynamoDbEndpoint'> => {
  const endpoint = optionalEnv(ENV.dynamoDbEndpoint, env);
  return { tableName: requireEnv(ENV.tableName, env), ...(endpoint ? { dynamoDbEndpoint: endpoint } : {}) };
};

/** Reads the configuration from the environment, naming the first missing variable. */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => {
  const country = optionalEnv(ENV.defaultPhoneCountry, env);
  const publicBaseUrl = optionalEnv(ENV.publicBaseUrl, env);
  const unsubscribeMailto = optionalEnv(ENV.unsubscribeMailto, env);
  return {
    ...tableConfigFromEnv(env),
    keysSource: requireEnv(ENV.keysSecret, env),
    ...(country ? { defaultPhoneCountry: country as CountryCode } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(unsubscribeMailto ? { unsubscribeMailto } : {}),
  };
};
