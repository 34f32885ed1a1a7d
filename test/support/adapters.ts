import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbExpiringRecords } from '#adapters/dynamodb/expiring-records';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbSmsNumberOwners } from '#adapters/dynamodb/sms-number-owners';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import type { BuildUnsubscribeLink } from '#app/ports/unsubscribe-links';
import type { Keyring } from '#domain/keyring';
import type { NormalizeOptions } from '#domain/normalize';
import type { ValueHasher } from '#domain/value-hash';
import { connectTable, loadKeys, type ServiceConfig } from '#wiring/platform';
import { unsubscribeLinkBuilder } from '#wiring/unsubscribe-links';

/**
 * Every adapter over one table and keyring, for tests that seed data or look behind an API: the same adapters
 * the composition roots build, with the same keys, so what a test writes is what the handlers read.
 */
export interface TestAdapters {
  readonly config: ServiceConfig;
  readonly doc: DynamoDBDocumentClient;
  readonly keyring: Keyring;
  readonly hashValue: ValueHasher;
  readonly normalizeOptions: NormalizeOptions;
  readonly suppressions: DynamoDbSuppressionRepository;
  readonly activity: DynamoDbActivityLog;
  readonly contacts: DynamoDbContactRepository;
  readonly expiring: DynamoDbExpiringRecords;
  readonly filterRuns: DynamoDbFilterRunRepository;
  readonly tenantSettings: DynamoDbTenantSettingsRepository;
  readonly smsNumberOwners: DynamoDbSmsNumberOwners;
  readonly buildUnsubscribeLink: BuildUnsubscribeLink;
}

export const testAdapters = async (config: ServiceConfig): Promise<TestAdapters> => {
  const keys = await loadKeys(config);
  const doc = connectTable(config);
  return {
    config,
    doc,
    ...keys,
    suppressions: new DynamoDbSuppressionRepository(doc, config.tableName),
    activity: new DynamoDbActivityLog(doc, config.tableName),
    contacts: new DynamoDbContactRepository(doc, config.tableName),
    smsNumberOwners: new DynamoDbSmsNumberOwners(doc, config.tableName),
    expiring: new DynamoDbExpiringRecords(doc, config.tableName),
    filterRuns: new DynamoDbFilterRunRepository(doc, config.tableName),
    tenantSettings: new DynamoDbTenantSettingsRepository(doc, config.tableName),
    buildUnsubscribeLink: unsubscribeLinkBuilder(config, keys.keyring),
  };
};
