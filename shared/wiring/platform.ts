import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CountryCode } from 'libphonenumber-js';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { CachedTenantSettingsStore } from '#adapters/memory/cached-tenant-settings-store';
import { loadKeyring } from '#adapters/secrets/load-keyring';
import type { Keyring } from '#domain/keyring';
import type { NormalizeOptions } from '#domain/normalize';
import { createValueHasher, type ValueHasher } from '#domain/value-hash';

/** Everything a function is configured with, read once per container (deployed: from its environment). */
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
  /** A client to use instead of a new one: benchmarks that count capacity, tests that inject faults. */
  readonly documentClient?: DynamoDBDocumentClient;
  /**
   * Wraps the table's new client: `traceAwsClient` (`#lambda/tracing`, an X-Ray subsegment per call) in the
   * functions that trace in-process; unset, the client as it is. The entry chooses, so that a function without
   * it does not load the X-Ray SDK (docs/decisions.md, "Tracing in the function or not").
   */
  readonly traceClient?: <T>(client: T) => T;
}

/** What every composition root starts from: the keys, the value hasher and the parsers' options. */
export interface Keys {
  readonly keyring: Keyring;
  readonly hashValue: ValueHasher;
  readonly normalizeOptions: NormalizeOptions;
}

/** Loads the keyring (a file locally, a secret when deployed) and derives the value hasher from it. */
export const loadKeys = async (config: ServiceConfig): Promise<Keys> => {
  const keyring = await loadKeyring(config.keysSource);
  return {
    keyring,
    hashValue: createValueHasher(keyring.valueHashKey),
    normalizeOptions:
      config.defaultPhoneCountry === undefined ? {} : { defaultPhoneCountry: config.defaultPhoneCountry },
  };
};

/** The table's document client, traced when the function traces (`traceClient`). */
export const connectTable = (config: ServiceConfig): DynamoDBDocumentClient => {
  if (config.documentClient) return config.documentClient;
  const client = createDocumentClient(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {});
  return config.traceClient ? config.traceClient(client) : client;
};

/**
 * The tenant settings store a root reads through: DynamoDB behind a per-container cache of at most a minute
 * (pages, parsers and feedback read settings on every request). Build it once per root, so that a change made
 * through the root's own use cases replaces what its cache holds.
 */
export const tenantSettingsStore = (
  doc: DynamoDBDocumentClient,
  config: Pick<ServiceConfig, 'tableName'>,
): CachedTenantSettingsStore =>
  new CachedTenantSettingsStore(new DynamoDbTenantSettingsRepository(doc, config.tableName));
