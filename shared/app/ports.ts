import type { ActivityEvent } from '#domain/activity';
import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { SourceRecord, SuppressionEntry, SuppressionKey } from '#domain/suppression';

/*
 * Ports: what use cases need from storage, in domain terms. shared/adapters/dynamodb implements them; unit tests
 * may implement them in memory.
 */

export interface AddSuppressionCommand {
  readonly key: SuppressionKey;
  /** Normalized clear value and the form entered, kept for display until erased. */
  readonly value: string;
  readonly display: string;
  readonly source: Source;
  readonly record: SourceRecord;
  /** The audit event written in the same transaction. */
  readonly event: ActivityEvent;
}

export type AddSuppressionOutcome =
  /** A new entry. */
  | { readonly status: 'added'; readonly entry: SuppressionEntry }
  /** The value was already suppressed by other sources; this source joined them. */
  | { readonly status: 'source_added'; readonly entry: SuppressionEntry }
  /** This source already held the entry: nothing changed, no event written. */
  | { readonly status: 'already_suppressed'; readonly entry: SuppressionEntry | undefined };

/** One value's outcome in a grouped write (W1b), which does not read entries back. */
export type AddSuppressionsOutcome =
  /** The source was added (to a new or an existing entry) with its event. */
  | { readonly status: 'written' }
  /** This source already held the entry: nothing changed, no event written. */
  | { readonly status: 'already_suppressed'; readonly entry?: SuppressionEntry };

export interface RemoveSourcesCommand {
  readonly key: SuppressionKey;
  readonly sources: readonly Source[];
  /**
   * The entry as the caller read it before deciding: its sources say whether the entry goes or stays, and its
   * version guards the write, so a concurrent change makes it report `conflict`.
   */
  readonly current: SuppressionEntry;
  readonly event: ActivityEvent;
}
export type RemoveSourcesOutcome = 'removed' | 'conflict';

export interface SuppressionListFilter {
  /** ISO-8601 instants, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly sources?: readonly Source[];
  readonly kinds?: readonly Kind[];
  readonly addedBy?: string;
  /** Value prefixes, any of which may match (normalized form). */
  readonly valuePrefixes?: readonly string[];
}

export interface Page<T> {
  readonly items: readonly T[];
  /** DynamoDB's position after the last returned item; absent on the last page. */
  readonly nextKey?: Record<string, string>;
}

export interface PageRequest {
  readonly limit: number;
  readonly startKey?: Record<string, string>;
}

export interface BatchLookupResult {
  readonly entries: ReadonlyMap<string, SuppressionEntry>;
  /** Keys that could not be read after retries: callers fail closed on them. */
  readonly unchecked: readonly SuppressionKey[];
  readonly requests: number;
  readonly readUnits: number;
}

/** Suppression entries and their audit trail. */
export interface SuppressionRepository {
  addSuppression(command: AddSuppressionCommand): Promise<AddSuppressionOutcome>;
  removeSources(command: RemoveSourcesCommand): Promise<RemoveSourcesOutcome>;
  getSuppression(key: SuppressionKey): Promise<SuppressionEntry | undefined>;
  batchGetSuppressions(
    keys: readonly SuppressionKey[],
    options?: { projection?: readonly string[]; concurrency?: number },
  ): Promise<BatchLookupResult>;
  listSuppressionsNewestFirst(
    tenantId: string,
    filter: SuppressionListFilter,
    page: PageRequest,
  ): Promise<Page<SuppressionEntry>>;
  recordActivity(event: ActivityEvent, concerning: SuppressionKey | { contactId: string }): Promise<void>;
  listValueActivityNewestFirst(key: SuppressionKey, page: PageRequest): Promise<Page<ActivityEvent>>;
  listContactActivityNewestFirst(
    tenantId: string,
    contactId: string,
    page: PageRequest,
  ): Promise<Page<ActivityEvent>>;
  listTenantActivityNewestFirst(tenantId: string, page: PageRequest): Promise<Page<ActivityEvent>>;
}

/** What a sender needs to give one recipient a way out: the link and the RFC 2369 / RFC 8058 headers. */
export interface UnsubscribeLinkRequest {
  readonly tenantId: string;
  readonly contactId: string;
  /** Normalized email (the variable the link unsubscribes). */
  readonly email: string;
  readonly campaignId?: string;
}

export interface UnsubscribeLink {
  readonly url: string;
  readonly headers: {
    readonly 'List-Unsubscribe': string;
    readonly 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
  };
}

/** Builds unsubscribe links; pure and synchronous so the filter can call it for thousands of recipients. */
export type BuildUnsubscribeLink = (request: UnsubscribeLinkRequest) => UnsubscribeLink;
