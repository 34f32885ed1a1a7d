import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, INDEXES, KEY_ATTRIBUTES, TABLE_KEYS } from '#shared/table-contract';
import { localDynamoDbClient } from '../../local/clients';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { ensureTable } from '../../local/table';
import { type FreshTable, freshTable } from '../support/dynamodb';

let table: FreshTable;

beforeAll(async () => {
  table = await freshTable();
});

afterAll(() => {
  table?.client.destroy();
});

const keyOf = (pk: string, sk: string) => ({
  [TABLE_KEYS.partitionKey]: { S: pk },
  [TABLE_KEYS.sortKey]: { S: sk },
});

describe('the local table', () => {
  it('has the keys and indexes of the contract', async () => {
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual(createTableInput(table.tableName).KeySchema);
    expect(Table?.AttributeDefinitions?.map((a) => [a.AttributeName, a.AttributeType]).sort()).toEqual(
      KEY_ATTRIBUTES.map((name) => [name, 'S']).sort(),
    );
    const indexes = Object.values(INDEXES);
    expect(Table?.GlobalSecondaryIndexes).toHaveLength(indexes.length);
    for (const index of indexes) {
      const described = Table?.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === index.indexName);
      expect(described?.KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
      expect(described?.Projection?.ProjectionType).toBe('ALL');
      expect(described?.IndexStatus).toBe('ACTIVE');
    }
  });

  it('has TTL on the contract attribute', async () => {
    const { TimeToLiveDescription } = await table.client.send(
      new DescribeTimeToLiveCommand({ TableName: table.tableName }),
    );
    expect(TimeToLiveDescription).toEqual({
      AttributeName: TABLE_KEYS.ttlAttribute,
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('is left alone by a second ensureTable', async () => {
    await expect(ensureTable(table.client, table.tableName)).resolves.toBeUndefined();
  });

  it('runs TransactWriteItems, all or nothing', async () => {
    await table.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table.tableName, Item: { ...keyOf('tx#1', 'a'), n: { N: '1' } } } },
          {
            Put: {
              TableName: table.tableName,
              Item: { ...keyOf('tx#1', 'b'), n: { N: '2' } },
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
            },
          },
        ],
      }),
    );
    const b = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: keyOf('tx#1', 'b') }),
    );
    expect(b.Item?.n).toEqual({ N: '2' });

    // A failing condition cancels the whole transaction: the first Put must not land either.
    const failing = table.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table.tableName, Item: { ...keyOf('tx#2', 'a'), n: { N: '3' } } } },
          {
            Put: {
              TableName: table.tableName,
              Item: keyOf('tx#1', 'b'),
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
            },
          },
        ],
      }),
    );
    await expect(failing).rejects.toBeInstanceOf(TransactionCanceledException);
    await failing.catch((error: TransactionCanceledException) => {
      expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual([
        'None',
        'ConditionalCheckFailed',
      ]);
    });
    const a2 = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: keyOf('tx#2', 'a') }),
    );
    expect(a2.Item).toBeUndefined();
  });
});

describe('a persistent DynamoDB Local', () => {
  it('keeps its data across a stop and a start', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quietlist-ddb-'));
    try {
      const first = await startDynamoDbLocal({ dataDir });
      const firstClient = localDynamoDbClient(first.endpoint);
      try {
        await ensureTable(firstClient, 'quietlist-persist');
        await firstClient.send(
          new PutItemCommand({
            TableName: 'quietlist-persist',
            Item: { ...keyOf('p', 's'), v: { S: 'kept' } },
          }),
        );
      } finally {
        firstClient.destroy();
        await first.stop();
      }

      const second = await startDynamoDbLocal({ dataDir });
      const secondClient = localDynamoDbClient(second.endpoint);
      try {
        const { TableNames } = await secondClient.send(new ListTablesCommand({}));
        expect(TableNames).toContain('quietlist-persist');
        const { Item } = await secondClient.send(
          new GetItemCommand({ TableName: 'quietlist-persist', Key: keyOf('p', 's') }),
        );
        expect(Item?.v).toEqual({ S: 'kept' });
        // TTL settings persist too, so ensureTable on a restarted emulator must not try to enable them again.
        await expect(ensureTable(secondClient, 'quietlist-persist')).resolves.toBeUndefined();
      } finally {
        secondClient.destroy();
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // Two JVM start-ups in a row: slow on a loaded 2-core CI machine, so this test gets more than the default.
  }, 90_000);
});
