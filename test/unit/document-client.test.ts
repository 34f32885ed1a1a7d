import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb/client';

describe('the document client every function builds', () => {
  it('drops the SDK logger middleware, which filters every input and output for a logger nobody configured', () => {
    const names = createDocumentClient({ endpoint: 'http://127.0.0.1:1' }).middlewareStack.identify();
    expect(names.some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    // The stack is otherwise whole: requests are still serialized, signed and retried.
    expect(names.some((name) => name.startsWith('retryMiddleware'))).toBe(true);
    expect(
      names.some((name) => name.startsWith('awsAuthMiddleware') || name.startsWith('httpSigningMiddleware')),
    ).toBe(true);
  });
});
