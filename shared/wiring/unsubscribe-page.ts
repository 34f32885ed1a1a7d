import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbRecipientChoices } from '#adapters/dynamodb/recipient-choices';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { pauseEmails, resumeEmails, savePreferences, showPreferences } from '#app/change-preferences';
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

/**
 * What the public unsubscribe page does: show a link's preferences (GET); unsubscribe, undo, save topic choices,
 * pause and resume (POST).
 */
export interface UnsubscribePageUseCases {
  readonly open: ReturnType<typeof showPreferences>;
  readonly unsubscribe: ReturnType<typeof unsubscribeRecipient>;
  readonly resubscribe: ReturnType<typeof resubscribeRecipient>;
  readonly savePreferences: ReturnType<typeof savePreferences>;
  readonly pause: ReturnType<typeof pauseEmails>;
  readonly resume: ReturnType<typeof resumeEmails>;
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
    choices: new DynamoDbRecipientChoices(doc, config.tableName),
  };
  return withinDeadline(budget, {
    open: showPreferences(deps),
    unsubscribe: unsubscribeRecipient(deps),
    resubscribe: resubscribeRecipient(deps),
    savePreferences: savePreferences(deps),
    pause: pauseEmails(deps),
    resume: resumeEmails(deps),
  });
};
