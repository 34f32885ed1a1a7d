import { CHANNELS, type Channel } from '#domain/channels';
import type { FilterReason } from '#domain/filter-reasons';
import { reasonOfSource, sortReasons } from '#domain/filter-reasons';
import { type Scope, SOURCE_RULES, type Source } from '#domain/sources';
import { entrySources, type SuppressionEntry } from '#domain/suppression';

/** The kind of message a campaign run sends; it decides which suppressions and flags apply. */
export const CATEGORIES = ['marketing', 'automation', 'transactional'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Contact-level flags the calling platform sends with each recipient. */
export const RECIPIENT_FLAGS = ['doNotContact', 'doNotEmail', 'doNotMassEmail'] as const;
export type RecipientFlag = (typeof RECIPIENT_FLAGS)[number];

export interface CategoryPolicy {
  /** Entry scopes that block this category; a source's scope is in SOURCE_RULES. */
  readonly blockedByScopes: readonly Scope[];
  /** Input flags this category honours. */
  readonly honouredFlags: readonly RecipientFlag[];
  /** Must the template carry the unsubscribe and postal-address shortcodes (template-shortcodes.ts)? */
  readonly requiresComplianceShortcodes: boolean;
}

/**
 * Which suppressions and flags apply to which kind of message: the single source of truth for the filter, quoted
 * by docs/filter.md. Transactional mail (receipts, password resets) ignores marketing opt-outs (`link`,
 * `list_unsubscribe`) and complaints, but never a bounce, an admin/API/legacy entry, do-not-contact or
 * `doNotEmail`. Automation honours everything except `doNotMassEmail`, which is about bulk sends.
 */
export const CATEGORY_POLICIES: Readonly<Record<Category, CategoryPolicy>> = {
  marketing: {
    blockedByScopes: ['marketing', 'all_but_transactional', 'all'],
    honouredFlags: ['doNotContact', 'doNotEmail', 'doNotMassEmail'],
    requiresComplianceShortcodes: true,
  },
  automation: {
    blockedByScopes: ['marketing', 'all_but_transactional', 'all'],
    honouredFlags: ['doNotContact', 'doNotEmail'],
    requiresComplianceShortcodes: false,
  },
  transactional: {
    blockedByScopes: ['all'],
    honouredFlags: ['doNotContact', 'doNotEmail'],
    requiresComplianceShortcodes: false,
  },
};

/** What each flag blocks when honoured, and the reason it gives. */
export const FLAG_RULES: Readonly<
  Record<RecipientFlag, { readonly reason: FilterReason; readonly channels: readonly Channel[] }>
> = {
  doNotContact: { reason: 'do_not_contact', channels: CHANNELS },
  doNotEmail: { reason: 'do_not_email', channels: ['email'] },
  doNotMassEmail: { reason: 'do_not_mass_email', channels: ['email'] },
};

/** Does a suppression by `source` block a message of `category`? */
export const sourceBlocks = (category: Category, source: Source): boolean =>
  CATEGORY_POLICIES[category].blockedByScopes.includes(SOURCE_RULES[source].scope);

/**
 * The reasons an entry blocks a message of `category`: one per source whose scope applies, so an address held by
 * `link` and `bounce` still blocks a receipt, as `bounced`. Empty when no source applies.
 */
export const entryBlockReasons = (
  category: Category,
  entry: Pick<SuppressionEntry, 'tenantId' | 'kind' | 'sources'>,
): FilterReason[] =>
  sortReasons(
    entrySources(entry)
      .filter((source) => sourceBlocks(category, source))
      .map((source) => reasonOfSource(entry, source)),
  );

/** The reasons a recipient's honoured flags give to a value on `channel`. */
export const flagReasons = (
  category: Category,
  flags: Readonly<Partial<Record<RecipientFlag, boolean>>>,
  channel: Channel,
): FilterReason[] =>
  CATEGORY_POLICIES[category].honouredFlags
    .filter((flag) => flags[flag] === true && FLAG_RULES[flag].channels.includes(channel))
    .map((flag) => FLAG_RULES[flag].reason);
