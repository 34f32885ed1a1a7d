import { type FilterAudienceDeps, filterAudience } from '#app/filter-audience';
import { parseFilterRequest } from '#app/filter-request';
import type { FilterSummary } from '#app/ports/filter-runs';
import type { FilterReason } from '#domain/filter-reasons';
import type { ImportCounts, ImportJob } from '#domain/import-job';
import type { ImportLine } from '#domain/import-lines';

/** What one chunk of a filter job came to: its JSON Lines, its counts and its run summary. */
export interface FilterChunkOutcome {
  /** One JSON line per eligible recipient, in input order: `{ line, ...the filter's eligible recipient }`. */
  readonly eligible: string;
  /** One JSON line per filtered or unreadable recipient, in input order: `{ line, contactId?, reasons | error }`. */
  readonly filtered: string;
  readonly counts: ImportCounts;
  readonly summary: FilterSummary;
}

/** The run id of one chunk's run report: the same on every retry, so a retry overwrites its own report. */
export const chunkRunId = (jobId: string, firstLine: number): string =>
  `${jobId}-${String(firstLine).padStart(10, '0')}`;

/**
 * One chunk of a filter job through the synchronous filter's own code (`filterAudience`, not a copy): the same
 * decisions, reasons, links and run report, for the chunk's recipients.
 * 1. each line is parsed as JSON and validated alone (the filter's own request parser, one recipient at a time),
 *    so one bad line is reported (`error`) and never stops the rest;
 * 2. the valid recipients run through the filter in one call, in order; its run report is the chunk's
 *    (`chunkRunId`). If the table cannot be read the call throws and the state machine retries the chunk; a
 *    chunk that never succeeds is answered by `uncheckedFilterChunk` instead (the Catch of the chunk task): no
 *    recipient is ever answered eligible unchecked (fail closed).
 */
export const filterJobChunk =
  (deps: FilterAudienceDeps) =>
  async (job: ImportJob, lines: readonly ImportLine[], firstLine: number): Promise<FilterChunkOutcome> => {
    const request = filterRequestOf(job);
    const run = filterAudience({ ...deps, newRunId: () => chunkRunId(job.importId, firstLine) });
    const { recipients, refused, skipped } = readRecipients(request, lines);
    const { output } = await run({ ...request, recipients: recipients.map(({ recipient }) => recipient) });
    // The filter answers in input order; contact ids may repeat, so each answer is matched in turn.
    const lineOf = new Map<string, number[]>();
    recipients.forEach(({ line, recipient }) => {
      const id = contactIdOf(recipient);
      lineOf.set(id, [...(lineOf.get(id) ?? []), line]);
    });
    const takeLine = (contactId: string) => lineOf.get(contactId)?.shift() ?? 0;
    return outcomeOf(
      lines.length,
      skipped,
      [
        ...output.eligible.map((eligible) => ({
          line: takeLine(eligible.contactId),
          answer: eligible,
          status: 'eligible' as const,
        })),
        ...output.filtered.map((filtered) => ({
          line: takeLine(filtered.contactId),
          answer: filtered,
          status: 'filtered' as const,
        })),
      ],
      refused,
      output.summary,
    );
  };

/**
 * The answer of a chunk that could not be checked (the state machine's Catch after every retry of the chunk:
 * the table did not answer): each recipient is filtered with the one reason `unchecked`, never eligible; the
 * lines the filter could not take are reported as in any chunk. Nothing is read: the table is what failed.
 */
export const uncheckedFilterChunk = (job: ImportJob, lines: readonly ImportLine[]): FilterChunkOutcome => {
  const { recipients, refused, skipped } = readRecipients(filterRequestOf(job), lines);
  const reasons: FilterReason[] = ['unchecked'];
  return outcomeOf(
    lines.length,
    skipped,
    recipients.map(({ line, recipient }) => ({
      line,
      answer: { contactId: contactIdOf(recipient), reasons },
      status: 'filtered' as const,
    })),
    refused,
    {
      received: recipients.length,
      eligible: 0,
      filtered: recipients.length,
      byReason: recipients.length > 0 ? { unchecked: recipients.length } : {},
    },
  );
};

const filterRequestOf = (job: ImportJob) => {
  if (!job.filter) throw new Error(`import ${job.importId} is not a filter job`);
  return { tenantId: job.tenantId, ...job.filter };
};

const contactIdOf = (recipient: unknown): string => String((recipient as { contactId: unknown }).contactId);

/**
 * A chunk's lines read as recipients: each data line parsed as JSON and validated alone (the filter's own request
 * parser, one recipient at a time), so one bad line is reported (`error`) and never stops the rest.
 */
const readRecipients = (request: object, lines: readonly ImportLine[]) => {
  const recipients: { line: number; recipient: unknown }[] = [];
  const refused: { line: number; error: string }[] = [];
  let skipped = 0;
  for (const line of lines) {
    if (line.status !== 'data') {
      skipped += 1;
      continue;
    }
    let recipient: unknown;
    try {
      recipient = JSON.parse(line.input);
    } catch {
      refused.push({ line: line.line, error: 'the line is not JSON' });
      continue;
    }
    const alone = validRecipient(request, recipient);
    if (alone === undefined) recipients.push({ line: line.line, recipient });
    else refused.push({ line: line.line, error: alone });
  }
  return { recipients, refused, skipped };
};

/** The chunk's two JSON Lines texts (each answer led by its line, in line order), its counts and its summary. */
const outcomeOf = (
  lineCount: number,
  skipped: number,
  answers: readonly { line: number; answer: object; status: 'eligible' | 'filtered' }[],
  refused: readonly { line: number; error: string }[],
  summary: FilterSummary,
): FilterChunkOutcome => {
  const rows = [
    ...answers.map(({ line, answer, status }) => ({
      line,
      text: JSON.stringify({ line, ...answer }),
      status,
    })),
    ...refused.map((bad) => ({ line: bad.line, text: JSON.stringify(bad), status: 'invalid' as const })),
  ].sort((a, b) => a.line - b.line);
  const text = (keep: (status: string) => boolean) =>
    rows
      .filter((row) => keep(row.status))
      .map((row) => `${row.text}\n`)
      .join('');
  return {
    eligible: text((status) => status === 'eligible'),
    filtered: text((status) => status !== 'eligible'),
    counts: {
      lines: lineCount,
      added: 0,
      already_suppressed: 0,
      invalid: refused.length,
      skipped,
      eligible: summary.eligible,
      filtered: summary.filtered,
    },
    summary,
  };
};

/** Undefined when the recipient passes the filter's own request validation alone; else the reason. */
const validRecipient = (request: object, recipient: unknown): string | undefined => {
  try {
    parseFilterRequest({ ...request, recipients: [recipient] });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};
