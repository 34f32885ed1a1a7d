import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbExpiringRecords } from '#adapters/dynamodb/expiring-records';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { addSuppressions } from '#app/add-suppressions';
import { checkValues } from '#app/check-values';
import { unsubscribeContact } from '#app/contact-unsubscribe';
import { exportSuppressions } from '#app/export-suppressions';
import { liftDoNotContact } from '#app/lift-do-not-contact';
import { listContactActivity } from '#app/list-contact-activity';
import { listSuppressions } from '#app/list-suppressions';
import { authorizeAction } from '#app/refuse-action';
import { removeSuppressions } from '#app/remove-suppressions';
import { suppressionStats } from '#app/suppression-stats';
import { connectTable, loadKeys, type ServiceConfig } from './platform';

/** The use cases of the admin API, one per operation of shared/admin-api-contract.ts, plus the role check. */
export interface AdminApiUseCases {
  readonly authorizeAction: ReturnType<typeof authorizeAction>;
  readonly listSuppressions: ReturnType<typeof listSuppressions>;
  readonly addSuppressions: ReturnType<typeof addSuppressions>;
  readonly removeSuppressions: ReturnType<typeof removeSuppressions>;
  readonly checkValues: ReturnType<typeof checkValues>;
  readonly exportSuppressions: ReturnType<typeof exportSuppressions>;
  readonly unsubscribeContact: ReturnType<typeof unsubscribeContact>;
  readonly liftDoNotContact: ReturnType<typeof liftDoNotContact>;
  readonly listContactActivity: ReturnType<typeof listContactActivity>;
  readonly suppressionStats: ReturnType<typeof suppressionStats>;
}

/**
 * The admin API's composition root: its use cases over the suppressions, activity and contacts adapters, and the
 * daily counters for statistics.
 */
export const wireAdminApi = async (config: ServiceConfig): Promise<AdminApiUseCases> => {
  const { keyring, hashValue, normalizeOptions } = await loadKeys(config);
  const doc = connectTable(config);
  const suppressions = new DynamoDbSuppressionRepository(doc, config.tableName);
  const activity = new DynamoDbActivityLog(doc, config.tableName);
  const contacts = new DynamoDbContactRepository(doc, config.tableName);
  // Read through the DailyCounterReader port only: SES feedback writes these counters, statistics read them.
  const counters = new DynamoDbExpiringRecords(doc, config.tableName);
  const { cursorKey } = keyring;
  return {
    authorizeAction: authorizeAction({ activity }),
    listSuppressions: listSuppressions({ suppressions, cursorKey }),
    addSuppressions: addSuppressions({ suppressions, hashValue, normalizeOptions }),
    removeSuppressions: removeSuppressions({ suppressions, activity, hashValue, normalizeOptions }),
    checkValues: checkValues({ suppressions, hashValue, normalizeOptions }),
    exportSuppressions: exportSuppressions({ suppressions, cursorKey }),
    unsubscribeContact: unsubscribeContact({ suppressions, contacts, hashValue, normalizeOptions }),
    liftDoNotContact: liftDoNotContact({ contacts, suppressions, activity }),
    listContactActivity: listContactActivity({ activity, cursorKey }),
    suppressionStats: suppressionStats({ activity, counters }),
  };
};
