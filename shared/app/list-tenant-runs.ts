import { type RunPage, toRunItem } from '#app/list-campaign-runs';
import type { FilterRunRange, FilterRunStore } from '#app/ports/filter-runs';
import { readSignedPage } from '#app/signed-page';
import { cursorBinding } from '#domain/cursor';

export interface ListTenantRunsDeps {
  readonly filterRuns: Pick<FilterRunStore, 'listTenantRunsNewestFirst'>;
  readonly cursorKey: Uint8Array;
}

export interface ListTenantRunsInput {
  readonly tenantId: string;
  /** Instants (`toISOString` form) the runs were created between, both included. */
  readonly range: FilterRunRange;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * The tenant's filter runs of every campaign, newest first, one page (R10c), optionally created within a range;
 * expired runs are never listed. The cursor is bound to the tenant and the range.
 */
export const listTenantRuns =
  (deps: ListTenantRunsDeps) =>
  async (input: ListTenantRunsInput): Promise<RunPage> => {
    const binding = cursorBinding(input.tenantId, 'runs', [input.range.from ?? null, input.range.to ?? null]);
    return readSignedPage(
      deps.cursorKey,
      binding,
      input,
      (page) => deps.filterRuns.listTenantRunsNewestFirst(input.tenantId, input.range, page),
      toRunItem,
    );
  };
