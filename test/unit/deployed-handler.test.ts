import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { deployedHandler } from '#lambda/deployed-handler';

const context = {} as Context;
/** Stands in for a function's use cases: only its identity matters here. */
const fakeServices = { config: { tableName: 'fake' } };

describe('the deployed entry point', () => {
  it('builds its services once and reuses them', async () => {
    let starts = 0;
    const handler = deployedHandler(
      (services) => async (event: string) => `${event}:${(await services).config.tableName}`,
      async () => {
        starts++;
        return fakeServices;
      },
    );
    expect(await handler('a', context)).toBe('a:fake');
    expect(await handler('b', context)).toBe('b:fake');
    expect(starts).toBe(1);
  });

  it('tries again after a failed start instead of failing for the life of the container', async () => {
    let starts = 0;
    const handler = deployedHandler(
      (services) => async (event: string) => `${event}:${(await services).config.tableName}`,
      async () => {
        starts++;
        if (starts === 1) throw new Error('secret read throttled');
        return fakeServices;
      },
    );
    await expect(handler('a', context)).rejects.toThrow('secret read throttled');
    expect(await handler('b', context)).toBe('b:fake');
    expect(starts).toBe(2);
  });
});
