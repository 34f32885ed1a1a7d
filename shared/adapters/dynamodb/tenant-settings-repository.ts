import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from '#adapters/dynamodb/backoff';
import { activityPartitionOf, activityPut } from '#adapters/dynamodb/item-mappers';
import { SMS_NUMBER_SK, smsNumberPk, TENANT_SETTINGS_SK, tenantSettingsPk } from '#adapters/dynamodb/keys';
import { transactWrite } from '#adapters/dynamodb/transact';
import type {
  TenantSettings,
  TenantSettingsChange,
  TenantSettingsStore,
  VersionedTenantSettings,
} from '#app/ports/tenant-settings';
import { ConflictError } from '#domain/errors';

/** Tenant settings (AP12): one item per tenant, `settings` a map, `version` bumped by every change. */
export class DynamoDbTenantSettingsRepository implements TenantSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly backoff: BackoffOptions = {},
  ) {}

  /** R11 */
  async getTenantSettings(tenantId: string): Promise<TenantSettings | undefined> {
    return (await this.read(tenantId, false)).settings;
  }

  /** W10 */
  async putTenantSettings(tenantId: string, settings: TenantSettings): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: this.item(tenantId, settings) }),
    );
  }

  /** R11b: R11 with a strongly consistent read, so a change starts from the last one. */
  readCurrentTenantSettings(tenantId: string): Promise<VersionedTenantSettings> {
    return this.read(tenantId, true);
  }

  /**
   * W11: `TransactWriteItems` of the settings item, conditioned on the version read (absent for a tenant whose
   * settings were never changed through here), and the change's event (`attribute_not_exists(pk)`).
   */
  async changeTenantSettings(change: TenantSettingsChange): Promise<boolean> {
    const first = change.expectedVersion === 0;
    const claimed = change.smsNumbers?.claimed ?? [];
    const released = change.smsNumbers?.released ?? [];
    const outcome = await transactWrite(
      this.client,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...this.item(change.tenantId, change.settings), version: change.expectedVersion + 1 },
            ConditionExpression: first ? 'attribute_not_exists(#version)' : '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ...(first ? {} : { ExpressionAttributeValues: { ':expected': change.expectedVersion } }),
          },
        },
        activityPut(
          this.tableName,
          change.event,
          activityPartitionOf(change.event.tenantId, change.concerning),
        ),
        // W11's claims: a number is this tenant's if no one holds it or this tenant already does (a retry).
        ...claimed.map((number) => ({
          Put: {
            TableName: this.tableName,
            Item: {
              pk: smsNumberPk(number),
              sk: SMS_NUMBER_SK,
              entity: 'sms_number',
              number,
              tenantId: change.tenantId,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenant',
            ExpressionAttributeValues: { ':tenant': change.tenantId },
          },
        })),
        // Releases delete only this tenant's claim: never another's, whatever the settings said.
        ...released.map((number) => ({
          Delete: {
            TableName: this.tableName,
            Key: { pk: smsNumberPk(number), sk: SMS_NUMBER_SK },
            ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenant',
            ExpressionAttributeValues: { ':tenant': change.tenantId },
          },
        })),
      ],
      this.backoff,
    );
    if (outcome.committed) return true;
    const taken = claimed.filter((_, i) => outcome.failedConditions.has(2 + i));
    if (taken.length > 0) {
      throw new ConflictError(
        `smsNumbers: ${taken.join(', ')} ${taken.length === 1 ? 'belongs' : 'belong'} to another workspace; ` +
          'a number can be claimed by one workspace only (ask its admins to remove it from their settings)',
        { smsNumbers: taken },
      );
    }
    return false;
  }

  private async read(tenantId: string, consistent: boolean): Promise<VersionedTenantSettings> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: tenantSettingsPk(tenantId), sk: TENANT_SETTINGS_SK },
        ConsistentRead: consistent,
      }),
    );
    return {
      settings: output.Item?.settings as TenantSettings | undefined,
      version: typeof output.Item?.version === 'number' ? output.Item.version : 0,
    };
  }

  private item(tenantId: string, settings: TenantSettings): Record<string, unknown> {
    return {
      pk: tenantSettingsPk(tenantId),
      sk: TENANT_SETTINGS_SK,
      entity: 'tenant_settings',
      tenantId,
      settings,
    };
  }
}
