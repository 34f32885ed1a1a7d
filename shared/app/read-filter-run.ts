import type { FilterRunRecord, FilterRunStore } from '#app/ports/filter-runs';
import { NotFoundError } from '#domain/errors';

export interface ReadFilterRunInput {
  /** From the verified credential, never from the request. */
  readonly tenantId: string;
  readonly campaignId: string;
  readonly runId: string;
}

/**
 * A campaign run's "Filtered contacts" (R10): the stored summary and filtered list. Unknown, expired, other
 * tenants' runs and runs of another campaign all answer the same 404, so ids cannot be probed.
 */
export const readFilterRun =
  (deps: { readonly filterRuns: Pick<FilterRunStore, 'getFilterRun'> }) =>
  async (input: ReadFilterRunInput): Promise<FilterRunRecord> => {
    const run = await deps.filterRuns.getFilterRun(input.tenantId, input.runId);
    if (!run || run.campaignId !== input.campaignId) {
      throw new NotFoundError(`no run ${input.runId} of campaign ${input.campaignId} (unknown, or expired)`);
    }
    return run;
  };
