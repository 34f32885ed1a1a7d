import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_KEYS, TABLE_STREAM_VIEW_TYPE } from '#shared/table-contract';

const ACTIVE_TIMEOUT_MS = 30_000;

/**
 * Makes sure the Quietlist table `tableName` exists as shared/table-contract.ts describes it: creates it when
 * missing, waits until it and its indexes are ACTIVE, then enables TTL on {@link TABLE_KEYS.ttlAttribute} and the stream outbound events read.
 *
 * Idempotent and safe to race: a table created meanwhile by someone else is accepted, and TTL is only switched
 * on when it is not on already (DynamoDB rejects enabling it twice). An existing table is not altered, but for TTL and the stream.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: { readonly stream?: boolean } = {},
): Promise<void> {
  // Tests' tables go without a stream unless they read outbound events: DynamoDB Local records every write of a
  // streamed table, which under a whole test run's load slowed every other test severalfold.
  const stream = options.stream ?? true;
  if (!(await describeTable(client, tableName))) {
    const { StreamSpecification, ...withoutStream } = createTableInput(tableName);
    try {
      await client.send(
        new CreateTableCommand(stream ? { ...withoutStream, StreamSpecification } : withoutStream),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  await waitUntilActive(client, tableName);
  await ensureTimeToLive(client, tableName);
  if (stream) await ensureStream(client, tableName);
}

/**
 * A table kept in `.local/dynamodb/` from before outbound events has no stream: switch it on (the only change ever
 * made to an existing table), so the local stand-in (local/outbound-events.ts) has something to read.
 */
const ensureStream = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const table = await describeTable(client, tableName);
  if (table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_STREAM_VIEW_TYPE },
    }),
  );
  await waitUntilActive(client, tableName);
};

const describeTable = async (
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const isActive = (table: TableDescription | undefined): boolean =>
  table?.TableStatus === 'ACTIVE' &&
  (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');

const waitUntilActive = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describeTable(client, tableName);
    if (isActive(table)) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms (${table?.TableStatus})`,
      );
    }
    // DynamoDB Local creates tables ACTIVE at once; the wait is for real DynamoDB and -delayTransientStatuses.
    await sleep(200);
  }
};

const ensureTimeToLive = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (
    ttl?.AttributeName === TABLE_KEYS.ttlAttribute &&
    (ttl.TimeToLiveStatus === 'ENABLED' || ttl.TimeToLiveStatus === 'ENABLING')
  ) {
    return;
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // A concurrent ensureTable may have enabled it between our look and our update.
    const again = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (again.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') throw error;
  }
};
