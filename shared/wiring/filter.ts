import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { filterAudience } from '#app/filter-audience';
import { normalizeOptionsFor, topicsFor } from '#app/tenant-rules';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';
import { unsubscribeLinkBuilder } from './unsubscribe-links';

export interface FilterOptions {
  /** How long run reports are kept. */
  readonly reportTtlSeconds: number;
}

export interface FilterUseCases {
  readonly filterAudience: ReturnType<typeof filterAudience>;
}

/**
 * The pre-send filter's composition root: batched lookups, do-not-contact, run reports, link sealing, and the
 * tenants' (cached) settings for their default phone country; each run within the filter's time budget.
 */
export const wireFilter = async (config: ServiceConfig, options: FilterOptions): Promise<FilterUseCases> => {
  const budget = timeBudgetOf(config, 'filter');
  const { keyring, hashValue, normalizeOptions } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  const tenantSettings = tenantSettingsStore(doc, config);
  return withinDeadline(budget, {
    filterAudience: filterAudience({
      suppressions: new DynamoDbSuppressionRepository(doc, config.tableName),
      contacts: new DynamoDbContactRepository(doc, config.tableName),
      filterRuns: new DynamoDbFilterRunRepository(doc, config.tableName),
      hashValue,
      buildUnsubscribeLink: unsubscribeLinkBuilder(config, keyring),
      reportTtlSeconds: options.reportTtlSeconds,
      normalizeOptionsFor: normalizeOptionsFor({ tenantSettings }, normalizeOptions),
      topicsFor: topicsFor({ tenantSettings }),
    }),
  });
};
