import { type FilterAudienceDeps, filterAudience } from '#app/filter-audience';
import { parseFilterRequest } from '#app/filter-request';
import type { FilterSummary } from '#app/ports/filter-runs';
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
 *    (`chunkRunId`). If the table cannot be read the call throws, the state machine retries the chunk, and a
 *    chunk that never succeeds fails the job: no recipient is ever answered eligible unchecked (fail closed).
 */
export const filterJobChunk =
  (deps: FilterAudienceDeps) =>
  async (job: ImportJob, lines: readonly ImportLine[], firstLine: number): Promise<FilterChunkOutcome> => {
    const spec = job.filter;
    if (!spec) throw new Error(`import ${job.importId} is not a filter job`);
    const request = { tenantId: job.tenantId, ...spec };
    const run = filterAudience({ ...deps, newRunId: () => chunkRunId(job.importId, firstLine) });
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
    const { output } = await run({ ...request, recipients: recipients.map(({ recipient }) => recipient) });
    // The filter answers in input order; contact ids may repeat, so each answer is matched in turn.
    const lineOf = new Map<string, number[]>();
    recipients.forEach(({ line, recipient }) => {
      const id = String((recipient as { contactId: unknown }).contactId);
      lineOf.set(id, [...(lineOf.get(id) ?? []), line]);
    });
    const takeLine = (contactId: string) => lineOf.get(contactId)?.shift() ?? 0;
    const rows: { line: number; text: string; status: 'eligible' | 'filtered' | 'invalid' }[] = [];
    for (const eligible of output.eligible) {
      rows.push({
        line: takeLine(eligible.contactId),
        text: JSON.stringify({ line: 0, ...eligible }),
        status: 'eligible',
      });
    }
    for (const filtered of output.filtered) {
      rows.push({
        line: takeLine(filtered.contactId),
        text: JSON.stringify({ line: 0, ...filtered }),
        status: 'filtered',
      });
    }
    for (const bad of refused) rows.push({ line: bad.line, text: JSON.stringify(bad), status: 'invalid' });
    rows.sort((a, b) => a.line - b.line);
    const render = (row: (typeof rows)[number]) => `${row.text.replace('"line":0', `"line":${row.line}`)}\n`;
    return {
      eligible: rows
        .filter((row) => row.status === 'eligible')
        .map(render)
        .join(''),
      filtered: rows
        .filter((row) => row.status !== 'eligible')
        .map(render)
        .join(''),
      counts: {
        lines: lines.length,
        added: 0,
        already_suppressed: 0,
        invalid: refused.length,
        skipped,
        eligible: output.summary.eligible,
        filtered: output.summary.filtered,
      },
      summary: output.summary,
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
