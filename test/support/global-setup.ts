import type { TestProject } from 'vitest/node';
import { JavaMissingError, startDynamoDbLocal } from '../../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the run's DynamoDB Local; empty when Java is missing (tests needing it then fail clearly). */
    dynamoDbEndpoint: string;
  }
}

/**
 * Vitest global setup: starts one in-memory DynamoDB Local for the whole run, hands its endpoint to the tests
 * through `inject('dynamoDbEndpoint')`, and returns the teardown that stops it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const dynamoDb = await startDynamoDbLocal();
    project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
    return () => dynamoDb.stop();
  } catch (error) {
    // Without Java the tests that need no database must still run; freshTable() reports the missing Java.
    if (!(error instanceof JavaMissingError)) throw error;
    console.warn(`DynamoDB Local not started. ${error.message}`);
    project.provide('dynamoDbEndpoint', '');
    return async () => {};
  }
}
