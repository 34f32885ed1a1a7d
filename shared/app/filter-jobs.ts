import { parseFilterRequest } from '#app/filter-request';
import type { FilterSummary } from '#app/ports/filter-runs';
import type { ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectStore, PresignedRequest } from '#app/ports/objects';
import { knownTopic, type TopicsFor } from '#app/tenant-rules';
import { actorOf } from '#domain/acting-principal';
import { NotFoundError } from '#domain/errors';
import {
  addCounts,
  type FilterJobSpec,
  IMPORT_ID,
  type ImportCounts,
  type JobFilesErased,
  type UncheckedRecipients,
  ZERO_COUNTS,
} from '#domain/import-job';
import type { Principal } from '#domain/roles';
import { ulid } from '#domain/ulid';
import { JOB_KEYS, RESULT_URL_EXPIRES_SECONDS, UPLOAD_EXPIRES_SECONDS } from '#shared/jobs-contract';

/** A recipient that passes the filter's parser, to validate a job's request before any upload. */
const PROBE_RECIPIENT = { contactId: 'probe', email: 'probe@example.com' };

export interface FilterJobsDeps {
  readonly jobs: Pick<ImportJobRepository, 'createImportJob' | 'getImportJob' | 'listImportChunks'>;
  readonly objects: Pick<ObjectStore, 'presignPut' | 'presignGet'>;
  readonly newId?: () => string;
  /** The tenant's topics: a job about a topic the workspace does not have is refused before any upload. */
  readonly topicsFor?: TopicsFor;
}

/**
 * Starts a filter job: validates its request with the synchronous filter's own parser (a 400 names the field,
 * as the filter would), writes the job (WJ1) and signs the upload of its JSON Lines audience.
 */
export const createFilterJob =
  (deps: FilterJobsDeps) =>
  async (input: {
    readonly principal: Principal;
    readonly spec: FilterJobSpec;
    readonly at: Date;
  }): Promise<{ readonly jobId: string; readonly upload: PresignedRequest }> => {
    const tenantId = input.principal.tenantId;
    parseFilterRequest({ tenantId, ...input.spec, recipients: [PROBE_RECIPIENT] });
    if (input.spec.topic !== undefined) await knownTopic(deps.topicsFor, tenantId, input.spec.topic);
    const jobId = (deps.newId ?? (() => ulid()))();
    await deps.jobs.createImportJob({
      tenantId,
      importId: jobId,
      mode: 'check',
      source: 'api',
      fileName: 'audience.jsonl',
      status: 'waiting_for_upload',
      counts: ZERO_COUNTS,
      createdAt: input.at.toISOString(),
      actor: actorOf(input.principal),
      filter: input.spec,
    });
    const upload = await deps.objects.presignPut(JOB_KEYS.upload(tenantId, jobId), {
      expiresInSeconds: UPLOAD_EXPIRES_SECONDS,
      contentType: 'application/jsonl',
    });
    return { jobId, upload };
  };

export interface FilterJobView {
  readonly jobId: string;
  readonly campaignId: string;
  readonly status: string;
  readonly counts: ImportCounts;
  readonly summary?: FilterSummary;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: string;
  /** Present when some chunks could not be checked: their recipients are filtered as `unchecked`. */
  readonly unchecked?: UncheckedRecipients;
  /** Presigned GETs once the job succeeded; null once an erasure deleted the files (`filesErased`). */
  readonly results?: {
    readonly eligible: string;
    readonly filtered: string;
    readonly expiresAt: string;
  } | null;
  /** An erasure deleted the job's files (docs/privacy.md): when, and which. */
  readonly filesErased?: JobFilesErased;
}

/** One filter job of the caller's tenant (404 for another tenant's id, or an import's), with its result URLs. */
export const getFilterJob =
  (deps: FilterJobsDeps) =>
  async (input: { readonly tenantId: string; readonly jobId: string }): Promise<FilterJobView> => {
    const job = IMPORT_ID.test(input.jobId)
      ? await deps.jobs.getImportJob(input.tenantId, input.jobId)
      : undefined;
    if (!job?.filter) throw new NotFoundError(`no filter job ${input.jobId}`);
    const counts =
      job.status === 'running'
        ? (await deps.jobs.listImportChunks(input.tenantId, input.jobId)).reduce(
            (sum, chunk) => addCounts(sum, chunk.counts),
            ZERO_COUNTS,
          )
        : job.counts;
    const view: FilterJobView = {
      jobId: job.importId,
      campaignId: job.filter.campaignId,
      status: job.status,
      counts,
      ...(job.summary ? { summary: job.summary as FilterSummary } : {}),
      createdAt: job.createdAt,
      ...(job.startedAt ? { startedAt: job.startedAt } : {}),
      ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
      ...(job.error ? { error: job.error } : {}),
      ...(job.unchecked ? { unchecked: job.unchecked } : {}),
      ...(job.filesErased ? { results: null, filesErased: job.filesErased } : {}),
    };
    if (job.status !== 'succeeded' || job.filesErased) return view;
    const sign = (key: string, fileName: string) =>
      deps.objects.presignGet(key, { expiresInSeconds: RESULT_URL_EXPIRES_SECONDS, fileName });
    const eligible = await sign(JOB_KEYS.eligible(input.tenantId, input.jobId), 'eligible.jsonl');
    const filtered = await sign(JOB_KEYS.filtered(input.tenantId, input.jobId), 'filtered.jsonl');
    return {
      ...view,
      results: { eligible: eligible.url, filtered: filtered.url, expiresAt: eligible.expiresAt },
    };
  };
