import { addResultOf } from '#app/add-suppressions';
import { checkValues } from '#app/check-values';
import type { FilterAudienceDeps } from '#app/filter-audience';
import { type FilterChunkOutcome, filterJobChunk, uncheckedFilterChunk } from '#app/filter-job-chunk';
import type { ImportChunkRecord, ImportJobRepository } from '#app/ports/import-jobs';
import type { ObjectStore } from '#app/ports/objects';
import { type SuppressValueOutcome, type SuppressValuesDeps, suppressValues } from '#app/suppress-values';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { InvalidInputError, NotFoundError } from '#domain/errors';
import {
  countRows,
  type ImportCounts,
  type ImportJob,
  type ImportJobSource,
  type ImportResultRow,
} from '#domain/import-job';
import type { ImportLine } from '#domain/import-lines';
import { describeInvalidValue } from '#domain/invalid-value';
import type { NormalizedValue } from '#domain/kinds';
import { parseAnyValue, parseValue } from '#domain/normalize';
import { JOB_KEYS } from '#shared/jobs-contract';
import { resultCsv } from './import-results';

export interface ImportChunkDeps extends SuppressValuesDeps {
  readonly jobs: Pick<ImportJobRepository, 'getImportJob' | 'getImportChunk' | 'recordImportChunk'>;
  readonly objects: Pick<ObjectStore, 'write'>;
  readonly normalizeOptionsFor: NormalizeOptionsFor;
  /** The synchronous filter's dependencies, for filter jobs; without them a filter job's chunk fails. */
  readonly filter?: FilterAudienceDeps;
}

export interface ImportChunkInput {
  readonly tenantId: string;
  readonly importId: string;
  /** The chunk's work lines, as the item reader read them from the work file, in line order. */
  readonly items: readonly unknown[];
  readonly at: Date;
}

const isImportLine = (item: unknown): item is ImportLine =>
  typeof item === 'object' &&
  item !== null &&
  Number.isInteger((item as ImportLine).line) &&
  typeof (item as ImportLine).input === 'string' &&
  ['data', 'blank', 'header', 'malformed'].includes((item as ImportLine).status);

/** A line's row when the line holds no value to parse. */
const rowOfNonData = (line: Exclude<ImportLine, { status: 'data' }>): ImportResultRow =>
  line.status === 'malformed'
    ? { line: line.line, input: line.input, status: 'invalid', reason: line.reason }
    : { line: line.line, input: line.input, status: 'skipped', reason: line.status };

/**
 * The chunk's lines and its job; or, when a run of the chunk already finished (a retry, a re-run), the counts it
 * recorded, which are the chunk's answer again: exactly once per line.
 */
const openChunk = async (
  jobs: Pick<ImportJobRepository, 'getImportJob' | 'getImportChunk'>,
  input: ImportChunkInput,
) => {
  const lines = workLinesOf(input.items);
  const firstLine = (lines[0] as ImportLine).line;
  const done = await jobs.getImportChunk(input.tenantId, input.importId, firstLine);
  if (done) return { recorded: done.counts };
  const job = await jobs.getImportJob(input.tenantId, input.importId);
  if (!job) throw new NotFoundError(`no import ${input.importId}`);
  return { lines, firstLine, job };
};

/**
 * One chunk of an import (a child execution of the Distributed Map; locally, of the local runner): its lines'
 * rows in the result file and their counts.
 * 1. a chunk already recorded (RJ3) answers its recorded counts and writes nothing: Step Functions may run a batch
 *    twice (a retried Lambda, a re-run map), and the first run's effect stands;
 * 2. `add`: parses each value (its column's kind, else guessed as in the bulk add) and suppresses the valid ones
 *    through the bulk add's own write path (`suppressValues`, W1b: entry and event in one transaction), marking
 *    each source record with the job and chunk. A chunk retried after a partial write finds its own mark on the
 *    values it wrote and answers them `added` as the first attempt did, without writing a second event;
 * 3. `check`: the check-before-import (`checkValues`) per line, writing nothing;
 * 4. writes the chunk's rows (an object per chunk) and then its record (WJ3), in that order, so a record always
 *    has its rows.
 */
