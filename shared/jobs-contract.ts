/**
 * The jobs' shared names and numbers, read by the state machine (infra/stacks/jobs-stack.ts), the step handler
 * (functions/step/import-steps.ts), the use cases' wiring and the local runner (local/step-functions-runner.ts),
 * so the deployed Distributed Map and its local stand-in chunk and pace the same way. docs/jobs.md explains them.
 */

/**
 * Lines a chunk (one child execution of the Distributed Map, ItemBatcher `MaxItemsPerBatch`) carries: 500 lines
 * are ten W1b transactions, a few seconds of work, and a batch of 500 work lines (≤ ~1.1 KB each at the longest
 * value) stays under Step Functions' 256 KiB batch input.
 */
export const IMPORT_LINES_PER_CHUNK = 500;

/**
 * Chunks in flight (`MaxConcurrency`). Each chunk keeps WRITE_CONCURRENCY (4) transactions of 50 values in flight,
 * so at most 10 × 4 × 50 values are being written at once; every value is two table writes plus one to the
 * tenant's single GSI1 partition, whose ~1,000 writes a second bound a tenant's import rate (docs/jobs.md).
 */
export const IMPORT_MAX_CONCURRENCY = 10;

/** How long an upload URL stays valid, and the largest file it accepts. */
export const UPLOAD_EXPIRES_SECONDS = 15 * 60;
export const UPLOAD_MAX_BYTES = 100 * 1024 * 1024;
/** How long a result URL stays valid. */
export const RESULT_URL_EXPIRES_SECONDS = 15 * 60;
/** Days uploads, work files and results are kept before the bucket's lifecycle rule deletes them. */
export const JOB_OBJECT_EXPIRY_DAYS = 7;

/** Environment variables of the jobs' functions. */
export const JOBS_ENV = {
  bucket: 'QUIETLIST_JOBS_BUCKET',
  s3Endpoint: 'QUIETLIST_S3_ENDPOINT',
} as const;

/**
 * Object keys, tenant first, so a key names its tenant and nothing of another tenant can be reached by a job
 * id alone. The upload key is the only one an outside caller writes (through its presigned PUT).
 */
export const JOB_KEYS = {
  uploadPrefix: 'uploads/',
  upload: (tenantId: string, importId: string) => `uploads/${tenantId}/${importId}`,
  work: (tenantId: string, importId: string) => `work/${tenantId}/${importId}/lines.jsonl`,
  chunkResult: (tenantId: string, importId: string, firstLine: number) =>
    `results/${tenantId}/${importId}/parts/${String(firstLine).padStart(10, '0')}.csv`,
  result: (tenantId: string, importId: string) => `results/${tenantId}/${importId}/results.csv`,
  /** A filter job's parts and files: eligible and filtered recipients, JSON Lines in input order. */
  chunkEligible: (tenantId: string, importId: string, firstLine: number) =>
    `results/${tenantId}/${importId}/parts/${String(firstLine).padStart(10, '0')}.eligible.jsonl`,
  chunkFiltered: (tenantId: string, importId: string, firstLine: number) =>
    `results/${tenantId}/${importId}/parts/${String(firstLine).padStart(10, '0')}.filtered.jsonl`,
  eligible: (tenantId: string, importId: string) => `results/${tenantId}/${importId}/eligible.jsonl`,
  filtered: (tenantId: string, importId: string) => `results/${tenantId}/${importId}/filtered.jsonl`,
  /** Where the Distributed Map's ResultWriter puts its manifest and child outputs. */
  mapRunPrefix: 'map-runs/',
  /**
   * One job's ResultWriter prefix (the state machine's `Prefix.$`, handed on by `Prepare`): tenant first, like every
   * other key, so an erasure reaches a failed chunk's record, which Step Functions writes with its input (the lines).
   */
  mapRun: (tenantId: string, importId: string) => `map-runs/${tenantId}/${importId}`,
} as const;

/**
 * Every prefix under which a tenant's job files live: what an erasure deletes (docs/privacy.md). The trailing slash
 * keeps `acme` from reaching `acme2`'s files.
 */
