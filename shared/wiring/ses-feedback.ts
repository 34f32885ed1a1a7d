import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbExpiringRecords } from '#adapters/dynamodb/expiring-records';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { SesAccountSuppressionList } from '#adapters/ses/account-suppression-list';
import { applySesFeedback } from '#app/apply-ses-feedback';
import type { AccountSuppressionList } from '#app/ports/account-suppression-list';
import { receiveSesFeedback } from '#app/receive-ses-feedback';
import { transientBouncePolicyFor } from '#app/tenant-rules';
import type { TransientBouncePolicy } from '#domain/ses-feedback-policy';
import {
  connectTable,
  loadKeys,
  type ServiceConfig,
  tenantSettingsStore,
  timeBudgetOf,
  withinDeadline,
} from './platform';

export interface SesFeedbackOptions {
  /** The deployment's transient-bounce rule: what a tenant's settings do not set. */
  readonly transientBounces: TransientBouncePolicy;
  /**
   * Mirror bounce and complaint suppressions to the SES account-level suppression list: `true` for SESv2, or an
   * implementation of the port (tests). @default false
   */
  readonly accountSuppressionList?: boolean | AccountSuppressionList;
}

export interface SesFeedbackUseCases {
  readonly receiveSesFeedback: ReturnType<typeof receiveSesFeedback>;
}

/**
 * SES feedback's composition root: suppressions, the activity log, the expiring records, the tenants' (cached)
 * settings for their transient-bounce rule, optionally SESv2; each record within the function's time budget.
 */
export const wireSesFeedback = async (
  config: ServiceConfig,
  options: SesFeedbackOptions,
): Promise<SesFeedbackUseCases> => {
  const budget = timeBudgetOf(config, 'sesFeedback');
  const { hashValue } = await loadKeys(config, budget);
  const doc = connectTable(config, budget);
  const mirror = options.accountSuppressionList;
  const accountSuppressionList =
    mirror === true ? new SesAccountSuppressionList({ limits: budget.calls }) : mirror || undefined;
  const apply = applySesFeedback({
    suppressions: new DynamoDbSuppressionRepository(doc, config.tableName),
    activity: new DynamoDbActivityLog(doc, config.tableName),
    records: new DynamoDbExpiringRecords(doc, config.tableName),
    hashValue,
    transientBouncesFor: transientBouncePolicyFor(
      { tenantSettings: tenantSettingsStore(doc, config) },
      options.transientBounces,
    ),
    ...(accountSuppressionList ? { accountSuppressionList } : {}),
  });
  return withinDeadline(budget, { receiveSesFeedback: receiveSesFeedback(apply) });
};
