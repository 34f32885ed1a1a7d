import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { openUnsubscribeLink } from '#app/open-unsubscribe-link';
import { resubscribeRecipient } from '#app/resubscribe-recipient';
import { unsubscribeRecipient } from '#app/unsubscribe-recipient';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';

/** What the public unsubscribe page does: open a link (GET), unsubscribe (POST), undo (POST). */
export interface UnsubscribePageUseCases {
  readonly open: ReturnType<typeof openUnsubscribeLink>;
  readonly unsubscribe: ReturnType<typeof unsubscribeRecipient>;
  readonly resubscribe: ReturnType<typeof resubscribeRecipient>;
}

/**
 * The unsubscribe page's composition root: link keys, tenant settings (cached), suppressions and the activity log;
 * each request within the page's time budget.
 */
export const wireUnsubscribePage = async (config: ServiceConfig): Promise<UnsubscribePageUseCases> => {
  const budget = timeBudgetOf(config, 'unsubscribePage');
  const { keyring, hashValue } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  const suppressions = new DynamoDbSuppressionRepository(doc, config.tableName);
  const deps = {
    keyring,
    hashValue,
    tenantSettings: tenantSettingsStore(doc, config),
    suppressions,
    activity: new DynamoDbActivityLog(doc, config.tableName),
  };
  return withinDeadline(budget, {
    open: openUnsubscribeLink(deps),
    unsubscribe: unsubscribeRecipient(deps),
    resubscribe: resubscribeRecipient(deps),
  });
};
