import type { ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectStore } from '#app/ports/objects';
import { readSignedPage } from '#app/signed-page';
import { cursorBinding } from '#domain/cursor';
import { NotFoundError } from '#domain/errors';
import {
  addCounts,
  IMPORT_ID,
  type ImportCounts,
  type ImportJob,
  type JobFilesErased,
  ZERO_COUNTS,
} from '#domain/import-job';
import { JOB_KEYS, RESULT_URL_EXPIRES_SECONDS } from '#shared/jobs-contract';

export interface ImportView {
  readonly importId: string;
  readonly mode: ImportJob['mode'];
  readonly source: ImportJob['source'];
  readonly fileName: string;
  readonly note?: string;
  readonly status: ImportJob['status'];
  readonly counts: ImportCounts;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: string;
  /** A presigned GET of the result file, once the job succeeded; null once an erasure deleted it (`filesErased`). */
  readonly results?: { readonly url: string; readonly expiresAt: string } | null;
  /** An erasure deleted the job's files (docs/privacy.md): when, and which. */
  readonly filesErased?: JobFilesErased;
}

const viewOf = (job: ImportJob, counts: ImportCounts): ImportView => ({
  importId: job.importId,
  mode: job.mode,
  source: job.source,
  fileName: job.fileName,
  ...(job.note === undefined ? {} : { note: job.note }),
  status: job.status,
  counts,
  createdAt: job.createdAt,
  ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
  ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt }),
  ...(job.error === undefined ? {} : { error: job.error }),
  ...(job.filesErased === undefined ? {} : { results: null, filesErased: job.filesErased }),
});

export interface GetImportDeps {
  readonly jobs: Pick<ImportJobRepository, 'getImportJob' | 'listImportChunks'>;
  readonly objects: Pick<ObjectStore, 'presignGet'>;
}

/**
 * One import of the caller's tenant: its status and counts (while it runs, the sum of its finished chunks: the
 * progress), and when it succeeded a presigned GET of its result file. An id of another tenant, or no job, is
 * a 404 alike: the job is looked up under the caller's tenant only.
 */
export const getImport =
  (deps: GetImportDeps) =>
  async (input: { readonly tenantId: string; readonly importId: string }): Promise<ImportView> => {
    const job = IMPORT_ID.test(input.importId)
      ? await deps.jobs.getImportJob(input.tenantId, input.importId)
      : undefined;
    // A filter job shares the job items, not the route: it is no import.
    if (!job || job.filter) throw new NotFoundError(`no import ${input.importId}`);
    const counts =
      job.status === 'running'
        ? (await deps.jobs.listImportChunks(input.tenantId, input.importId)).reduce(
            (sum, chunk) => addCounts(sum, chunk.counts),
            ZERO_COUNTS,
          )
        : job.counts;
    const view = viewOf(job, counts);
    // No URL to a file an erasure deleted: the view says why instead.
    if (job.status !== 'succeeded' || job.filesErased) return view;
    const results = await deps.objects.presignGet(JOB_KEYS.result(input.tenantId, input.importId), {
      expiresInSeconds: RESULT_URL_EXPIRES_SECONDS,
      fileName: `${job.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}.results.csv`,
    });
    return { ...view, results: { url: results.url, expiresAt: results.expiresAt } };
  };

export interface ListImportsDeps {
  readonly jobs: Pick<ImportJobRepository, 'listImportJobsNewestFirst'>;
  readonly cursorKey: Uint8Array;
}

/** A page of the caller's tenant's imports, newest first, behind a cursor bound to the tenant (RJ2). */
export const listImports =
  (deps: ListImportsDeps) =>
  (input: { readonly tenantId: string; readonly limit: number; readonly cursor?: string }) =>
    readSignedPage(
      deps.cursorKey,
      cursorBinding(input.tenantId, 'imports', null),
      input,
      (page) => deps.jobs.listImportJobsNewestFirst(input.tenantId, page),
      (job: ImportJob) => viewOf(job, job.counts),
    );
