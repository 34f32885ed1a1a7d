import type { ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectPrefixDeleter } from '#app/ports/objects';
import { InvalidInputError } from '#domain/errors';
import { parseTenantId } from '#domain/tenant';
import { jobFilePrefixes, jobIdOfKey, tenantJobPrefixes } from '#shared/jobs-contract';

export interface PurgeJobFilesDeps {
  readonly objects: ObjectPrefixDeleter;
  readonly jobs: Pick<ImportJobRepository, 'markJobFilesErased'>;
}

export interface PurgeJobFilesInput {
  readonly tenantId: string;
  /** The erasure that asked for it (`Erasure Completed`'s `eventId`): recorded on each job. */
  readonly erasureId: string;
  readonly at: Date;
}

export interface PurgeJobFilesReport {
  readonly deletedObjects: number;
  /** The jobs whose files were deleted by this run, marked `filesErased`. */
  readonly jobIds: readonly string[];
}

/** A page of keys: what S3 lists at most in one call, and deletes at most in one DeleteObjects. */
const PAGE = 1000;

/**
 * Deletes every object under `prefix`, a page at a time, always listing from the prefix's first key (no
 * continuation is carried across deletions), after `beforeDelete` has seen the page. Returns how many it deleted.
 */
const drainPrefix = async (
  objects: ObjectPrefixDeleter,
  prefix: string,
  beforeDelete: (keys: readonly string[]) => Promise<void> = async () => {},
): Promise<number> => {
  const deleted = new Set<string>();
  for (
    let keys = await objects.listKeys(prefix, PAGE);
    keys.length > 0;
    keys = await objects.listKeys(prefix, PAGE)
  ) {
    // A store that answered the delete but still lists the key would loop for ever: fail, and be retried.
    const again = keys.find((key) => deleted.has(key));
    if (again !== undefined) throw new Error(`${again} is still listed after it was deleted`);
    await beforeDelete(keys);
    await objects.deleteKeys(keys);
    for (const key of keys) deleted.add(key);
  }
  return deleted.size;
};

/**
 * An erasure's reach into the jobs bucket (docs/privacy.md, "Job files in S3"): every object under the tenant's
 * job prefixes (uploads, work files, results, the Distributed Map's records) is deleted, and each job they belong
 * to records it (WJ5), so its GET answers no result URL and says why. All of them rather than those holding the
 * value: finding those means reading every file, and the files are 7-day convenience copies (the jobs' counts stay).
 *
 * Page by page, always from the prefix's first key: the page's jobs are marked first, then its objects deleted, so a
 * run cut short (a timeout, a throttled call) leaves files that the redelivered event finds and finishes. A second
 * delivery of the same event finds nothing and writes nothing.
 */
export const purgeJobFiles =
  (deps: PurgeJobFilesDeps) =>
  async (input: PurgeJobFilesInput): Promise<PurgeJobFilesReport> => {
    // The tenant id becomes a key prefix: a malformed one (a `/`, an empty string) could reach another tenant's files.
    const tenant = parseTenantId(input.tenantId);
    if (!tenant.ok) throw new InvalidInputError(`tenantId: ${tenant.error}`);
    if (input.erasureId.trim() === '') throw new InvalidInputError('erasureId: must not be empty');
    const mark = { at: input.at.toISOString(), erasureId: input.erasureId };
    const marked = new Set<string>();
    let deletedObjects = 0;
    for (const prefix of tenantJobPrefixes(tenant.value)) {
      deletedObjects += await drainPrefix(deps.objects, prefix, async (keys) => {
        for (const jobId of new Set(keys.flatMap((key) => jobIdOfKey(key) ?? []))) {
          if (marked.has(jobId)) continue;
          await deps.jobs.markJobFilesErased(tenant.value, jobId, mark);
          marked.add(jobId);
        }
      });
    }
    return { deletedObjects, jobIds: [...marked] };
  };

/**
 * Deletes every file of one job: what its last step does when an erasure reached the job while it ran (the job
 * item says `filesErased`), since the parts and results it wrote after the purge would otherwise stay, values in
 * clear, until the bucket's expiry. Drained as the purge drains; a repeat deletes nothing.
 */
export const deleteJobFiles =
  (objects: ObjectPrefixDeleter) =>
  async (tenantId: string, jobId: string): Promise<number> => {
    let deleted = 0;
    for (const prefix of jobFilePrefixes(tenantId, jobId)) deleted += await drainPrefix(objects, prefix);
    return deleted;
  };
