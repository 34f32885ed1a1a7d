import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** Set for DynamoDB Local; unset in AWS, where the SDK finds the regional endpoint. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly maxAttempts?: number;
}

/**
 * The one way to build a document client, so every function marshals alike: undefined fields are dropped rather
 * than rejected (optional attributes stay optional), and class instances are refused (items are plain data).
 */
export const createDocumentClient = (options: DocumentClientOptions = {}): DynamoDBDocumentClient => {
  const config: DynamoDBClientConfig = { maxAttempts: options.maxAttempts ?? 3 };
  if (options.endpoint !== undefined) {
    config.endpoint = options.endpoint;
    config.region = options.region ?? 'local';
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  } else if (options.region !== undefined) {
    config.region = options.region;
  }
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
};
