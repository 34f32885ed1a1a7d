import { CATEGORIES, type Category, type RecipientFlag } from '#domain/category-policy';
import { CHANNELS, type Channel } from '#domain/channels';
import { PayloadTooLargeError } from '#domain/errors';
import type { MessageTemplate } from '#domain/template-shortcodes';
import { parseTenantId } from '#domain/tenant';
import { campaignIdSchema, contactIdSchema } from '#domain/text-rules';
import { validateDocument } from '#domain/validation-issues';
import { withoutUndefined } from '#domain/without-undefined';
import * as z from '#domain/zod';

/** Recipients per call: what one Lambda answers well inside its timeout and its 6 MB response. */
export const MAX_RECIPIENTS = 10_000;
/** Lambda's synchronous invoke limit, for request and response alike (6 MB). */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Values of one kind per recipient, shorthand included. */
export const MAX_VALUES_PER_KIND = 10;
/** Values across the whole call: bounds the lookups one call may cause. */
export const MAX_VALUES_PER_CALL = 50_000;

/** One recipient, its shorthands merged into the lists and every flag read as a boolean. */
export interface RecipientInput {
  readonly contactId: string;
  /** Values as given, per channel, shorthand first; not yet normalized (an invalid one is a per-value reason). */
  readonly values: Readonly<Record<Channel, readonly string[]>>;
  readonly flags: Readonly<Partial<Record<RecipientFlag, boolean>>>;
}

/** A validated filter request. */
export interface FilterRequest {
  readonly tenantId: string;
  readonly campaignId: string;
  readonly category: Category;
  /** De-duplicated, in the order given. */
  readonly channels: readonly Channel[];
  readonly template?: MessageTemplate;
  /** The preference-center topic of the message (checked against the tenant's topics by the filter). */
  readonly topic?: string;
  readonly recipients: readonly RecipientInput[];
}

// Pipelines often serialise an absent field as null: it means absent here too.
const optionalText = z.nullish(z.string());
const optionalFlag = z.nullish(z.boolean());
const valueList = z.nullish(z.array(z.string()).check(z.maxLength(MAX_VALUES_PER_KIND)));

// Strict: a misspelt flag (`doNotMail`) silently ignored would mail someone who asked not to be mailed.
// Compiled: parsed once per recipient, up to 10,000 times a call.
const recipientSchema = z.compiledStrictObject({
  contactId: contactIdSchema,
  emails: valueList,
  phones: valueList,
  linkedinUrls: valueList,
  email: optionalText,
  phone: optionalText,
  linkedinUrl: optionalText,
  doNotContact: optionalFlag,
  doNotEmail: optionalFlag,
  doNotMassEmail: optionalFlag,
});

const requestSchema = z.strictObject({
  tenantId: z.string().check(z.superRefine(z.fromResult(parseTenantId))),
  campaignId: campaignIdSchema,
  category: z.enum(CATEGORIES),
  channels: z.array(z.enum(CHANNELS)).check(z.minLength(1), z.maxLength(CHANNELS.length * 2)),
  template: z.nullish(z.strictObject({ subject: optionalText, html: optionalText, text: optionalText })),
  topic: z.nullish(
    z
      .string()
      .check(
        z.regex(/^[a-z0-9-]{1,40}$/, { error: 'must be a topic id: 1-40 characters of a-z, 0-9 and "-"' }),
      ),
  ),
  recipients: z.array(recipientSchema).check(z.maxLength(MAX_RECIPIENTS)),
});

type RecipientPayload = z.infer<typeof recipientSchema>;

const NO_VALUES: readonly string[] = Object.freeze([]);
const NO_FLAGS: RecipientInput['flags'] = Object.freeze({});

/**
 * The shorthand first, then the list. Most recipients send one or the other: the parsed list itself (zod's own
 * copy, never the caller's) or a list of one, with no spread of empty arrays, 10,000 times a call.
 */
const merged = (
  shorthand: string | null | undefined,
  list: readonly string[] | null | undefined,
): readonly string[] => {
  if (shorthand == null) return list ?? NO_VALUES;
  return list == null ? [shorthand] : [shorthand, ...list];
};

const flagsOf = (recipient: RecipientPayload): RecipientInput['flags'] =>
  // Most recipients carry no flag: one shared empty set rather than one built and filtered per recipient.
  recipient.doNotContact == null && recipient.doNotEmail == null && recipient.doNotMassEmail == null
    ? NO_FLAGS
    : withoutUndefined({
        doNotContact: recipient.doNotContact ?? undefined,
        doNotEmail: recipient.doNotEmail ?? undefined,
        doNotMassEmail: recipient.doNotMassEmail ?? undefined,
      });

const toRecipient = (recipient: RecipientPayload): RecipientInput => ({
  contactId: recipient.contactId,
  values: {
    email: merged(recipient.email, recipient.emails),
    phone: merged(recipient.phone, recipient.phones),
    linkedin: merged(recipient.linkedinUrl, recipient.linkedinUrls),
  },
  flags: flagsOf(recipient),
});

const tooManyRecipients = (count: number) =>
  new PayloadTooLargeError(
    `recipients: ${count} recipients in one call; the limit is ${MAX_RECIPIENTS} (Lambda's 6 MB payload): ` +
      'split the audience into batches',
    { field: 'recipients', limit: MAX_RECIPIENTS, received: count },
  );

/**
 * Validates a filter payload and returns it in the use case's terms. Refuses, naming the field
 * (`recipients[3].emails[0]`): a payload over 6 MB or over {@link MAX_RECIPIENTS} recipients (before reading it
 * further), anything not in the contract (unknown fields included), and more than {@link MAX_VALUES_PER_CALL}
 * values. Values themselves are not judged here: an invalid address is a per-value reason, not a bad payload.
 */
export const parseFilterRequest = (input: unknown): FilterRequest => {
  const recipients = (input as { recipients?: unknown } | null)?.recipients;
  if (Array.isArray(recipients) && recipients.length > MAX_RECIPIENTS)
    throw tooManyRecipients(recipients.length);
  const bytes = Buffer.byteLength(JSON.stringify(input) ?? '');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(
      `the payload is ${bytes} bytes; Lambda accepts at most ${MAX_PAYLOAD_BYTES} (6 MB): send fewer recipients per call`,
      { field: '(payload)', limit: MAX_PAYLOAD_BYTES, received: bytes },
    );
  }
  const request = validateDocument(requestSchema, input);
  const converted = request.recipients.map(toRecipient);
  const values = converted.reduce(
    (sum, recipient) =>
      sum + CHANNELS.reduce((count, channel) => count + recipient.values[channel].length, 0),
    0,
  );
  if (values > MAX_VALUES_PER_CALL) {
    throw new PayloadTooLargeError(
      `recipients: ${values} values in one call; the limit is ${MAX_VALUES_PER_CALL}: send fewer recipients per call`,
      { field: 'recipients', limit: MAX_VALUES_PER_CALL, received: values },
    );
  }
  return withoutUndefined({
    tenantId: request.tenantId,
    campaignId: request.campaignId,
    category: request.category,
    channels: [...new Set(request.channels)],
    template:
      request.template == null
        ? undefined
        : withoutUndefined({
            subject: request.template.subject ?? undefined,
            html: request.template.html ?? undefined,
            text: request.template.text ?? undefined,
          }),
    topic: request.topic ?? undefined,
    recipients: converted,
  });
};
