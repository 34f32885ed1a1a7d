import type { Context } from 'aws-lambda';
import type { ObjectStore } from '#app/ports/objects';
import { streamLines } from '#app/stream-lines';
import {
  CHUNK_UNCHECKED_ERRORS,
  IMPORT_LINES_PER_CHUNK,
  IMPORT_MAX_CONCURRENCY,
  type ImportStepEvent,
  type PreparedImport,
  STEP_RETRY,
} from '#shared/jobs-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import type { ImportStepResult } from '../functions/step/import-steps';
import { lambdaContext } from './lambda-context';

/** The import step handler as Lambda runs it (`makeHandler(useCases)` of functions/step/import-steps.ts). */
export type ImportStepHandler = (event: ImportStepEvent, context: Context) => Promise<ImportStepResult>;

export interface LocalRunnerOptions {
  /** Lines a chunk (ItemBatcher `MaxItemsPerBatch`). @default IMPORT_LINES_PER_CHUNK */
  readonly linesPerChunk?: number;
  /** Chunks in flight (`MaxConcurrency`). @default IMPORT_MAX_CONCURRENCY */
  readonly maxConcurrency?: number;
  /** Scales STEP_RETRY's waits (tests shorten them). @default 1 */
  readonly retryDelayScale?: number;
}

/** How a run ended: as the state machine's execution would (`SUCCEEDED` after Finish, else after MarkFailed). */
export type LocalRunOutcome =
  | { readonly status: 'succeeded'; readonly prepared: PreparedImport }
  | { readonly status: 'failed'; readonly error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * THE LOCAL STAND-IN FOR AWS STEP FUNCTIONS, for `npm start` and the tests: runs one import through the same
 * states as the deployed state machine (infra/stacks/jobs-stack.ts) — Prepare, a map over the work file's lines
 * in batches of the same size with the same concurrency bound, the same Retry policy and the same Catch of each
 * chunk (MarkUnchecked), Finish, and on any failure MarkFailed — by calling the same step handler with the same events. It is not a scheduler: it runs in
 * this process, forgets everything when it stops, and deployed imports never use it.
 */
export class LocalStepFunctionsRunner {
  private readonly linesPerChunk: number;
  private readonly maxConcurrency: number;
  private readonly retryDelayScale: number;

  constructor(
    private readonly handler: ImportStepHandler,
    private readonly objects: ObjectStore,
    options: LocalRunnerOptions = {},
  ) {
    this.linesPerChunk = options.linesPerChunk ?? IMPORT_LINES_PER_CHUNK;
    this.maxConcurrency = options.maxConcurrency ?? IMPORT_MAX_CONCURRENCY;
    this.retryDelayScale = options.retryDelayScale ?? 1;
  }

  /** Invokes the step handler, retrying as STEP_RETRY says (the error's name is its Step Functions error). */
  private async invoke(event: ImportStepEvent): Promise<ImportStepResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.handler(
          event,
          lambdaContext('import-steps', TIME_BUDGETS.importSteps.lambdaTimeoutSeconds * 1000),
        );
      } catch (error) {
        const name = (error as Error).name;
        if (attempt >= STEP_RETRY.maxAttempts || !(STEP_RETRY.errors as readonly string[]).includes(name))
          throw error;
        const wait = Math.min(
          STEP_RETRY.intervalSeconds * STEP_RETRY.backoffRate ** (attempt - 1),
          STEP_RETRY.maxDelaySeconds,
        );
        // Full jitter, as the state machine's `JitterStrategy: FULL`.
        await sleep(Math.random() * wait * 1000 * this.retryDelayScale);
      }
    }
  }

  /**
   * One child of the map: the chunk task, and, once its retries are spent on CHUNK_UNCHECKED_ERRORS, its Catch
   * (`MarkUnchecked`) with the same batch and the error as Step Functions passes it; any other error fails the map.
   */
  private async chunk(Items: unknown[], BatchInput: { tenantId: string; importId: string }): Promise<void> {
    try {
      await this.invoke({ step: 'chunk', Items, BatchInput });
    } catch (error) {
      const failure = error as Error;
      if (!CHUNK_UNCHECKED_ERRORS.includes(failure.name)) throw error;
      const cause = JSON.stringify({ errorType: failure.name, errorMessage: failure.message });
      await this.invoke({ step: 'unchecked', Items, BatchInput, error: failure.name, cause });
    }
  }

  /** The work file's lines in batches, read as it streams (the Distributed Map's item reader and batcher). */
  private async *batches(workKey: string): AsyncGenerator<unknown[]> {
    const bytes = await this.objects.read(workKey);
    if (!bytes) throw new Error(`the work file ${workKey} is missing`);
    let batch: unknown[] = [];
    for await (const line of streamLines(bytes)) {
      if (line === '') continue;
      batch.push(JSON.parse(line));
      if (batch.length === this.linesPerChunk) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Runs the import of one uploaded object to its end. */
  async run(key: string): Promise<LocalRunOutcome> {
    try {
      const prepared = (await this.invoke({ step: 'prepare', key })) as PreparedImport;
      const batches = this.batches(prepared.workKey);
      const BatchInput = { tenantId: prepared.tenantId, importId: prepared.importId };
      // A pool of MaxConcurrency workers pulling the next batch: never more than that many chunks in memory.
      const worker = async () => {
        for (;;) {
          const next = await batches.next();
          if (next.done) return;
          await this.chunk(next.value, BatchInput);
        }
      };
      await Promise.all(Array.from({ length: this.maxConcurrency }, worker));
      await this.invoke({
        step: 'finish',
        tenantId: prepared.tenantId,
        importId: prepared.importId,
        lines: prepared.lines,
      });
      return { status: 'succeeded', prepared };
    } catch (error) {
      const failure = error as Error;
      const cause = JSON.stringify({ errorType: failure.name, errorMessage: failure.message });
      await this.invoke({ step: 'fail', key, error: failure.name, cause });
      return { status: 'failed', error: failure.message };
    }
  }
}
