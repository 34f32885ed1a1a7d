import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbErasureStore } from '#adapters/dynamodb/erasure-store';
import { DynamoDbExpiringRecords } from '#adapters/dynamodb/expiring-records';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { addSuppressions } from '#app/add-suppressions';
import { checkValues } from '#app/check-values';
import { unsubscribeContact } from '#app/contact-unsubscribe';
import { erasePersonalData } from '#app/erase-personal-data';
import { exportSuppressions } from '#app/export-suppressions';
import { getContact } from '#app/get-contact';
import { getSettings } from '#app/get-settings';
import { liftDoNotContact } from '#app/lift-do-not-contact';
import { listCampaignRuns } from '#app/list-campaign-runs';
import { listContactActivity } from '#app/list-contact-activity';
import { listSuppressions } from '#app/list-suppressions';
import { listTenantActivity } from '#app/list-tenant-activity';
import { listTenantRuns } from '#app/list-tenant-runs';
import { listValueHistory } from '#app/list-value-history';
import { authorizeAction } from '#app/refuse-action';
import { removeSuppressions } from '#app/remove-suppressions';
import { subjectAccess } from '#app/subject-access';
import { suppressionStats } from '#app/suppression-stats';
import { normalizeOptionsFor } from '#app/tenant-rules';
import { updateSettings } from '#app/update-settings';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';

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
  readonly listTenantActivity: ReturnType<typeof listTenantActivity>;
  readonly listValueHistory: ReturnType<typeof listValueHistory>;
  readonly listCampaignRuns: ReturnType<typeof listCampaignRuns>;
  readonly listTenantRuns: ReturnType<typeof listTenantRuns>;
  readonly getContact: ReturnType<typeof getContact>;
  readonly getSettings: ReturnType<typeof getSettings>;
  readonly updateSettings: ReturnType<typeof updateSettings>;
  readonly erasePersonalData: ReturnType<typeof erasePersonalData>;
  readonly subjectAccess: ReturnType<typeof subjectAccess>;
}

/**
 * The admin API's composition root: its use cases over the suppressions, activity, contacts, filter-run and
 * (cached) tenant settings adapters, and the daily counters for statistics; the parsers use each tenant's default
 * phone country, else the deployment's. Each call runs within the admin API's time budget.
 */
export const wireAdminApi = async (config: ServiceConfig): Promise<AdminApiUseCases> => {
  const budget = timeBudgetOf(config, 'adminApi');
  const { keyring, hashValue, normalizeOptions } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  const suppressions = new DynamoDbSuppressionRepository(doc, config.tableName);
  const activity = new DynamoDbActivityLog(doc, config.tableName);
  const contacts = new DynamoDbContactRepository(doc, config.tableName);
  const filterRuns = new DynamoDbFilterRunRepository(doc, config.tableName);
  const erasures = new DynamoDbErasureStore(doc, config.tableName);
  // One cache for the parsers and the settings routes, so a change is what this container's next parse uses.
  const tenantSettings = tenantSettingsStore(doc, config);
  const parsing = normalizeOptionsFor({ tenantSettings }, normalizeOptions);
  // Read through the DailyCounterReader port only: SES feedback writes these counters, statistics read them.
  const counters = new DynamoDbExpiringRecords(doc, config.tableName);
  const { cursorKey } = keyring;
  return withinDeadline(budget, {
    authorizeAction: authorizeAction({ activity }),
    listSuppressions: listSuppressions({ suppressions, cursorKey }),
    addSuppressions: addSuppressions({ suppressions, hashValue, normalizeOptionsFor: parsing }),
    removeSuppressions: removeSuppressions({
      suppressions,
      activity,
      hashValue,
      normalizeOptionsFor: parsing,
    }),
    checkValues: checkValues({ suppressions, hashValue, normalizeOptionsFor: parsing }),
    exportSuppressions: exportSuppressions({ suppressions, cursorKey }),
    unsubscribeContact: unsubscribeContact({
      suppressions,
      contacts,
      hashValue,
      normalizeOptionsFor: parsing,
    }),
    liftDoNotContact: liftDoNotContact({ contacts, suppressions, activity }),
    listContactActivity: listContactActivity({ activity, cursorKey }),
    suppressionStats: suppressionStats({ activity, counters }),
    listTenantActivity: listTenantActivity({ activity, cursorKey }),
    listValueHistory: listValueHistory({ activity, hashValue, normalizeOptionsFor: parsing, cursorKey }),
    listCampaignRuns: listCampaignRuns({ filterRuns, cursorKey }),
    listTenantRuns: listTenantRuns({ filterRuns, cursorKey }),
    getContact: getContact({ contacts, activity, suppressions }),
    getSettings: getSettings({ tenantSettings }),
    updateSettings: updateSettings({ tenantSettings }),
    erasePersonalData: erasePersonalData({ erasures, activity, hashValue, normalizeOptionsFor: parsing }),
    subjectAccess: subjectAccess({
      suppressions,
      activity,
      contacts,
      hashValue,
      normalizeOptionsFor: parsing,
    }),
  });
};
