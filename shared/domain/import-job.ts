import type { Actor } from '#domain/activity';
import type { Source } from '#domain/sources';

/** `add` suppresses the file's values; `check` writes nothing and says per line whether it is blocked. */
export const IMPORT_MODES = ['add', 'check'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The sources an import may record: the caller's own (`admin` for a person, `api` for a service) or `legacy`. */
export const IMPORT_SOURCES = ['admin', 'api', 'legacy'] as const satisfies readonly Source[];
/** What an import job may record: the sources above, or (SES account-list imports) SES's own. */
export type ImportJobSource = ImportSource | 'bounce' | 'spam_complaint';
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export const JOB_STATUSES = ['waiting_for_upload', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * What a job's lines came to. `lines` counts every physical line of the file; each line is counted once in
 * exactly one of the others (`skipped`: blank lines and the CSV header), so they always add up to `lines`.
 */
export interface ImportCounts {
  readonly lines: number;
  /** Filter jobs: recipients eligible, and filtered (with the filter's reasons), among the valid lines. */
  readonly eligible?: number;
  readonly filtered?: number;
  readonly added: number;
  readonly already_suppressed: number;
  readonly invalid: number;
  readonly skipped: number;
  /** Check mode: the valid lines an entry blocks (the others are `not_blocked`). */
  readonly blocked?: number;
  readonly not_blocked?: number;
}

export const ZERO_COUNTS: ImportCounts = {
  lines: 0,
  added: 0,
  already_suppressed: 0,
  invalid: 0,
  skipped: 0,
};

/** Sums two counts (chunks into a job). */
export const addCounts = (a: ImportCounts, b: ImportCounts): ImportCounts => {
  const sum = (x?: number, y?: number) => (x ?? 0) + (y ?? 0);
  const blocked =
    a.blocked === undefined && b.blocked === undefined ? {} : { blocked: sum(a.blocked, b.blocked) };
  const optional = (name: 'eligible' | 'filtered') =>
    a[name] === undefined && b[name] === undefined ? {} : { [name]: sum(a[name], b[name]) };
  const notBlocked =
    a.not_blocked === undefined && b.not_blocked === undefined
      ? {}
      : { not_blocked: sum(a.not_blocked, b.not_blocked) };
  return {
    lines: a.lines + b.lines,
    added: a.added + b.added,
    already_suppressed: a.already_suppressed + b.already_suppressed,
    invalid: a.invalid + b.invalid,
    skipped: a.skipped + b.skipped,
    ...blocked,
    ...notBlocked,
    ...optional('eligible'),
    ...optional('filtered'),
  };
};

/**
 * What a filter job runs: the synchronous filter's request without its recipients (they are the file's lines).
 * Kept as given; the filter's own parser validates it, chunk by chunk, exactly as a synchronous call.
 */
export interface FilterJobSpec {
  readonly campaignId: string;
  readonly category: string;
  readonly channels: readonly string[];
  readonly template?: Readonly<Record<string, string>>;
  readonly topic?: string;
}

/** An import job as its status item holds it. */
export interface ImportJob {
  readonly tenantId: string;
  readonly importId: string;
  readonly mode: ImportMode;
  readonly source: ImportSource;
  readonly fileName: string;
  readonly note?: string;
  readonly status: JobStatus;
  readonly counts: ImportCounts;
  readonly createdAt: string;
  /** Who asked for it: its suppressions and events name this actor. */
  readonly actor: Actor;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Why the job failed, for the caller: names the file or the step. */
  readonly error?: string;
  /** Set on an SES account-list import: `Prepare` pages SES into the work file instead of reading an upload. */
  readonly sesAccount?: true;
  /** Present on a filter job: its file is a JSON Lines audience, run through the pre-send filter. */
  readonly filter?: FilterJobSpec;
  /** A filter job's run report summary (the filter's), summed over its chunks. */
  readonly summary?: unknown;
  /** A filter job some of whose chunks could not be checked: how many recipients were answered `unchecked`. */
  readonly unchecked?: UncheckedRecipients;
  /** Set once an erasure deleted the job's files (upload, work file, results): when, and which erasure. */
  readonly filesErased?: JobFilesErased;
}

/**
 * An erasure removed every file of the workspace's jobs (docs/privacy.md): the job keeps its counts, and answers no
 * result URL, with this as the reason.
 */
export interface JobFilesErased {
  readonly at: string;
  readonly erasureId: string;
}

/**
 * The recipients of a filter job's chunks that could not be checked after every retry (the table did not
 * answer): each is in the filtered results with the one reason `unchecked`, never eligible.
 */
export interface UncheckedRecipients {
  readonly recipients: number;
  readonly chunks: number;
  /** The first such chunk's error, as the step reported it. */
  readonly error: string;
}

/** One line's row in the result file. */
export interface ImportResultRow {
  readonly line: number;
  readonly input: string;
  readonly status: 'added' | 'already_suppressed' | 'invalid' | 'skipped' | 'blocked' | 'not_blocked';
  readonly value?: string;
  readonly kind?: string;
  readonly reason?: string;
}

/** Counts of a run of result rows. */
export const countRows = (
  rows: readonly Pick<ImportResultRow, 'status'>[],
  mode: ImportMode | 'filter',
): ImportCounts => {
  const counts: Record<string, number> = {
    lines: rows.length,
    added: 0,
    already_suppressed: 0,
    invalid: 0,
    skipped: 0,
  };
  if (mode === 'check') {
    counts.blocked = 0;
    counts.not_blocked = 0;
  }
  if (mode === 'filter') {
    counts.eligible = 0;
    counts.filtered = 0;
  }
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts as unknown as ImportCounts;
};

/** Import ids are ULIDs: time-ordered, 26 characters of Crockford base32, not guessable (80 random bits). */
export const IMPORT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
