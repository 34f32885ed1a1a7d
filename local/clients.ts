import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A DynamoDB client for DynamoDB Local at `endpoint`.
 *
 * The emulator accepts any signature, but the SDK still wants a region and credentials to sign with; fixed fake
 * ones keep the machine's real AWS profile out of the picture, so a local run can never touch a real account.
 */
export const localDynamoDbClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
