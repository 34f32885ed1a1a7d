import { err, ok, type Result } from '#domain/result';
import type { SesMail } from '#domain/ses-notification';
import { decodeTagValue, FEEDBACK_HEADERS, FEEDBACK_TAGS } from '#domain/ses-tags';
import { GLOBAL_TENANT, parseContactId, parseTenantId } from '#domain/tenant';
import { campaignIdSchema } from '#domain/text-rules';

/** Where a piece of feedback belongs, as the sender tagged the message it is about. */
export interface FeedbackContext {
  /** The tagged tenant, or the global list when the message carried no tenant. */
  readonly tenantId: string;
  readonly campaignId?: string;
  readonly contactId?: string;
  /** Where the ids were read: `tags` (event publishing), `headers` (classic with original headers) or `none`. */
  readonly from: 'tags' | 'headers' | 'none';
  /** Ids that were present but unusable and so were dropped; the feedback still applies. */
  readonly dropped: readonly ('campaign' | 'contact')[];
}

type Field = keyof typeof FEEDBACK_TAGS;
/** Every distinct value each id was given: a message may repeat a tag, and repeating it differently is ambiguous. */
type Values = Partial<Record<Field, readonly string[]>>;

const fromTags = (tags: SesMail['tags']): Values | undefined => {
  if (tags === undefined) return undefined;
  const values: Values = {};
  for (const field of Object.keys(FEEDBACK_TAGS) as Field[]) {
    const given = tags[FEEDBACK_TAGS[field]];
    if (given !== undefined && given.length > 0) values[field] = [...new Set(given)];
  }
  return Object.keys(values).length > 0 ? values : undefined;
};

/**
 * Reads the `X-Quietlist-*` headers, and failing those SES's own `X-SES-MESSAGE-TAGS` header
 * (`name=value, name=value`), which is how tags travel when set as a header rather than through the API.
 */
const fromHeaders = (headers: SesMail['headers']): Values | undefined => {
  if (headers === undefined) return undefined;
  const byName = new Map<string, string[]>();
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), value.trim()]);
  }
  const values: Values = {};
  for (const field of Object.keys(FEEDBACK_HEADERS) as Field[]) {
    const given = byName.get(FEEDBACK_HEADERS[field].toLowerCase());
    if (given !== undefined) values[field] = [...new Set(given)];
  }
  if (Object.keys(values).length > 0) return values;
  const sesTags = byName.get('x-ses-message-tags')?.[0];
  if (sesTags === undefined) return undefined;
  const pairs = new Map(
    sesTags.split(',').map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2).map((part) => part.trim());
      return [name, value] as const;
    }),
  );
  return fromTags(Object.fromEntries([...pairs].map(([name, value]) => [name, [value]])));
};

/**
 * Finds tenant, campaign and contact for one SES message: from `mail.tags` when SES published them, else from
 * the original headers, else nowhere, in which case the feedback belongs to the global list. All three are
 * encoded by the sender with `encodeTagValue` (shared/domain/ses-tags.ts).
 *
 * A tenant that is present but invalid, or given two different values, is an error: guessing would put a
 * suppression in the wrong tenant, or on everyone's list. A bad or ambiguous campaign or contact id is only
 * dropped, since the suppression does not depend on it.
 * The contact is kept only when the message went to a single recipient, since one contact id cannot describe
 * several.
 */
export const feedbackContextOf = (mail: SesMail): Result<FeedbackContext, string> => {
  const tagged = fromTags(mail.tags);
  const headed = tagged ? undefined : fromHeaders(mail.headers);
  const values = tagged ?? headed ?? {};
  const from = tagged ? 'tags' : headed ? 'headers' : 'none';
  let tenantId = GLOBAL_TENANT;
  if (values.tenant !== undefined) {
    const tenants = new Set<string>();
    for (const value of values.tenant) {
      const decoded = decodeTagValue(value);
      if (!decoded.ok) return err(`the tenant tag is not a valid encoded value: ${decoded.error}`);
      const tenant = parseTenantId(decoded.value);
      if (!tenant.ok) return err(`the tenant tag names no valid tenant: ${tenant.error}`);
      tenants.add(tenant.value);
    }
    // Applying it to one of them would put a suppression in a tenant that may not have sent the message.
    if (tenants.size > 1) {
      return err(`the message names ${tenants.size} different tenants; an ambiguous tenant is never guessed`);
    }
    tenantId = [...tenants][0] ?? GLOBAL_TENANT;
  }
  const dropped: ('campaign' | 'contact')[] = [];
  let campaignId: string | undefined;
  const [campaignTag] = values.campaign ?? [];
  if (values.campaign !== undefined && values.campaign.length > 1) dropped.push('campaign');
  else if (campaignTag !== undefined) {
    const decoded = decodeTagValue(campaignTag);
    // The edge's own rule (1 to 256 characters, no control character): an id it would refuse is dropped.
    if (decoded.ok && campaignIdSchema.safeParse(decoded.value).success) {
      campaignId = decoded.value;
    } else dropped.push('campaign');
  }
  let contactId: string | undefined;
  const [contactTag] = values.contact ?? [];
  if (values.contact !== undefined && values.contact.length > 1) dropped.push('contact');
  else if (contactTag !== undefined) {
    const decoded = decodeTagValue(contactTag);
    const contact = decoded.ok ? parseContactId(decoded.value) : decoded;
    if (contact.ok && (mail.destination?.length ?? 0) <= 1) contactId = contact.value;
    else dropped.push('contact');
  }
  return ok({
    tenantId,
    from,
    dropped,
    ...(campaignId === undefined ? {} : { campaignId }),
    ...(contactId === undefined ? {} : { contactId }),
  });
};
