import type { Channel } from '#domain/channels';
import type { Source } from '#domain/sources';
import type { SuppressionEntry } from '#domain/suppression';
import { GLOBAL_TENANT } from '#domain/tenant';

/**
 * Why the pre-send filter dropped a value, a channel or a whole recipient, in the order lists show them. The first
 * eleven are the contract of issue 5; `invalid_phone`, `invalid_linkedin`, `missing_phone` and `missing_linkedin`
 * extend it to the two channels the contract names no reason for (docs/filter.md); `topic_unsubscribed` and `paused`
 * are the preference center's (a recipient's choices, shared/domain/recipient-choices.ts).
 */
export const FILTER_REASONS = [
  'unsubscribed',
  'domain_unsubscribed',
  'bounced',
  'complained',
  'do_not_contact',
  'do_not_email',
  'do_not_mass_email',
  'missing_email',
  'invalid_email',
  'global_suppression',
  'unchecked',
  'missing_phone',
  'invalid_phone',
  'missing_linkedin',
  'invalid_linkedin',
  'topic_unsubscribed',
  'paused',
] as const;
export type FilterReason = (typeof FILTER_REASONS)[number];

/** The reason a blocking source gives, on a tenant's own value entry. Domain entries and the global list differ. */
export const SOURCE_REASONS: Readonly<Record<Source, FilterReason>> = {
  link: 'unsubscribed',
  list_unsubscribe: 'unsubscribed',
  admin: 'unsubscribed',
  api: 'unsubscribed',
  legacy: 'unsubscribed',
  bounce: 'bounced',
  spam_complaint: 'complained',
  sms_stop: 'unsubscribed',
};

/** A value of the channel that does not parse. */
export const INVALID_VALUE_REASONS: Readonly<Record<Channel, FilterReason>> = {
  email: 'invalid_email',
  phone: 'invalid_phone',
  linkedin: 'invalid_linkedin',
};

/** A requested channel the recipient gave no value for (reported only when they gave none on any channel). */
export const MISSING_CHANNEL_REASONS: Readonly<Record<Channel, FilterReason>> = {
  email: 'missing_email',
  phone: 'missing_phone',
  linkedin: 'missing_linkedin',
};

/**
 * The reason one blocking source of an entry gives, most specific rule first:
 * 1. any entry on the global list → `global_suppression` (the list is the reason, whatever put the value there);
 * 2. a record a contact-level do-not-contact wrote (`detail.doNotContact`) → `do_not_contact`;
 * 3. otherwise {@link SOURCE_REASONS}, where an unsubscribe on a domain entry reads `domain_unsubscribed`.
 */
export const reasonOfSource = (
  entry: Pick<SuppressionEntry, 'tenantId' | 'kind' | 'sources'>,
  source: Source,
): FilterReason => {
  if (entry.tenantId === GLOBAL_TENANT) return 'global_suppression';
  if (entry.sources[source]?.detail?.doNotContact === true) return 'do_not_contact';
  const reason = SOURCE_REASONS[source];
  return reason === 'unsubscribed' && entry.kind === 'domain' ? 'domain_unsubscribed' : reason;
};

const ORDER: ReadonlyMap<FilterReason, number> = new Map(
  FILTER_REASONS.map((reason, index) => [reason, index]),
);

/** De-duplicates reasons and puts them in {@link FILTER_REASONS} order, so equal decisions read alike. */
export const sortReasons = (reasons: Iterable<FilterReason>): FilterReason[] =>
  [...new Set(reasons)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
