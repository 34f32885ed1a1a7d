import type { ImportCounts, ImportMode, JobStatus } from '#domain/import-job';

/** `GET /v1/imports/{importId}` (docs/jobs.md, docs/openapi.yaml `ImportView`). */
export interface ImportView {
  readonly importId: string;
  readonly mode: ImportMode;
  readonly source: string;
  readonly fileName: string;
  readonly note?: string;
  readonly status: JobStatus;
  readonly counts: ImportCounts;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: string;
  /** Null once an erasure deleted the job's files (`filesErased` says when). */
  readonly results?: { readonly url: string; readonly expiresAt: string } | null;
  readonly filesErased?: { readonly at: string; readonly erasureId: string };
}

export interface ImportPage {
  readonly items: readonly ImportView[];
  readonly nextCursor: string | null;
}

/** `POST /v1/imports`: the job and the presigned PUT its file goes to, straight from the browser. */
export interface CreatedImport {
  readonly importId: string;
  readonly upload: {
    readonly url: string;
    readonly method: 'PUT';
    readonly headers: Readonly<Record<string, string>>;
    readonly expiresAt: string;
  };
}

export const STATUS_LABELS: Readonly<Record<JobStatus, string>> = {
  waiting_for_upload: 'Waiting for the file',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
};

/** A finished status: polling stops there. */
export const isFinal = (status: JobStatus): boolean => status === 'succeeded' || status === 'failed';

/** The counts a mode shows, in order, each with its label: `add` adds, `check` only says what is blocked. */
export const countsOf = (
  mode: ImportMode,
  counts: ImportCounts,
): readonly { readonly label: string; readonly value: number }[] => [
  { label: 'Lines', value: counts.lines },
  ...(mode === 'check'
    ? [
        { label: 'Blocked', value: counts.blocked ?? 0 },
        { label: 'Not blocked', value: counts.not_blocked ?? 0 },
      ]
    : [
        { label: 'Added', value: counts.added },
        { label: 'Already suppressed', value: counts.already_suppressed },
      ]),
  { label: 'Invalid', value: counts.invalid },
  { label: 'Skipped', value: counts.skipped },
];

const number = (value: number) => value.toLocaleString('en');

/** The progress line of an import: where it stands, in words a person reads aloud. */
export const progressOf = (view: ImportView): string => {
  const lines = view.counts.lines;
  switch (view.status) {
    case 'waiting_for_upload':
      return 'Waiting for the file to arrive…';
    case 'running':
      return lines === 0
        ? 'Reading the file…'
        : `Running: ${number(lines)} line${lines === 1 ? '' : 's'} done so far…`;
    case 'succeeded':
      return `Finished: ${countsOf(view.mode, view.counts)
        .map(({ label, value }) =>
          label === 'Lines' ? `${number(value)} lines` : `${number(value)} ${label.toLowerCase()}`,
        )
        .join(', ')}.`;
    case 'failed':
      return `Failed: ${view.error ?? 'the job stopped'}.`;
  }
};
