import type { ActivityAction, ActivityEvent, Actor } from '#domain/activity';
import type { SuppressionKey } from '#domain/suppression';
import type { Page, PageRequest } from './paging';

/** What an event is about: a value's entry, or a contact when no single value is concerned. */
export type ActivitySubject = SuppressionKey | { readonly contactId: string };

/** R6b's range: two instants, both included, and optionally some actions only. */
export interface ActivityRange {
  readonly from: string;
  readonly to: string;
  readonly actions?: readonly ActivityAction[];
}

/**
 * Whose events R6 keeps: every actor of one type, or one actor by id (a user's id, an API client's id, or a
 * system component's name).
 */
export type ActorFilter = { readonly type: Actor['type'] } | { readonly id: string };

/** R6's optional filters, combined with AND: a range of instants (both included), some actions, one actor. */
export interface TenantActivityFilter {
  /** ISO-8601 instants (`toISOString` form), in the key condition. */
  readonly from?: string;
  readonly to?: string;
  /** Any of these actions (a filter expression). */
  readonly actions?: readonly ActivityAction[];
  readonly actor?: ActorFilter;
}

/** What statistics count of an event. */
export type CountedActivity = Pick<ActivityEvent, 'at' | 'source' | 'campaignId'>;

/**
 * The append-only activity log: events written on their own (W3; writes that change an entry or a contact write
 * theirs in the same transaction) and the timelines that read them. `DynamoDbActivityLog` implements it.
 */
export interface ActivityLog {
  /** W3: an event on its own, such as a refused restore; throws if an event with its id exists. */
  recordActivity(event: ActivityEvent, concerning: ActivitySubject): Promise<void>;
  /** W3 for events whose id derives from their trigger: false when that event was recorded before (a replay). */
  recordActivityOnce(event: ActivityEvent, concerning: ActivitySubject): Promise<boolean>;
  /** R4: one value's history, newest first. */
  listValueActivityNewestFirst(key: SuppressionKey, page: PageRequest): Promise<Page<ActivityEvent>>;
  /** R5: a contact's history across its values, newest first. */
  listContactActivityNewestFirst(
    tenantId: string,
    contactId: string,
    page: PageRequest,
  ): Promise<Page<ActivityEvent>>;
  /** R6: everything that happened in a tenant, newest first, optionally within a range, of some actions, by an actor. */
  listTenantActivityNewestFirst(
    tenantId: string,
    page: PageRequest,
    filter?: TenantActivityFilter,
  ): Promise<Page<ActivityEvent>>;
  /** R6b: a tenant's events between two instants, oldest first, projected to what statistics count. */
  listTenantActivityBetween(
    tenantId: string,
    range: ActivityRange,
    page: PageRequest,
  ): Promise<Page<CountedActivity>>;
}
