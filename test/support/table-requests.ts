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

/**
 * What a document client sends, as IAM authorises it: each item action and partition key. Kept apart from the
 * policies' side (iam-grants.ts) so that a harness can record requests without loading the CDK.
 */

/** An item action as IAM authorises it: a transaction is authorised per contained action. */
export interface TableRequest {
  readonly action: string;
  readonly pk: string;
  readonly index?: string;
}

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
