import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localDynamoDbClient } from '../../local/clients';
import { JAVA_MISSING_MESSAGE } from '../../local/dynamodb-local';
import { ensureTable } from '../../local/table';

/** A table of its own in the run's DynamoDB Local. */
export interface FreshTable {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly endpoint: string;
}

/**
 * Creates a uniquely named table (`quietlist-test-<random>`) shaped like the real one in the DynamoDB Local that
 * test/support/global-setup.ts started, so test files never see each other's items. Call it in `beforeAll`;
 * tables vanish with the in-memory emulator at the end of the run.
 */
export async function freshTable(options: { readonly stream?: boolean } = {}): Promise<FreshTable> {
  const endpoint = inject('dynamoDbEndpoint');
  if (!endpoint) throw new Error(`DynamoDB Local is not running for this test run. ${JAVA_MISSING_MESSAGE}`);
  const tableName = `quietlist-test-${randomBytes(6).toString('hex')}`;
  const client = localDynamoDbClient(endpoint);
  await ensureTable(client, tableName, { stream: options.stream ?? false });
  return { tableName, client, endpoint };
}
