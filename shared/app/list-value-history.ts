import { type ActivityItem, toActivityItem } from '#app/list-contact-activity';
import type { ActivityLog } from '#app/ports/activity';
import { requestedValue } from '#app/requested-value';
import { readSignedPage } from '#app/signed-page';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { cursorBinding } from '#domain/cursor';
import type { Kind } from '#domain/kinds';
import type { ValueHasher } from '#domain/value-hash';

export interface ListValueHistoryDeps {
  readonly activity: Pick<ActivityLog, 'listValueActivityNewestFirst'>;
  readonly hashValue: ValueHasher;
  /** The parsers' options of the tenant asking (its default phone country). */
  readonly normalizeOptionsFor: NormalizeOptionsFor;
  readonly cursorKey: Uint8Array;
}

export interface ListValueHistoryInput {
  readonly tenantId: string;
  /** As entered: an email, `@domain`, phone number or LinkedIn URL (kind recognised as in bulk add). */
  readonly value: unknown;
  readonly limit: number;
  readonly cursor?: string;
}

export interface ValueHistoryPage {
  /** The normalized value whose history this is. */
  readonly value: string;
  readonly kind: Kind;
  readonly items: readonly ActivityItem[];
  readonly nextCursor: string | null;
}

/**
 * Everything that ever happened to one value in one tenant, newest first, one page (R4: the events live in the
 * partition of the value's entry, keyed by the tenant and the value's keyed hash, so another tenant's history of
 * the same value is another partition and never read).
 * 1. normalizes the value (`parseAnyValue`); an invalid one is a 400 naming it and why;
 * 2. opens the cursor, bound to the tenant and the value's kind and hash (not its clear text);
 * 3. reads one page and seals the position after it.
 */
export const listValueHistory =
  (deps: ListValueHistoryDeps) =>
  async (input: ListValueHistoryInput): Promise<ValueHistoryPage> => {
    const { kind, value, key } = await requestedValue(deps, input.tenantId, input.value);
    const binding = cursorBinding(input.tenantId, 'value-history', [kind, key.valueHash]);
    const page = await readSignedPage(
      deps.cursorKey,
      binding,
      input,
      (request) => deps.activity.listValueActivityNewestFirst(key, request),
      toActivityItem,
    );
    return { value, kind, ...page };
  };
