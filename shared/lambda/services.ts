import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CountryCode } from 'libphonenumber-js';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbExpiringRecords } from '#adapters/dynamodb/expiring-records';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { loadKeyring } from '#adapters/secrets/load-keyring';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import type { BuildUnsubscribeLink } from '#app/ports';
import type { Keyring } from '#domain/keyring';
import { createValueHasher, type ValueHasher } from '#domain/value-hash';
import { optionalEnv, requireEnv } from '#lambda/env';
import { traceAwsClient } from '#lambda/observability';
import { ENV } from '#shared/table-contract';

/** Everything a function is configured with, read once per container. */
export interface ServiceConfig {
  readonly tableName: string;
  /** `file:<path>` locally, a Secrets Manager secret id when deployed. */
  readonly keysSource: string;
  readonly dynamoDbEndpoint?: string;
  readonly defaultPhoneCountry?: CountryCode;
  /** Base of public unsubscribe links, e.g. https://unsubscribe.example.com */
  readonly publicBaseUrl?: string;
  /** Address offered as the `mailto:` alternative in `List-Unsubscribe`; none when unset. */
  readonly unsubscribeMailto?: string;
}

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

/** The adapters a handler composes its use case from. Built once per container and shared by invocations. */
export interface Services {
  readonly config: ServiceConfig;
  readonly doc: DynamoDBDocumentClient;
  readonly keyring: Keyring;
  readonly hashValue: ValueHasher;
  readonly suppressions: DynamoDbSuppressionRepository;
  readonly contacts: DynamoDbContactRepository;
  readonly expiring: DynamoDbExpiringRecords;
  readonly filterRuns: DynamoDbFilterRunRepository;
  readonly tenantSettings: DynamoDbTenantSettingsRepository;
  /** Unsubscribe URL and headers for a recipient; throws naming QUIETLIST_PUBLIC_BASE_URL when that is unset. */
  readonly buildUnsubscribeLink: BuildUnsubscribeLink;
}

/** Links need the public base URL; functions that never build one start without it and fail only if they try. */
const unsubscribeLinkBuilder = (config: ServiceConfig, keyring: Keyring): BuildUnsubscribeLink => {
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

export const createServices = async (config: ServiceConfig): Promise<Services> => {
  // Every DynamoDB call becomes an X-Ray subsegment when deployed; outside Lambda the tracer leaves it alone.
  const doc = traceAwsClient(
    createDocumentClient(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
  );
  const keyring = await loadKeyring(config.keysSource);
  return {
    config,
    doc,
    keyring,
    hashValue: createValueHasher(keyring.valueHashKey),
    suppressions: new DynamoDbSuppressionRepository(doc, config.tableName),
    contacts: new DynamoDbContactRepository(doc, config.tableName),
    expiring: new DynamoDbExpiringRecords(doc, config.tableName),
    filterRuns: new DynamoDbFilterRunRepository(doc, config.tableName),
    tenantSettings: new DynamoDbTenantSettingsRepository(doc, config.tableName),
    buildUnsubscribeLink: unsubscribeLinkBuilder(config, keyring),
  };
};