export const importChunk =
  (deps: ImportChunkDeps) =>
  async (input: ImportChunkInput): Promise<ImportCounts> => {
    const opened = await openChunk(deps.jobs, input);
    if ('recorded' in opened) return opened.recorded;
    const { lines, firstLine, job } = opened;
    if (job.filter) {
      if (!deps.filter) throw new Error('filter jobs are not configured here');
      const outcome = await filterJobChunk(deps.filter)(job, lines, firstLine);
      return recordFilterChunk(deps, input, firstLine, outcome);
    }

    const rows =
      job.mode === 'check'
        ? await checkRows(deps, job, lines)
        : await addRows(deps, job, lines, firstLine, input.at);
    const counts = countRows(rows, job.mode);
    const resultKey = JOB_KEYS.chunkResult(input.tenantId, input.importId, firstLine);
    await deps.objects.write(resultKey, resultCsv(rows), 'text/csv');
    await deps.jobs.recordImportChunk(input.tenantId, input.importId, { firstLine, counts, resultKey });
    return counts;
  };

/** Writes a filter job chunk's two parts, then its record (WJ3), in that order, so a record always has them. */
const recordFilterChunk = async (
  deps: Pick<ImportChunkDeps, 'jobs' | 'objects'>,
  input: Pick<ImportChunkInput, 'tenantId' | 'importId'>,
  firstLine: number,
  outcome: FilterChunkOutcome,
  unchecked?: ImportChunkRecord['unchecked'],
): Promise<ImportCounts> => {
  const resultKey = JOB_KEYS.chunkEligible(input.tenantId, input.importId, firstLine);
  const filteredKey = JOB_KEYS.chunkFiltered(input.tenantId, input.importId, firstLine);
  await deps.objects.write(resultKey, outcome.eligible, 'application/jsonl');
  await deps.objects.write(filteredKey, outcome.filtered, 'application/jsonl');
  await deps.jobs.recordImportChunk(input.tenantId, input.importId, {
    firstLine,
    counts: outcome.counts,
    resultKey,
    filteredKey,
    summary: outcome.summary,
    ...(unchecked ? { unchecked } : {}),
  });
  return outcome.counts;
};

/**
 * The name of the error a chunk without a fallback fails with: not one STEP_RETRY retries, since the chunk's own
 * retries are already spent.
 */
export const CHUNK_FAILED = 'ChunkFailed';

/**
 * The Catch of a chunk whose every retry failed on the table (STEP_RETRY's errors): a filter job's chunk is
 * answered without reading anything — each recipient `unchecked`, never eligible (`uncheckedFilterChunk`) — and
 * recorded with why, so the job goes on and says how many recipients it could not check. An import's chunk has
 * no such answer (its lines' values were never written): it fails, with the chunk's own error, and so does the
 * job. A chunk already recorded (its first run finished after all) answers its recorded counts.
 */
export const importChunkUnchecked =
  (deps: Pick<ImportChunkDeps, 'jobs' | 'objects'>) =>
  async (input: ImportChunkInput & { readonly error: string }): Promise<ImportCounts> => {
    const opened = await openChunk(deps.jobs, input);
    if ('recorded' in opened) return opened.recorded;
    const { lines, firstLine, job } = opened;
    if (!job.filter) {
      throw Object.assign(new Error(`the chunk from line ${firstLine} failed: ${input.error}`), {
        name: CHUNK_FAILED,
      });
    }
    const outcome = uncheckedFilterChunk(job, lines);
    return recordFilterChunk(deps, input, firstLine, outcome, {
      recipients: outcome.summary.received,
      error: input.error,
    });
  };

/** The chunk's items as work lines, in order; an empty chunk or an item that is not a work line is refused. */
const workLinesOf = (items: readonly unknown[]): ImportLine[] => {
  const lines = items.map((item, index) => {
    if (!isImportLine(item)) throw new InvalidInputError(`item ${index} of the chunk is not a work line`);
    return item;
  });
  if (lines.length === 0) throw new InvalidInputError('an empty chunk');
  return lines;
};

/** Parses each data line with its column's kind, or guessing it; the others are answered without parsing. */
const parseLines = async (
  deps: Pick<ImportChunkDeps, 'normalizeOptionsFor'>,
  tenantId: string,
  lines: readonly ImportLine[],
) => {
  const options = await deps.normalizeOptionsFor(tenantId);
  return lines.map((line) =>
    line.status === 'data'
      ? {
          line,
          parsed: line.kind ? parseValue(line.kind, line.input, options) : parseAnyValue(line.input, options),
        }
      : { line, parsed: undefined },
  );
};

