import type { CountryCode } from 'libphonenumber-js';
import { optionalEnv, requireEnv } from '#lambda/env';
import { ENV } from '#shared/table-contract';
import type { ServiceConfig } from '#wiring/platform';

/** Reads the configuration from the environment, naming the first missing variable. */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => {
  const endpoint = optionalEnv(ENV.dynamoDbEndpoint, env);
  const country = optionalEnv(ENV.defaultPhoneCountry, env);
  const publicBaseUrl = optionalEnv(ENV.publicBaseUrl, env);
  const unsubscribeMailto = optionalEnv(ENV.unsubscribeMailto, env);
  return {
    tableName: requireEnv(ENV.tableName, env),
    keysSource: requireEnv(ENV.keysSecret, env),
    ...(endpoint ? { dynamoDbEndpoint: endpoint } : {}),
    ...(country ? { defaultPhoneCountry: country as CountryCode } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(unsubscribeMailto ? { unsubscribeMailto } : {}),
  };
};
