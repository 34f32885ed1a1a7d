import type { ImportCounts, ImportJob, JobFilesErased, UncheckedRecipients } from '#domain/import-job';
import type { FilterSummary } from './filter-runs';
import type { Page, PageRequest } from './paging';

/** One finished chunk of a job: its first line and what its lines came to (RJ4). */
export interface ImportChunkRecord {
  readonly firstLine: number;
  readonly counts: ImportCounts;
  /** The object holding the chunk's result rows (a filter job: its eligible recipients). */
  readonly resultKey: string;
  /** A filter job: the object holding the chunk's filtered recipients, and the chunk's run summary. */
  readonly filteredKey?: string;
  readonly summary?: FilterSummary;
  /** A filter job's chunk that could not be checked: its recipients were answered `unchecked`, and why. */
  readonly unchecked?: { readonly recipients: number; readonly error: string };
}

/**
 * Import job status items and their chunks (docs/data-model.md, RJ1–RJ4, WJ1–WJ4). `DynamoDbImportJobRepository`
 * implements it.
 */
export interface ImportJobRepository {
  /** WJ1: a new job, waiting for its upload. */
  createImportJob(job: ImportJob): Promise<void>;
  /** RJ1: one job of a tenant (another tenant's id reads nothing). */
  getImportJob(tenantId: string, importId: string): Promise<ImportJob | undefined>;
  /** RJ2: a tenant's jobs, newest first. */
  listImportJobsNewestFirst(tenantId: string, page: PageRequest): Promise<Page<ImportJob>>;
  /**
   * WJ2: the upload arrived and the job runs; a re-run (of a failed or finished job) runs it again, its
   * recorded chunks skipped. `false` when there is no such job.
   */
  startImportJob(tenantId: string, importId: string, at: string): Promise<boolean>;
  /** WJ3: a chunk's outcome, stored once: a repeat of the same chunk leaves the first record. */
  recordImportChunk(tenantId: string, importId: string, chunk: ImportChunkRecord): Promise<void>;
  /** RJ3: a chunk's outcome if it finished. */
  getImportChunk(
    tenantId: string,
    importId: string,
    firstLine: number,
  ): Promise<ImportChunkRecord | undefined>;
  /** RJ4: every finished chunk of a job, in line order. */
  listImportChunks(tenantId: string, importId: string): Promise<ImportChunkRecord[]>;
  /** WJ4: the job's end: its status, counts and error. */
  finishImportJob(
    tenantId: string,
    importId: string,
    end: {
      readonly status: 'succeeded' | 'failed';
      readonly counts: ImportCounts;
      readonly at: string;
      readonly error?: string;
      readonly summary?: FilterSummary;
      readonly unchecked?: UncheckedRecipients;
    },
  ): Promise<void>;
  /**
   * WJ5: an erasure deleted the job's files: the job says so (and answers no result URL). A job that no longer
   * exists (its item expired) is no error.
   */
  markJobFilesErased(tenantId: string, importId: string, mark: JobFilesErased): Promise<void>;
}
