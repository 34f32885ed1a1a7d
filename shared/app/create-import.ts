import type { ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectStore, PresignedRequest } from '#app/ports/objects';
import { actorOf, addSourceOf } from '#domain/acting-principal';
import { InvalidInputError } from '#domain/errors';
import { type ImportMode, type ImportSource, ZERO_COUNTS } from '#domain/import-job';
import type { Principal } from '#domain/roles';
import { GLOBAL_TENANT } from '#domain/tenant';
import { ulid } from '#domain/ulid';
import { JOB_KEYS, UPLOAD_EXPIRES_SECONDS } from '#shared/jobs-contract';

export interface CreateImportDeps {
  readonly jobs: Pick<ImportJobRepository, 'createImportJob'>;
  readonly objects: Pick<ObjectStore, 'presignPut'>;
  /** Job ids; ULIDs by default. */
  readonly newId?: () => string;
}

export interface CreateImportInput {
  readonly principal: Principal;
  readonly mode: ImportMode;
  readonly source?: ImportSource;
  readonly fileName: string;
  readonly note?: string;
  readonly at: Date;
}

export interface CreatedImport {
  readonly importId: string;
  readonly upload: PresignedRequest;
}

/**
 * Starts an import: the job's status item (waiting for its upload) and a presigned PUT for the file. The upload
 * itself starts the work (S3 event → state machine; locally, the local runner).
 * 1. the source is the caller's own (`admin` for a person, `api` for a service) unless it is `legacy`: a caller
 *    cannot record its additions as the other kind of caller;
 * 2. writes the job (WJ1) under the caller's tenant, from the credential only;
 * 3. signs a PUT of the upload key, valid UPLOAD_EXPIRES_SECONDS.
 */
export const createImport =
  (deps: CreateImportDeps) =>
  async (input: CreateImportInput): Promise<CreatedImport> => {
    const own = addSourceOf(input.principal);
    const source = input.source ?? own;
    if (source !== own && source !== 'legacy') {
      throw new InvalidInputError(
        `source ${JSON.stringify(source)} is not yours: this credential adds as ${JSON.stringify(own)} (or "legacy")`,
      );
    }
    const importId = (deps.newId ?? (() => ulid()))();
    const tenantId = input.principal.tenantId;
    await deps.jobs.createImportJob({
      tenantId,
      importId,
      mode: input.mode,
      source,
      fileName: input.fileName,
      ...(input.note === undefined ? {} : { note: input.note }),
      status: 'waiting_for_upload',
      counts: ZERO_COUNTS,
      createdAt: input.at.toISOString(),
      actor: actorOf(input.principal),
    });
    const upload = await deps.objects.presignPut(JOB_KEYS.upload(tenantId, importId), {
      expiresInSeconds: UPLOAD_EXPIRES_SECONDS,
      contentType: 'text/csv',
    });
    return { importId, upload };
  };

/**
 * Starts the import of the SES account-level suppression list into the global list (an operator's action): the
 * job (WJ1, on the global list's tenant) and its start, a marker object at its upload key whose Object Created
 * event starts the state machine like any upload. `Prepare` then pages through SES instead of reading the marker.
 */
export const startSesAccountImport =
  (deps: {
    readonly jobs: Pick<ImportJobRepository, 'createImportJob'>;
    readonly objects: Pick<ObjectStore, 'write'>;
    readonly newId?: () => string;
  }) =>
  async (input: {
    readonly principal: Principal;
    readonly at: Date;
  }): Promise<{ readonly importId: string }> => {
    const importId = (deps.newId ?? (() => ulid()))();
    await deps.jobs.createImportJob({
      tenantId: GLOBAL_TENANT,
      importId,
      mode: 'add',
      source: 'legacy',
      fileName: 'ses-account-suppression-list',
      status: 'waiting_for_upload',
      counts: ZERO_COUNTS,
      createdAt: input.at.toISOString(),
      actor: actorOf(input.principal),
      sesAccount: true,
    });
    await deps.objects.write(JOB_KEYS.upload(GLOBAL_TENANT, importId), 'ses-account\n', 'text/plain');
    return { importId };
  };
