import type { AccountSuppressionListReader } from '#app/ports/account-suppression-list';
import type { ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectStore } from '#app/ports/objects';
import { streamLines } from '#app/stream-lines';
import { InvalidInputError, NotFoundError } from '#domain/errors';
import { ImportLineReader } from '#domain/import-lines';
import { JOB_KEYS, type PreparedImport, UPLOAD_MAX_BYTES, uploadKeyParts } from '#shared/jobs-contract';

export interface PrepareImportDeps {
  readonly jobs: Pick<ImportJobRepository, 'getImportJob' | 'startImportJob'>;
  readonly objects: Pick<ObjectStore, 'read' | 'size' | 'writeStream'>;
  /** The SES account-level list, for SES account-list imports. */
  readonly accountList?: AccountSuppressionListReader;
}

/** Work lines are written in pieces of about this many characters: constant memory whatever the file's size. */
const PIECE_CHARACTERS = 256 * 1024;

/**
 * The first step of an import (the state machine's `Prepare`): reads the uploaded file once, as it streams, and
 * writes its work file, one JSON line per physical line classified by the line reader (a value, blank, the CSV
 * header, a malformed CSV line), which the Distributed Map's item reader then cuts into chunks.
 * 1. the job is found from the upload key (tenant and id) and marked running (WJ2);
 * 2. a file that is not UTF-8 text, or has no value at all, fails the job with an error naming why.
 * Running it again rewrites the same work file: nothing else is written.
 */
export const prepareImport =
  (deps: PrepareImportDeps) =>
  async (input: { readonly key: string; readonly at: Date }): Promise<PreparedImport> => {
    const parts = uploadKeyParts(input.key);
    if (!parts) throw new InvalidInputError(`${input.key} is not an import upload key`);
    const { tenantId, importId } = parts;
    const job = await deps.jobs.getImportJob(tenantId, importId);
    if (!job) throw new NotFoundError(`no import ${importId} for the upload ${input.key}`);
    await deps.jobs.startImportJob(tenantId, importId, input.at.toISOString());
    if (job.sesAccount) return prepareSesAccount(deps, { tenantId, importId });
    const size = await deps.objects.size(input.key);
    if (size !== undefined && size > UPLOAD_MAX_BYTES) {
      throw new InvalidInputError(`the file is ${size} bytes; the limit is ${UPLOAD_MAX_BYTES}`);
    }
    const bytes = await deps.objects.read(input.key);
    if (!bytes) throw new NotFoundError(`the upload of import ${importId} is missing`);

    // A filter job's file is JSON Lines: a line is a recipient, never a CSV header.
    const reader = new ImportLineReader(job.filter === undefined);
    let lines = 0;
    let values = 0;
    async function* work(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
      let piece = '';
      for await (const text of streamLines(source)) {
        const line = reader.read(text);
        lines += 1;
        if (line.status === 'data' || line.status === 'malformed') values += 1;
        piece += `${JSON.stringify(line)}\n`;
        if (piece.length >= PIECE_CHARACTERS) {
          yield piece;
          piece = '';
        }
      }
      if (piece !== '') yield piece;
    }
    const workKey = JOB_KEYS.work(tenantId, importId);
    await deps.objects.writeStream(workKey, work(bytes), 'application/jsonl');
    if (values === 0) {
      throw new InvalidInputError(
        lines === 0
          ? 'the file is empty'
          : `the file has ${lines} line(s) but no value: only blank lines or a header`,
      );
    }
    return { tenantId, importId, workKey, lines, mapRunPrefix: JOB_KEYS.mapRun(tenantId, importId) };
  };

/**
 * An SES account-list import's `Prepare`: pages through SESv2 `ListSuppressedDestinations` (the upload is only the
 * job's start) into the work file, one line per address with the source its SES reason maps to (`BOUNCE` →
 * `bounce`, `COMPLAINT` → `spam_complaint`) and its SES date. Re-running it reads the list again, as it is then.
 */
const prepareSesAccount = async (
  deps: PrepareImportDeps,
  job: { readonly tenantId: string; readonly importId: string },
): Promise<PreparedImport> => {
  const reader = deps.accountList;
  if (!reader) throw new InvalidInputError('SES account-list imports are not configured here');
  let lines = 0;
  async function* work(): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const page = await (reader as AccountSuppressionListReader).listPage(token);
      let piece = '';
      for (const item of page.items) {
        lines += 1;
        const source = item.reason === 'BOUNCE' ? 'bounce' : 'spam_complaint';
        piece += `${JSON.stringify({ line: lines, input: item.address, status: 'data', kind: 'email', source, at: item.at })}\n`;
      }
      if (piece !== '') yield piece;
      token = page.nextToken;
    } while (token);
  }
  const workKey = JOB_KEYS.work(job.tenantId, job.importId);
  await deps.objects.writeStream(workKey, work(), 'application/jsonl');
  if (lines === 0) throw new InvalidInputError("the SES account's suppression list is empty");
  return { ...job, workKey, lines, mapRunPrefix: JOB_KEYS.mapRun(job.tenantId, job.importId) };
};
