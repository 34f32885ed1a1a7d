import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file makes its own table in it (test/support/dynamodb.ts).
    globalSetup: './test/support/global-setup.ts',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks isolate process-wide state (signal listeners, env) better than threads. Tests mostly wait on the
    // emulator, so one worker per core is enough; more would only fight the JVM for two cores.
    pool: 'forks',
    maxWorkers: Math.max(1, Math.min(4, availableParallelism())),
  },
});
