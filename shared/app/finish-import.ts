import { RESULT_HEADER } from '#app/import-results';
import type { FilterSummary } from '#app/ports/filter-runs';
import type { ImportChunkRecord, ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectStore } from '#app/ports/objects';
import { deleteJobFiles } from '#app/purge-job-files';
import { UnavailableError } from '#domain/errors';
import { addCounts, type ImportCounts, type UncheckedRecipients, ZERO_COUNTS } from '#domain/import-job';
import { JOB_KEYS, uploadKeyParts } from '#shared/jobs-contract';

export interface FinishImportDeps {
  readonly jobs: Pick<ImportJobRepository, 'listImportChunks' | 'finishImportJob' | 'getImportJob'>;
  readonly objects: Pick<ObjectStore, 'read' | 'writeStream' | 'listKeys' | 'deleteKeys'>;
}

/** The filter's run summary over many runs: received, eligible and filtered added, reasons added per reason. */
export const sumSummaries = (summaries: readonly FilterSummary[]): FilterSummary => {
  const byReason: Record<string, number> = {};
  for (const summary of summaries) {
    for (const [reason, count] of Object.entries(summary.byReason))
      byReason[reason] = (byReason[reason] ?? 0) + (count ?? 0);
  }
  return {
    received: summaries.reduce((sum, summary) => sum + summary.received, 0),
    eligible: summaries.reduce((sum, summary) => sum + summary.eligible, 0),
    filtered: summaries.reduce((sum, summary) => sum + summary.filtered, 0),
    byReason,
  };
};

/** The recipients of the chunks answered `unchecked` (a filter job's chunks the table never answered), if any. */
const uncheckedOf = (chunks: readonly ImportChunkRecord[]): UncheckedRecipients | undefined => {
  const unchecked = chunks.flatMap((chunk) => (chunk.unchecked ? [chunk.unchecked] : []));
  const first = unchecked[0];
  if (!first) return undefined;
  return {
    recipients: unchecked.reduce((sum, chunk) => sum + chunk.recipients, 0),
    chunks: unchecked.length,
    error: first.error,
  };
};

/** Whether an erasure reached the job while it ran (WJ5's mark): its files must then go when it ends. */
const filesErased = async (
  jobs: FinishImportDeps['jobs'],
  tenantId: string,
  importId: string,
): Promise<boolean> => (await jobs.getImportJob(tenantId, importId))?.filesErased !== undefined;

const sumOf = (chunks: readonly { readonly counts: ImportCounts }[]) =>
  chunks.reduce((sum, chunk) => addCounts(sum, chunk.counts), ZERO_COUNTS);

/**
 * The last step of an import (`Finish`): the job's counts are the sum of its chunks' (RJ4), which must account
 * for every line the prepare step read, else the job is not finished (a chunk went missing) and the step fails;
 * the result file is the chunks' rows in line order behind one header, streamed part after part (WJ4).
 *
 * A job an erasure reached while it ran (`filesErased`, WJ5) writes no result file: its counts are recorded and
 * its files, those its chunks wrote after the purge included, are deleted. Read again once it has finished, so a
 * purge that ran while the result file was being written is honoured too.
 */
export const finishImport =
  (deps: FinishImportDeps) =>
  async (input: {
    readonly tenantId: string;
    readonly importId: string;
    readonly lines: number;
    readonly at: Date;
  }): Promise<ImportCounts> => {
    const chunks = await deps.jobs.listImportChunks(input.tenantId, input.importId);
    const counts = sumOf(chunks);
    if (await filesErased(deps.jobs, input.tenantId, input.importId)) {
      await deps.jobs.finishImportJob(input.tenantId, input.importId, {
        status: 'succeeded',
        counts,
        at: input.at.toISOString(),
      });
      await deleteJobFiles(deps.objects)(input.tenantId, input.importId);
      return counts;
    }
    if (counts.lines !== input.lines) {
      throw new UnavailableError(
        `the chunks of import ${input.importId} account for ${counts.lines} of its ${input.lines} lines`,
      );
    }
    const concatenate = async (key: string, header: string, partKeys: readonly string[]) => {
      const decoder = new TextDecoder();
      async function* file(): AsyncGenerator<string> {
        if (header) yield header;
        for (const partKey of partKeys) {
          const bytes = await deps.objects.read(partKey);
          if (!bytes) throw new UnavailableError(`the result part ${partKey} is missing`);
          for await (const piece of bytes) yield decoder.decode(piece, { stream: true });
          yield decoder.decode();
        }
      }
      await deps.objects.writeStream(key, file(), header ? 'text/csv' : 'application/jsonl');
    };
    const isFilterJob = chunks.some((chunk) => chunk.filteredKey !== undefined);
    if (isFilterJob) {
      await concatenate(
        JOB_KEYS.eligible(input.tenantId, input.importId),
        '',
        chunks.map((c) => c.resultKey),
      );
      await concatenate(
        JOB_KEYS.filtered(input.tenantId, input.importId),
        '',
        chunks.map((c) => c.filteredKey ?? ''),
      );
    } else {
      await concatenate(
        JOB_KEYS.result(input.tenantId, input.importId),
        RESULT_HEADER,
        chunks.map((c) => c.resultKey),
      );
    }
    const unchecked = uncheckedOf(chunks);
    await deps.jobs.finishImportJob(input.tenantId, input.importId, {
      status: 'succeeded',
      counts,
      at: input.at.toISOString(),
      ...(isFilterJob
        ? { summary: sumSummaries(chunks.flatMap((c) => (c.summary ? [c.summary] : []))) }
        : {}),
      ...(unchecked ? { unchecked } : {}),
    });
    if (await filesErased(deps.jobs, input.tenantId, input.importId)) {
      await deleteJobFiles(deps.objects)(input.tenantId, input.importId);
    }
    return counts;
  };

/**
 * The state machine's `Failed` branch: the job says it failed, and why (the file's problem, or the step that
 * failed), with the counts of the chunks that finished. The chunks' effects stay; a re-run skips them. A job an
 * erasure reached while it ran (its work file gone, it fails) has its remaining files deleted, as `finishImport`.
 */
export const failImport =
  (deps: Pick<FinishImportDeps, 'jobs' | 'objects'>) =>
  async (input: { readonly key: string; readonly error: string; readonly at: Date }): Promise<void> => {
    const parts = uploadKeyParts(input.key);
    if (!parts) return;
    const chunks = await deps.jobs.listImportChunks(parts.tenantId, parts.importId);
    await deps.jobs.finishImportJob(parts.tenantId, parts.importId, {
      status: 'failed',
      counts: sumOf(chunks),
      at: input.at.toISOString(),
      error: input.error,
    });
    if (await filesErased(deps.jobs, parts.tenantId, parts.importId)) {
      await deleteJobFiles(deps.objects)(parts.tenantId, parts.importId);
    }
  };
