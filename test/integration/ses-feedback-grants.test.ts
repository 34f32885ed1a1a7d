import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack';
import { FeedbackStack } from '../../infra/stacks/feedback-stack';
import { uniqueTenant } from '../support/repositories';
import { type FeedbackHarness, feedbackHarness, prepare, sqsRecords } from '../support/ses-feedback';

/**
 * IAM is not checked by DynamoDB Local, so a key the feedback function writes outside its granted partitions would
 * fail only when deployed. This runs every kind of feedback through the function's composition root against
 * DynamoDB Local, records each item action and partition key it sends, and holds them to the policy the feedback
 * stack really synthesizes (its `dynamodb:LeadingKeys` conditions).
 */

interface Grant {
  readonly actions: ReadonlySet<string>;
  readonly partitions: readonly RegExp[];
}

interface Request {
  readonly action: string;
  readonly pk: string;
  readonly index?: string;
}

/** `StringLike` as IAM reads it: `*` any run of characters, `?` one, the rest literal. */
const stringLike = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );

const grantsOfFeedbackFunction = (): Grant[] => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const data = new DataStack(app, 'Data');
  const stack = new FeedbackStack(app, 'Feedback', {
    table: data.table as ITableV2,
    keys: data.keys as ISecret,
    transientBounces: { threshold: 3, windowDays: 7 },
  });
  const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      policy.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Condition?: { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: string[] } };
      }[],
  );
  return statements
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
    .map((statement) => ({
      actions: new Set([statement.Action].flat().map((action) => action.replace('dynamodb:', ''))),
      // A statement without the condition would allow every partition: kept as "anything", and caught below.
      partitions: (statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['*']).map(
        stringLike,
      ),
    }));
};

/** The item actions and partition keys a document-client command asks for, as IAM authorises them. */
const requestsOf = (command: unknown): Request[] => {
  const pkOf = (item: Record<string, unknown> | undefined) => String(item?.pk);
  if (command instanceof GetCommand) return [{ action: 'GetItem', pk: pkOf(command.input.Key) }];
  if (command instanceof PutCommand) return [{ action: 'PutItem', pk: pkOf(command.input.Item) }];
  if (command instanceof UpdateCommand) return [{ action: 'UpdateItem', pk: pkOf(command.input.Key) }];
  if (command instanceof DeleteCommand) return [{ action: 'DeleteItem', pk: pkOf(command.input.Key) }];
  if (command instanceof QueryCommand) {
    const values = command.input.ExpressionAttributeValues ?? {};
    return [
      {
        action: 'Query',
        pk: String(values[':pk']),
        ...(command.input.IndexName ? { index: command.input.IndexName } : {}),
      },
    ];
  }
  if (command instanceof BatchGetCommand) {
    return Object.values(command.input.RequestItems ?? {}).flatMap((request) =>
      (request.Keys ?? []).map((key) => ({ action: 'BatchGetItem', pk: pkOf(key) })),
    );
  }
  if (command instanceof TransactWriteCommand) {
    return (command.input.TransactItems ?? []).flatMap((item) => [
      ...(item.Put ? [{ action: 'PutItem', pk: pkOf(item.Put.Item) }] : []),
      ...(item.Update ? [{ action: 'UpdateItem', pk: pkOf(item.Update.Key) }] : []),
      ...(item.Delete ? [{ action: 'DeleteItem', pk: pkOf(item.Delete.Key) }] : []),
      ...(item.ConditionCheck ? [{ action: 'ConditionCheckItem', pk: pkOf(item.ConditionCheck.Key) }] : []),
    ]);
  }
  return [{ action: `unknown ${(command as object).constructor.name}`, pk: '' }];
};

let harness: FeedbackHarness;
let grants: Grant[];
const sent: Request[] = [];

beforeAll(async () => {
  grants = grantsOfFeedbackFunction();
  harness = await feedbackHarness({ threshold: 3, windowDays: 7 });
  // The function's composition root shares this client (test/support/ses-feedback.ts): record what it sends.
  const doc = harness.services.doc;
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  doc.send = (async (command: unknown) => {
    sent.push(...requestsOf(command));
    return send(command);
  }) as typeof doc.send;
}, 120_000);

describe("the SES feedback function's table grants", () => {
  it('cover every item it reads and writes, for every kind of feedback, and no index', async () => {
    const tenant = uniqueTenant();
    const transient = () =>
      prepare('event-bounce.json', { tenant, bounceType: 'Transient', bounceSubType: 'MailboxFull' });
    const first = transient();
    const address = first.address('recipient@example.com');
    const transients = [first, transient(), transient(), transient()] as const;
    transients.forEach((bounce, day) => {
      bounce.message.bounce.bouncedRecipients[0].emailAddress = address;
      bounce.message.bounce.timestamp = `2024-05-0${day + 1}T10:00:00.000Z`;
    });
    const delivery = prepare('event-delivery.json', { tenant });
    delivery.message.delivery.recipients = [address];
    delivery.message.mail.destination = [address];
    delivery.message.delivery.timestamp = '2024-05-02T12:00:00.000Z';
    const messages = [
      prepare('event-send.json', { tenant }),
      prepare('event-bounce.json', { tenant }),
      prepare('notification-bounce-dsn.json', { tenant }),
      transients[0],
      transients[1],
      delivery,
      transients[2],
      transients[3],
      prepare('event-complaint.json', { tenant }),
      prepare('notification-complaint-feedback.json', { tenant, complaintFeedbackType: 'not-spam' }),
      prepare('event-reject.json', { tenant }),
      prepare('event-delivery-delay.json', { tenant }),
    ].map((prepared) => prepared.message);
    // Twice: a replay takes the claims' refused paths.
    for (let pass = 0; pass < 2; pass++) {
      for (const message of messages) expect(await harness.deliver(...sqsRecords(message))).toEqual([]);
    }

    const outside = sent.filter(
      (request) =>
        request.index !== undefined ||
        !grants.some(
          (grant) =>
            grant.actions.has(request.action) && grant.partitions.some((pattern) => pattern.test(request.pk)),
        ),
    );
    expect(outside).toEqual([]);
    // The scenario reached every partition the function is granted, so the check above covered each of them.
    const prefixes = new Set(sent.map((request) => request.pk.split('#')[0]));
    expect([...prefixes].sort()).toEqual(['BNC', 'IDEM', 'STAT', 'SUP', 'TEN']);
    // And no statement allows every partition.
    for (const grant of grants)
      expect(grant.partitions.some((pattern) => pattern.test('ERA#t#x'))).toBe(false);
  });
});
