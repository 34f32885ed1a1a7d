import type { FilterReason } from '#domain/filter-reasons';

/** `GET /v1/runs` items (docs/admin-api.md, "Filter runs"). */
export interface RunItem {
  readonly runId: string;
  readonly campaignId: string;
  readonly createdAt: string;
  readonly category: string | null;
  readonly summary: {
    readonly received: number;
    readonly eligible: number;
    readonly filtered: number;
    readonly byReason: Readonly<Record<string, number>>;
  };
}

export interface RunPage {
  readonly items: readonly RunItem[];
  readonly nextCursor: string | null;
}

/** `GET /v1/campaigns/{campaignId}/runs/{runId}/filtered`. */
export interface FilteredReport extends Omit<RunItem, 'category'> {
  readonly filtered: readonly { readonly contactId: string; readonly reasons: readonly string[] }[];
}

/** The filter's reasons as LeadCenter's "Filtered contacts" names them; an unknown one shows its code. */
export const REASON_LABELS: Readonly<Record<FilterReason, string>> = {
  unsubscribed: 'Unsubscribed',
  domain_unsubscribed: 'Domain unsubscribed',
  bounced: 'Bounced',
  complained: 'Complained (spam)',
  do_not_contact: 'Do not contact',
  do_not_email: 'Do not email',
  do_not_mass_email: 'Do not mass email',
  missing_email: 'No email address',
  invalid_email: 'Invalid email address',
  global_suppression: 'On the global list',
  unchecked: 'Not checked (service busy)',
  missing_phone: 'No phone number',
  invalid_phone: 'Invalid phone number',
  missing_linkedin: 'No LinkedIn profile',
  invalid_linkedin: 'Invalid LinkedIn profile',
  topic_unsubscribed: 'Left the topic',
  paused: 'Paused emails',
};
const REASON_ORDER = Object.keys(REASON_LABELS);
export const reasonLabel = (reason: string): string =>
  (REASON_LABELS as Readonly<Record<string, string>>)[reason] ?? reason;

/** The report's contacts by reason, in the filter's order of reasons; a contact with two reasons is in both. */
export const groupByReason = (
  filtered: FilteredReport['filtered'],
): { reason: string; contactIds: string[] }[] => {
  const groups = new Map<string, string[]>();
  for (const contact of filtered) {
    for (const reason of contact.reasons) {
      const ids = groups.get(reason) ?? [];
      ids.push(contact.contactId);
      groups.set(reason, ids);
    }
  }
  const rank = (reason: string) => {
    const index = REASON_ORDER.indexOf(reason);
    return index === -1 ? REASON_ORDER.length : index;
  };
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([reason, contactIds]) => ({ reason, contactIds }));
};