export const tenantJobPrefixes = (tenantId: string): readonly string[] =>
  ['uploads/', 'work/', 'results/', 'map-runs/'].map((top) => `${top}${tenantId}/`);

/**
 * The prefixes of one job's files: its upload (the key itself; ids are fixed-length, so it names no other), its
 * work file, its result parts and files, and its Distributed Map records.
 */
export const jobFilePrefixes = (tenantId: string, jobId: string): readonly string[] => [
  JOB_KEYS.upload(tenantId, jobId),
  `work/${tenantId}/${jobId}/`,
  `results/${tenantId}/${jobId}/`,
  `${JOB_KEYS.mapRun(tenantId, jobId)}/`,
];

/** The job a key of a tenant's job files belongs to (the segment after the tenant), if it names one. */
export const jobIdOfKey = (key: string): string | undefined =>
  /^(?:uploads|work|results|map-runs)\/[A-Za-z0-9_-]{1,64}\/([0-9A-HJKMNP-TV-Z]{26})(?:\/|$)/.exec(key)?.[1];

/** Reads tenant and import id back from an upload key (the S3 event names only the key). */
export const uploadKeyParts = (
  key: string,
): { readonly tenantId: string; readonly importId: string } | undefined => {
  const match = /^uploads\/([A-Za-z0-9_-]{1,64})\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return match ? { tenantId: match[1] as string, importId: match[2] as string } : undefined;
};

/** Input of the state machine: the uploaded object (from the S3 event, or given by a pipeline). */
export interface ImportExecutionInput {
  readonly bucket: string;
  readonly key: string;
}

/** The step handler's events, one per state of the state machine. */
export type ImportStepEvent =
  | { readonly step: 'prepare'; readonly key: string }
  | {
      readonly step: 'chunk';
      /** The Distributed Map's batch: ItemBatcher gives `Items` and the fixed `BatchInput`. */
      readonly Items: readonly unknown[];
      readonly BatchInput: { readonly tenantId: string; readonly importId: string };
    }
  | {
      /**
       * The Catch of a chunk whose retries are spent on the table's errors (CHUNK_UNCHECKED_ERRORS): the same
       * batch, with the chunk's error as Step Functions gives it (`Error`, `Cause`).
       */
      readonly step: 'unchecked';
      readonly Items: readonly unknown[];
      readonly BatchInput: { readonly tenantId: string; readonly importId: string };
      readonly error: string;
      readonly cause?: string;
    }
  | { readonly step: 'finish'; readonly tenantId: string; readonly importId: string; readonly lines: number }
  | { readonly step: 'fail'; readonly key: string; readonly error: string; readonly cause?: string };

/** What the prepare step hands on: the job and its work file, whose lines the map reads. */
export interface PreparedImport {
  readonly tenantId: string;
  readonly importId: string;
  readonly workKey: string;
  readonly lines: number;
  /** Where the Distributed Map's ResultWriter writes this job's child records: `JOB_KEYS.mapRun`. */
  readonly mapRunPrefix: string;
}

/**
 * The retry of a step (the state machine's `Retry`, and the local runner's): throttling and an unavailable table
 * or Lambda are retried with exponential backoff and jitter; anything else (a file that is not text) is not.
 */
export const STEP_RETRY = {
  errors: [
    'UnavailableError',
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'TransactionConflictException',
    'Lambda.TooManyRequestsException',
    'Lambda.ServiceException',
    'Lambda.SdkClientException',
    'States.Timeout',
  ],
  intervalSeconds: 2,
  backoffRate: 2,
  maxAttempts: 6,
  maxDelaySeconds: 60,
} as const;

/**
 * The errors after which a chunk, its retries spent, is caught and answered `unchecked` (a filter job's; an
 * import's chunk still fails): the table or Lambda did not answer. Any other error (a bug, a refused input) fails
 * the job as before, so a fault of ours is never hidden as a run of unchecked recipients.
 */
export const CHUNK_UNCHECKED_ERRORS: readonly string[] = STEP_RETRY.errors;
