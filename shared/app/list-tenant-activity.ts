import { type ActivityItem, toActivityItem } from '#app/list-contact-activity';
import type { ActivityLog, ActorFilter, TenantActivityFilter } from '#app/ports/activity';
import { readSignedPage } from '#app/signed-page';
import { cursorBinding } from '#domain/cursor';

export interface ListTenantActivityDeps {
  readonly activity: Pick<ActivityLog, 'listTenantActivityNewestFirst'>;
  readonly cursorKey: Uint8Array;
}

export interface ListTenantActivityInput {
  readonly tenantId: string;
  readonly filter: TenantActivityFilter;
  readonly limit: number;
  readonly cursor?: string;
}

export interface ActivityPage {
  readonly items: readonly ActivityItem[];
  /** Opaque; null on the last page. A filtered page may hold fewer than `limit` items and still have a next one. */
  readonly nextCursor: string | null;
}

const actorKey = (actor: ActorFilter | undefined) =>
  actor === undefined ? null : 'type' in actor ? ['type', actor.type] : ['id', actor.id];

/**
 * What a timeline cursor is bound to: the tenant and the whole filter, in a fixed order with sorted actions, so
 * the same filter always signs alike and a cursor replayed with another filter (or tenant) is refused.
 */
export const tenantActivityCursorBinding = (tenantId: string, filter: TenantActivityFilter): string =>
  cursorBinding(tenantId, 'tenant-activity', [
    filter.from ?? null,
    filter.to ?? null,
    filter.actions ? [...new Set(filter.actions)].sort() : null,
    actorKey(filter.actor),
  ]);

/**
 * The tenant's timeline, newest first, one page (R6): every event of the tenant (additions, removals, refusals,
 * settings changes, recipient actions, SES feedback), shaped like a contact's activity items so one renderer
 * shows both. The cursor is signed and bound to the tenant and the filter.
 */
export const listTenantActivity =
  (deps: ListTenantActivityDeps) =>
  async (input: ListTenantActivityInput): Promise<ActivityPage> => {
    const binding = tenantActivityCursorBinding(input.tenantId, input.filter);
    return readSignedPage(
      deps.cursorKey,
      binding,
      input,
      (page) => deps.activity.listTenantActivityNewestFirst(input.tenantId, page, input.filter),
      toActivityItem,
    );
  };
