import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentDeadline, sdkClientLimits, stalledCallError } from '#adapters/aws/call-limits';
import type { SdkCallLimits } from '#shared/time-budgets';

export interface DocumentClientOptions {
  /** Set for DynamoDB Local; unset in AWS, where the SDK finds the regional endpoint. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Timeouts and attempts of every call (shared/time-budgets.ts). @default the SDK's: 3 attempts, no timeouts */
  readonly limits?: SdkCallLimits;
}

type Send = (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;

/**
 * The one way to build a document client, so every function marshals alike: undefined fields are dropped rather
 * than rejected (optional attributes stay optional), and class instances are refused (items are plain data).
 * Every call carries the current use case's deadline (`withDeadline`) as its `abortSignal` unless it brings its
 * own, so no repository has to pass it along; a call its timeouts or deadline cut short throws UnavailableError.
 */
export const createDocumentClient = (options: DocumentClientOptions = {}): DynamoDBDocumentClient => {
  const config: DynamoDBClientConfig = options.limits ? sdkClientLimits(options.limits) : { maxAttempts: 3 };
  if (options.endpoint !== undefined) {
    config.endpoint = options.endpoint;
    config.region = options.region ?? 'local';
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  } else if (options.region !== undefined) {
    config.region = options.region;
  }
  const client = new DynamoDBClient(config);
  // The SDK's logger middleware runs every input and output through its sensitive-data filter even when, as
  // here, no logger is configured and nothing is logged: about 8 % of a bulk add's CPU (docs/decisions.md).
  client.middlewareStack.remove('loggerMiddleware');
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  const send = doc.send.bind(doc) as Send;
  doc.send = ((command: unknown, sendOptions?: { abortSignal?: AbortSignal }) => {
    const abortSignal = sendOptions?.abortSignal ?? currentDeadline();
    return send(command, abortSignal ? { ...sendOptions, abortSignal } : sendOptions).catch(
      (error: unknown) => {
        throw stalledCallError('DynamoDB', error, abortSignal);
      },
    );
  }) as DynamoDBDocumentClient['send'];
  return doc;
};
