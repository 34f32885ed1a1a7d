import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Template } from 'aws-cdk-lib/assertions';

/**
 * DynamoDB Local checks no IAM, so a key a function sends outside its granted partitions fails only when deployed.
 * These helpers record what a composition root really sends to DynamoDB Local and hold it to the policy its stack
 * synthesizes: each item action and partition key against the statements' actions and `dynamodb:LeadingKeys`.
 */

/** One statement's DynamoDB actions (without `dynamodb:`) and the partitions its condition allows. */
export interface TableGrant {
  readonly actions: ReadonlySet<string>;
  readonly partitions: readonly RegExp[];
  /** The statement names the table itself, and an index of it. */
  readonly onTable: boolean;
  readonly onIndex: boolean;
}

/** An item action as IAM authorises it: a transaction is authorised per contained action. */
export interface TableRequest {
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

const isIndex = (resource: unknown): boolean => JSON.stringify(resource ?? '').includes('/index/');

interface Statement {
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: {
    readonly 'ForAllValues:StringLike'?: { readonly 'dynamodb:LeadingKeys'?: string[] };
  };
}

/**
 * The DynamoDB statements of the policies attached to roles whose logical id starts with `rolePrefix` (a stack's
 * one function when omitted). A statement without a `LeadingKeys` condition allows every partition.
 */
export const tableGrantsOf = (template: Template, rolePrefix = ''): TableGrant[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
    .map((statement) => ({
      actions: new Set([statement.Action].flat().map((action) => action.replace('dynamodb:', ''))),
      partitions: (statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['*']).map(
        stringLike,
      ),
      onTable: [statement.Resource].flat().some((resource) => !isIndex(resource)),
      onIndex: [statement.Resource].flat().some(isIndex),
    }));

/** The item actions and partition keys a document-client command asks for. */
export const requestsOf = (command: unknown): TableRequest[] => {
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
  if (command instanceof BatchWriteCommand) {
    return Object.values(command.input.RequestItems ?? {}).flatMap((requests) =>
      requests.map((request) => ({
        action: 'BatchWriteItem',
        pk: pkOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
      })),
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

/** Makes `doc` record into `sent` the requests of every command sent through it, then send it as before. */
export const recordRequests = (doc: DynamoDBDocumentClient, sent: TableRequest[]): void => {
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  doc.send = (async (command: unknown) => {
    sent.push(...requestsOf(command));
    return send(command);
  }) as typeof doc.send;
};

/** The requests no statement allows: its action on its partition, on the table or on the index it names. */
export const requestsOutside = (
  sent: readonly TableRequest[],
  grants: readonly TableGrant[],
): TableRequest[] =>
  sent.filter(
    (request) =>
      !grants.some(
        (grant) =>
          grant.actions.has(request.action) &&
          (request.index === undefined ? grant.onTable : grant.onIndex) &&
          grant.partitions.some((pattern) => pattern.test(request.pk)),
      ),
  );

/** The partitions' prefixes (`SUP`, `TEN`, …) the requests reached: what a scenario has exercised. */
export const prefixesOf = (sent: readonly TableRequest[]): string[] =>
  [...new Set(sent.map((request) => request.pk.split('#')[0] ?? ''))].sort();
