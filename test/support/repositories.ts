import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#adapters/dynamodb/client';
import type { ActivityEvent } from '#domain/activity';
import type { Kind } from '#domain/kinds';
import type { SuppressionKey } from '#domain/suppression';
import { createValueHasher } from '#domain/value-hash';
import { freshTable } from './dynamodb';

/** The hash key tests use; fixed so failures are reproducible. */
export const TEST_HASH_KEY = Buffer.alloc(32, 7);
export const hashValue = createValueHasher(TEST_HASH_KEY);

export interface TestTable {
  readonly tableName: string;
  readonly endpoint: string;
  readonly doc: DynamoDBDocumentClient;
}

/** A fresh table in the run's DynamoDB Local and a document client built the way production builds it. */
/** `stream`: with the table's stream, for tests that read outbound events (off by default: it slows the emulator). */
export const testTable = async (options: { readonly stream?: boolean } = {}): Promise<TestTable> => {
  const { tableName, endpoint } = await freshTable(options);
  return { tableName, endpoint, doc: createDocumentClient({ endpoint }) };
};

/** A tenant id no other test uses. */
export const uniqueTenant = (): string => `t-${randomBytes(5).toString('hex')}`;

export const keyOf = (tenantId: string, kind: Kind, value: string): SuppressionKey => ({
  tenantId,
  kind,
  valueHash: hashValue(kind, value),
});

export const eventFor = (key: SuppressionKey, overrides: Partial<ActivityEvent> = {}): ActivityEvent => ({
  eventId: randomUUID(),
  tenantId: key.tenantId,
  at: new Date().toISOString(),
  action: 'suppressed',
  actor: { type: 'user', userId: 'u-1' },
  kind: key.kind,
  valueHash: key.valueHash,
  ...overrides,
});
