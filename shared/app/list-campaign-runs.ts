import type { FilterRunStore, FilterRunSummary, FilterSummary } from '#app/ports/filter-runs';
import { readSignedPage } from '#app/signed-page';
import type { Category } from '#domain/category-policy';
import { cursorBinding } from '#domain/cursor';

/** One filter run as the admin API lists it: when, for which campaign and category, and its counts. */
export interface RunItem {
  readonly runId: string;
  readonly campaignId: string;
  readonly createdAt: string;
  /** The message category the run filtered for; null only for runs stored before it was recorded. */
  readonly category: Category | null;
  readonly summary: FilterSummary;
}

export interface RunPage {
  readonly items: readonly RunItem[];
  /** Opaque; null on the last page. A page may hold fewer than `limit` runs (expired ones are skipped). */
  readonly nextCursor: string | null;
}

export const toRunItem = (run: FilterRunSummary): RunItem => ({
  runId: run.runId,
  campaignId: run.campaignId,
  createdAt: run.createdAt,
  category: run.category ?? null,
  summary: run.summary,
});

export interface ListCampaignRunsDeps {
  readonly filterRuns: Pick<FilterRunStore, 'listCampaignRunsNewestFirst'>;
  readonly cursorKey: Uint8Array;
}

export interface ListCampaignRunsInput {
  readonly tenantId: string;
  readonly campaignId: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * A campaign's filter runs, newest first, one page (R10b): the runs the pre-send filter stored for it that have
 * not expired. The cursor is bound to the tenant and the campaign; another tenant's campaign of the same id is
 * another timeline.
 */
export const listCampaignRuns =
  (deps: ListCampaignRunsDeps) =>
  async (input: ListCampaignRunsInput): Promise<RunPage> => {
    const binding = cursorBinding(input.tenantId, 'campaign-runs', input.campaignId);
    return readSignedPage(
      deps.cursorKey,
      binding,
      input,
      (page) => deps.filterRuns.listCampaignRunsNewestFirst(input.tenantId, input.campaignId, page),
      toRunItem,
    );
  };
