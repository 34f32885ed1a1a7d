import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbExpiringRecords } from '#adapters/dynamodb/expiring-records';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { SesAccountSuppressionList } from '#adapters/ses/account-suppression-list';
import { applySesFeedback } from '#app/apply-ses-feedback';
import type { AccountSuppressionList } from '#app/ports/account-suppression-list';
import { receiveSesFeedback } from '#app/receive-ses-feedback';
import { transientBouncePolicyFor } from '#app/tenant-rules';
import type { TransientBouncePolicy } from '#domain/ses-feedback-policy';
import { connectTable, loadKeys, type ServiceConfig, tenantSettingsStore } from './platform';

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
 * settings for their transient-bounce rule, optionally SESv2.
 */
export const wireSesFeedback = async (
  config: ServiceConfig,
  options: SesFeedbackOptions,
): Promise<SesFeedbackUseCases> => {
  const { hashValue } = await loadKeys(config);
  const doc = connectTable(config);
  const mirror = options.accountSuppressionList;
  const accountSuppressionList = mirror === true ? new SesAccountSuppressionList() : mirror || undefined;
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
  return { receiveSesFeedback: receiveSesFeedback(apply) };
};