const addRows = async (
  deps: ImportChunkDeps,
  job: ImportJob,
  lines: readonly ImportLine[],
  firstLine: number,
  at: Date,
): Promise<ImportResultRow[]> => {
  const parsed = await parseLines(deps, job.tenantId, lines);
  // Lines are written in groups of one source and one instant: the job's own, or (an SES account list) each
  // line's SES reason and date. Each group goes through the bulk add's write path.
  const sourceOf = (line: ImportLine): ImportJobSource =>
    (line.status === 'data' ? line.source : undefined) ?? job.source;
  const groups = new Map<
    string,
    { source: ImportJobSource; at: Date; indexes: number[]; values: NormalizedValue[] }
  >();
  parsed.forEach(({ line, parsed }, index) => {
    if (!parsed?.ok) return;
    const lineAt = line.status === 'data' && line.at ? new Date(line.at) : at;
    const id = `${sourceOf(line)}|${lineAt.toISOString()}`;
    const group = groups.get(id) ?? { source: sourceOf(line), at: lineAt, indexes: [], values: [] };
    group.indexes.push(index);
    group.values.push(parsed.value);
    groups.set(id, group);
  });
  const outcomeAt = new Map<number, SuppressValueOutcome>();
  for (const group of groups.values()) {
    const outcomes = await suppressValues(deps)({
      tenantId: job.tenantId,
      values: group.values,
      source: group.source,
      actor: job.actor,
      at: group.at,
      detail: {
        ...(job.note === undefined ? {} : { note: job.note }),
        importId: job.importId,
        importChunk: firstLine,
      },
    });
    group.indexes.forEach((index, position) => {
      outcomeAt.set(index, outcomes[position] as SuppressValueOutcome);
    });
  }
  // A value this chunk wrote in an earlier attempt carries the chunk's mark: its first line in the chunk is the
  // one that added it (later copies stay duplicates), and it was already blocked only if other sources held it.
  const claimed = new Set<string>();
  const ownOutcome = (
    value: NormalizedValue,
    outcome: SuppressValueOutcome,
    source: ImportJobSource,
  ): SuppressValueOutcome => {
    if (outcome.status !== 'already_suppressed' || !outcome.held) return outcome;
    const mark = outcome.held.detail;
    const id = `${source}\u0000${value.kind}\u0000${value.value}`;
    if (mark?.importId !== job.importId || mark.importChunk !== firstLine || claimed.has(id)) return outcome;
    claimed.add(id);
    const others = outcome.sources.filter((held) => held !== source);
    return others.length > 0 ? { status: 'already_suppressed', sources: others } : { status: 'added' };
  };
  return parsed.map(({ line, parsed }, index): ImportResultRow => {
    if (line.status !== 'data' || parsed === undefined) {
      return rowOfNonData(line as Exclude<ImportLine, { status: 'data' }>);
    }
    const source = sourceOf(line);
    const outcome = parsed.ok
      ? ownOutcome(parsed.value, outcomeAt.get(index) as SuppressValueOutcome, source)
      : undefined;
    const result = addResultOf(line.input, parsed, outcome, source);
    return result.status === 'invalid'
      ? { line: line.line, input: line.input, status: 'invalid', reason: result.error }
      : {
          line: line.line,
          input: line.input,
          status: result.status,
          value: result.value,
          kind: result.kind,
          ...(result.status === 'already_suppressed'
            ? { reason: `held by ${result.sources.join(' ')}` }
            : {}),
        };
  });
};

const checkRows = async (
  deps: ImportChunkDeps,
  job: ImportJob,
  lines: readonly ImportLine[],
): Promise<ImportResultRow[]> => {
  const parsed = await parseLines(deps, job.tenantId, lines);
  const valid = parsed.flatMap(({ parsed }) => (parsed?.ok ? [parsed.value] : []));
  // The normalized forms, whose kind the check's own parser reads back unchanged.
  const results = await checkValues(deps)({
    tenantId: job.tenantId,
    values: valid.map((value) => value.value),
  });
  let next = 0;
  return parsed.map(({ line, parsed }): ImportResultRow => {
    if (line.status !== 'data') return rowOfNonData(line);
    if (parsed === undefined) return rowOfNonData(line as Exclude<ImportLine, { status: 'data' }>);
    if (!parsed.ok) {
      return {
        line: line.line,
        input: line.input,
        status: 'invalid',
        reason: describeInvalidValue(parsed.error),
      };
    }
    const result = results[next++];
    if (!result || 'error' in result) {
      return {
        line: line.line,
        input: line.input,
        status: 'invalid',
        reason: result?.error ?? 'not checked',
      };
    }
    return {
      line: line.line,
      input: line.input,
      status: result.suppressed ? 'blocked' : 'not_blocked',
      value: result.value,
      kind: result.kind,
      ...(result.suppressed
        ? {
            reason: result.matches
              .map(
                (match) =>
                  `${match.global ? 'global' : 'tenant'} ${match.value} (${match.sources.join(' ')})`,
              )
              .join('; '),
          }
        : {}),
    };
  });
};
