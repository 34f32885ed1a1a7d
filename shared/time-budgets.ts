/**
 * How long each function may wait on AWS before it gives its fail-closed answer, described once: the composition
 * roots (shared/wiring) configure their SDK clients and deadlines from it, and infra sets each Lambda timeout from
 * it, so a stalled DynamoDB can never hold a function until Lambda kills it. docs/timeouts.md shows the table and
 * its arithmetic; test/unit/time-budgets.test.ts checks both.
 */

/**
 * One AWS SDK call: the limits of its HTTP handler (`NodeHttpHandler`'s `connectionTimeout` and
 * `requestTimeout`, with `throwOnRequestTimeout`) and of its retry strategy (`maxAttempts`).
 */
export interface SdkCallLimits {
  /** Opening the connection, per attempt. */
  readonly connectionTimeoutMs: number;
  /** The whole attempt, from the request's start (connection included) to the answer's last byte. */
  readonly requestTimeoutMs: number;
  /** Attempts in all, the first included; a timed-out attempt is retried, an aborted one is not. */
  readonly maxAttempts: number;
}

/** What one function is allowed: every field has a row in docs/timeouts.md. */
export interface TimeBudget {
  /** The Lambda timeout infra gives the function. */
  readonly lambdaTimeoutSeconds: number;
  /**
   * How long one use case call (a filter run, a page request, one SQS record) may wait on AWS. When it passes,
   * the call still in flight is aborted, none starts, the retry loops stop, and the use case gives its
   * fail-closed answer.
   */
  readonly deadlineMs: number;
  /** Every call made while serving: DynamoDB, and SESv2 for the SES mirror. */
  readonly calls: SdkCallLimits;
  /** The keyring's Secrets Manager read when the function starts (before any deadline runs). */
  readonly keyring: SdkCallLimits;
}

/** A short, well-kept call for interactive functions: two tries of 1.5 s. */
const INTERACTIVE_CALL: SdkCallLimits = { connectionTimeoutMs: 500, requestTimeoutMs: 1_500, maxAttempts: 2 };

/**
 * Each function's budget. DynamoDB answers a healthy request in milliseconds, so a request timeout of seconds
 * only ever cuts a stalled one; the deadlines leave the largest legitimate work (a filter run of the largest
 * batch, a bulk admin change of 10,000 values) room to finish, and stay below the Lambda timeout by the keyring
 * read and a second for the answer (see {@link worstCaseAnswerMs}).
 */
export const TIME_BUDGETS = {
  filter: {
    lambdaTimeoutSeconds: 60,
    deadlineMs: 40_000,
    calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 },
    keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 },
  },
  sesFeedback: {
    lambdaTimeoutSeconds: 30,
    deadlineMs: 20_000,
    calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 3 },
    keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 3 },
  },
  unsubscribePage: {
    lambdaTimeoutSeconds: 10,
    deadlineMs: 5_000,
    calls: INTERACTIVE_CALL,
    keyring: INTERACTIVE_CALL,
  },
  adminApi: {
    // API Gateway gives up on an HTTP API integration at 30 s.
    // A 10,000-line bulk add takes ~23 s on DynamoDB Local under load: the deadline leaves it room, and the
    // keyring read is kept short to pay for it.
    lambdaTimeoutSeconds: 29,
    deadlineMs: 24_000,
    calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 },
    keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_500, maxAttempts: 2 },
  },
  filterRuns: {
    lambdaTimeoutSeconds: 10,
    deadlineMs: 5_000,
    calls: INTERACTIVE_CALL,
    keyring: INTERACTIVE_CALL,
  },
  unsubscribeLinks: {
    lambdaTimeoutSeconds: 10,
    deadlineMs: 5_000,
    calls: INTERACTIVE_CALL,
    keyring: INTERACTIVE_CALL,
  },
  smsReplies: {
    // Like SES feedback: one SQS record at a time (a lookup, then one transaction), redelivered on failure.
    lambdaTimeoutSeconds: 30,
    deadlineMs: 20_000,
    calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 3 },
    keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 3 },
  },
  outboundEvents: {
    // The pipe's enrichment: a pure mapping of a batch of stream records, no AWS call and no keyring read at all
    // (its calls and keyring rows bound nothing it does). A batch of 100 maps in milliseconds.
    lambdaTimeoutSeconds: 10,
    deadlineMs: 5_000,
    calls: INTERACTIVE_CALL,
    keyring: INTERACTIVE_CALL,
  },
  importSteps: {
    // One state of an import job: a chunk of 500 lines takes seconds; preparing or finishing a 100 MB file streams
    // it through S3 once. No caller waits on it: the state machine retries a step that ran out of time.
    lambdaTimeoutSeconds: 300,
    deadlineMs: 280_000,
    calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 5_000, maxAttempts: 3 },
    keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 },
  },
  purgeJobFiles: {
    // An erasure's deletion of a workspace's job files (EventBridge → the function): pages of 1,000 objects, a
    // second or so each. No caller waits; a run cut short fails, and EventBridge's retry finishes the rest. It reads
    // no keyring: that row bounds nothing it does.
    lambdaTimeoutSeconds: 300,
    deadlineMs: 280_000,
    calls: { connectionTimeoutMs: 1_000, requestTimeoutMs: 5_000, maxAttempts: 3 },
    keyring: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 },
  },
} as const satisfies Record<string, TimeBudget>;

export type BudgetedFunction = keyof typeof TIME_BUDGETS;

/**
 * The budget against DynamoDB Local (`npm start`, the HTTP and browser tests, the benchmarks): a JVM on a laptop or
 * a loaded CI machine answers a cold or busy request in seconds where DynamoDB takes milliseconds, so the local
 * runtime keeps every mechanism, with limits no healthy local run reaches. Its Lambda timeout is the function's.
 */
export const dynamoDbLocalBudget = (budget: TimeBudget): TimeBudget => ({
  ...budget,
  deadlineMs: 120_000,
  calls: { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000, maxAttempts: 3 },
});

/**
 * The SDK's base backoff delay between attempts of a call that timed out (its "2026" retry configuration:
 * DynamoDB 25 ms, other services 50 ms); the wait before retry `i` is at most `base * 2^i`.
 */
export const SDK_RETRY_BASE_DELAY_MS = { dynamoDb: 25, other: 50 } as const;

/** The longest one SDK call can take when every attempt times out: attempts × request timeout + backoff. */
export const worstCaseCallMs = (limits: SdkCallLimits, baseDelayMs: number): number => {
  let backoff = 0;
  for (let retry = 0; retry < limits.maxAttempts - 1; retry++) backoff += baseDelayMs * 2 ** retry;
  return limits.maxAttempts * limits.requestTimeoutMs + backoff;
};

/** Time kept, after the deadline, to map the failure to an answer and log it. */
export const ANSWER_MARGIN_MS = 1_000;

/**
 * The latest a function answers after its invocation starts, DynamoDB or Secrets Manager stalled: the keyring
 * read of a cold start, the deadline, and the margin. It must stay below the Lambda timeout.
 */
export const worstCaseAnswerMs = (budget: TimeBudget): number =>
  worstCaseCallMs(budget.keyring, SDK_RETRY_BASE_DELAY_MS.other) + budget.deadlineMs + ANSWER_MARGIN_MS;
