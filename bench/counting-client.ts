import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface RequestCounts {
  /** Calls by command name (`BatchGetCommand`, `GetCommand`, `BatchWriteCommand`, …). */
  readonly calls: Record<string, number>;
  /** Read capacity DynamoDB reported (ReturnConsumedCapacity), summed over every call. */
  readUnits: number;
  /** Every BatchGetItem input, as sent: the floor replays exactly these. */
  readonly batchGets: BatchGetCommandInput[];
  /** Every TransactWriteItems input, as sent: the write floors replay their items. */
  readonly transactWrites: TransactWriteCommandInput[];
}

export const newCounts = (): RequestCounts => ({
  calls: {},
  readUnits: 0,
  batchGets: [],
  transactWrites: [],
});

/** A document client that counts what goes through it into `counts` (swap the object to start over). */
export const countingClient = (
  doc: DynamoDBDocumentClient,
  current: () => RequestCounts,
): DynamoDBDocumentClient => {
  const wrapped = Object.create(doc) as DynamoDBDocumentClient;
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  wrapped.send = (async (command: { constructor: { name: string }; input?: unknown }) => {
    const counts = current();
    const name = command.constructor.name;
    counts.calls[name] = (counts.calls[name] ?? 0) + 1;
    if (command instanceof BatchGetCommand) counts.batchGets.push(command.input);
    if (command instanceof TransactWriteCommand) counts.transactWrites.push(command.input);
    const output = (await send(command)) as { ConsumedCapacity?: unknown };
    const consumed = [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[];
    for (const capacity of consumed) counts.readUnits += capacity.CapacityUnits ?? 0;
    return output;
  }) as DynamoDBDocumentClient['send'];
  return wrapped;
};
