import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SMS_NUMBER_SK, smsNumberPk } from '#adapters/dynamodb/keys';
import type { SmsNumberOwners } from '#app/ports/sms-numbers';

/** SMS number claims in the single table (docs/data-model.md R12; written by W11 with the settings). */
export class DynamoDbSmsNumberOwners implements SmsNumberOwners {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * R12: `GetItem` `pk = SMSNUM#<e164>, sk = CLAIM`, strongly consistent: a reply just after a claim (or a release)
   * is attributed as the settings now say, never to a stale owner.
   */
  async findSmsNumberOwner(e164: string): Promise<string | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: smsNumberPk(e164), sk: SMS_NUMBER_SK },
        ProjectionExpression: 'tenantId',
        ConsistentRead: true,
      }),
    );
    const owner = output.Item?.tenantId;
    return typeof owner === 'string' ? owner : undefined;
  }
}
