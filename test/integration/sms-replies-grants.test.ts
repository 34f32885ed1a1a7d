import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { SMS_NUMBER_SK, smsNumberPk } from '#adapters/dynamodb/keys';
import { wireSmsReplies } from '#wiring/sms-replies';
import { makeHandler } from '../../functions/queue/sms-replies';
import { SmsStack } from '../../infra/stacks/sms-stack';
import { ensureLocalSecrets } from '../../local/keys';
import { simulatedSmsEvent } from '../../local/simulate';
import { snsEventSchema, toSqsEvent } from '../../local/sns-to-sqs';
import { prefixesOf, requestsOutside, synthesizedTableGrants, type TableGrant } from '../support/iam-grants';
import { type TestTable, testTable, uniqueTenant } from '../support/repositories';
import { recordRequests, type TableRequest } from '../support/table-requests';

/**
 * The SMS replies function's table grants against what it really sends (test/support/iam-grants.ts): STOP, a
 * replay, START and HELP, through its composition root on DynamoDB Local, held to the policy its stack synthesizes.
 */

const grantsOfSmsReplies = (): TableGrant[] =>
  synthesizedTableGrants((app, data) => new SmsStack(app, 'Sms', data), 'HandlerRole');

let table: TestTable;
let grants: TableGrant[];
let handle: (from: string, to: string, text: string) => Promise<unknown>;
const sent: TableRequest[] = [];

beforeAll(async () => {
  grants = grantsOfSmsReplies();
  table = await testTable();
  const { keyringFile } = await ensureLocalSecrets(await mkdtemp(path.join(tmpdir(), 'quietlist-sms-iam-')));
  const doc = createDocumentClient({ endpoint: table.endpoint });
  recordRequests(doc, sent);
  const handler = makeHandler(
    wireSmsReplies({
      tableName: table.tableName,
      keysSource: `file:${keyringFile}`,
      dynamoDbEndpoint: table.endpoint,
      documentClient: doc,
    }),
  );
  handle = (from, to, text) =>
    handler(toSqsEvent(snsEventSchema.parse(simulatedSmsEvent(from, to, text))), {} as Context);
}, 120_000);

describe("the SMS replies function's table grants", () => {
  it('cover STOP, its replay, START and HELP', async () => {
    const tenantId = uniqueTenant();
    const to = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: smsNumberPk(to), sk: SMS_NUMBER_SK, entity: 'sms_number', number: to, tenantId },
      }),
    );
    const from = '+33612345678';
    for (const text of ['STOP', 'STOP', 'START', 'HELP']) {
      expect(await handle(from, to, text)).toEqual({ batchItemFailures: [] });
    }

    expect(sent.filter((request) => request.index !== undefined)).toEqual([]);
    expect(requestsOutside(sent, grants)).toEqual([]);
    expect(prefixesOf(sent)).toEqual(expect.arrayContaining(['SMSNUM', 'SUP']));
  });
});
