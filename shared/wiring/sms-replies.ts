import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbSmsNumberOwners } from '#adapters/dynamodb/sms-number-owners';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { receiveSmsReply } from '#app/receive-sms-reply';
import { connectTable, loadKeys, type ServiceConfig, timeBudgetOf, withinDeadline } from './platform';

export interface SmsRepliesUseCases {
  readonly receiveSmsReply: ReturnType<typeof receiveSmsReply>;
}

/**
 * The SMS replies function's composition root: the SMS number claims (R12), suppressions and the activity log,
 * each record within the function's time budget.
 */
export const wireSmsReplies = async (config: ServiceConfig): Promise<SmsRepliesUseCases> => {
  const budget = timeBudgetOf(config, 'smsReplies');
  const { hashValue } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  return withinDeadline(budget, {
    receiveSmsReply: receiveSmsReply({
      smsNumberOwners: new DynamoDbSmsNumberOwners(doc, config.tableName),
      suppressions: new DynamoDbSuppressionRepository(doc, config.tableName),
      activity: new DynamoDbActivityLog(doc, config.tableName),
      hashValue,
    }),
  });
};
