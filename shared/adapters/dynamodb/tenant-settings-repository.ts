import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TENANT_SETTINGS_SK, tenantSettingsPk } from '#adapters/dynamodb/keys';
import type { TenantSettings, TenantSettingsStore } from '#app/ports/tenant-settings';

/** Tenant settings (AP12): one item per tenant. */
export class DynamoDbTenantSettingsRepository implements TenantSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** R11 */
  async getTenantSettings(tenantId: string): Promise<TenantSettings | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: tenantSettingsPk(tenantId), sk: TENANT_SETTINGS_SK },
      }),
    );
    return output.Item?.settings as TenantSettings | undefined;
  }

  /** W10 */
  async putTenantSettings(tenantId: string, settings: TenantSettings): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: tenantSettingsPk(tenantId),
          sk: TENANT_SETTINGS_SK,
          entity: 'tenant_settings',
          tenantId,
          settings,
        },
      }),
    );
  }
}
