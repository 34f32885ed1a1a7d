/**
 * How a suppression came to be, and the rules that follow from it. This table is the single source of truth
 * for restore rules, default scopes and admin filter labels; docs/data-model.md and the README quote it.
 */
export const SCOPES = ['marketing', 'all_but_transactional', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const SOURCES = [
  'link',
  'list_unsubscribe',
  'admin',
  'api',
  'bounce',
  'spam_complaint',
  'legacy',
  'sms_stop',
] as const;
export type Source = (typeof SOURCES)[number];

export interface SourceRule {
  /** May a teammate lift it? Recipient and mailbox-provider signals are never lifted by an admin. */
  readonly restorable: boolean;
  readonly scope: Scope;
  /** The filter label admins see in the console. */
  readonly label: 'Lead' | 'User' | 'API' | 'Not delivered' | 'Abuse' | 'Legacy' | 'SMS';
  /** Why an admin may not restore it; shown in bulk-remove results. */
  readonly notRestorableReason?: 'link' | 'one-click' | 'bounce' | 'complaint' | 'sms-stop';
  /**
   * What lifts it when an admin may not restore it alone: the recipient's written `consent` (what the recipient
   * owns), or a stated `address_verified` reason (a bounce: the address works again). Never silently.
   */
  readonly liftedWith?: 'consent' | 'address_verified';
}

export const SOURCE_RULES: Readonly<Record<Source, SourceRule>> = {
  link: {
    restorable: false,
    scope: 'marketing',
    label: 'Lead',
    notRestorableReason: 'link',
    liftedWith: 'consent',
  },
  list_unsubscribe: {
    restorable: false,
    scope: 'marketing',
    label: 'Lead',
    notRestorableReason: 'one-click',
    liftedWith: 'consent',
  },
  admin: { restorable: true, scope: 'all', label: 'User' },
  api: { restorable: true, scope: 'all', label: 'API' },
  bounce: {
    restorable: false,
    scope: 'all',
    label: 'Not delivered',
    notRestorableReason: 'bounce',
    liftedWith: 'address_verified',
  },
  spam_complaint: {
    restorable: false,
    scope: 'all_but_transactional',
    label: 'Abuse',
    notRestorableReason: 'complaint',
    liftedWith: 'consent',
  },
  legacy: { restorable: true, scope: 'all', label: 'Legacy' },
  // A STOP reply to a workspace's SMS number (issue 14): the recipient's own opt-out, like a one-click one; a label
  // of its own, since the SPEC's Lead is exactly link + list_unsubscribe.
  sms_stop: {
    restorable: false,
    scope: 'marketing',
    label: 'SMS',
    notRestorableReason: 'sms-stop',
    liftedWith: 'consent',
  },
};

export const isSource = (value: unknown): value is Source => SOURCES.includes(value as Source);

/** Sources a recipient created themselves, and so may undo themselves from the unsubscribe page. */
export const RECIPIENT_SOURCES: readonly Source[] = ['link', 'list_unsubscribe'];

const SCOPE_BREADTH: Readonly<Record<Scope, number>> = { marketing: 0, all_but_transactional: 1, all: 2 };

/** The widest scope among several sources: an entry held by `link` and `bounce` blocks everything. */
export const widestScope = (sources: readonly Source[]): Scope =>
  sources.reduce<Scope>(
    (widest, source) =>
      SCOPE_BREADTH[SOURCE_RULES[source].scope] > SCOPE_BREADTH[widest] ? SOURCE_RULES[source].scope : widest,
    'marketing',
  );
