import { err, ok, type Result } from '#domain/result';
import {
  BOUNCE_TYPES,
  SES_EVENT_TYPES,
  SES_NOTIFICATION_TYPES,
  type SesEventType,
} from '#domain/ses-feedback-policy';
import * as z from '#domain/zod';

/*
 * The SES message carried in an SNS notification's `Message`, in both forms SES publishes: classic identity
 * notifications (`notificationType`) and configuration-set event publishing (`eventType`). Field names follow
 * AWS's "Amazon SNS notification contents for Amazon SES" and "Contents of event data that Amazon SES publishes to
 * Amazon SNS". Powertools' SES schema describes inbound mail (receipt rules), not these, hence zod here. Objects
 * are not strict: SES reserves the right to add fields.
 */

const header = z.object({ name: z.string(), value: z.string() });

const mailSchema = z.object({
  messageId: z.string().check(z.minLength(1)),
  timestamp: z.optional(z.string()),
  destination: z.optional(z.array(z.string())),
  /** Present only with "include original headers" (classic) and always with event publishing. */
  headers: z.optional(z.array(header)),
  /** Event publishing only: SES's own `ses:*` tags and the sender's, each with a list of values. */
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

const bounceSchema = z.object({
  bounceType: z.enum(BOUNCE_TYPES),
  bounceSubType: z.optional(z.string()),
  bouncedRecipients: z
    .array(
      z.object({
        emailAddress: z.string(),
        action: z.optional(z.string()),
        status: z.optional(z.string()),
        diagnosticCode: z.optional(z.string()),
      }),
    )
    .check(z.minLength(1)),
  timestamp: z.optional(z.string()),
  feedbackId: z.string().check(z.minLength(1)),
});

const complaintSchema = z.object({
  complainedRecipients: z.array(z.object({ emailAddress: z.string() })).check(z.minLength(1)),
  timestamp: z.optional(z.string()),
  feedbackId: z.string().check(z.minLength(1)),
  complaintFeedbackType: z.optional(z.string()),
  complaintSubType: z.nullish(z.string()),
});

const deliverySchema = z.object({
  timestamp: z.optional(z.string()),
  recipients: z.array(z.string()),
});

export type SesMail = z.infer<typeof mailSchema>;
export type SesBounce = z.infer<typeof bounceSchema>;
export type SesComplaint = z.infer<typeof complaintSchema>;
export type SesDelivery = z.infer<typeof deliverySchema>;

interface FeedbackCommon {
  /** `notification` for classic identity notifications, `event` for configuration-set event publishing. */
  readonly form: 'notification' | 'event';
  readonly mail: SesMail;
}

/** One SES feedback message, validated as far as Quietlist acts on it. */
export type SesFeedback = FeedbackCommon &
  (
    | { readonly eventType: 'Bounce'; readonly bounce: SesBounce }
    | { readonly eventType: 'Complaint'; readonly complaint: SesComplaint }
    | { readonly eventType: 'Delivery'; readonly delivery: SesDelivery }
    | { readonly eventType: Exclude<SesEventType, 'Bounce' | 'Complaint' | 'Delivery'> }
  );

/** What a parsed SES message turned out to be. */
export type SesMessage =
  | { readonly kind: 'feedback'; readonly feedback: SesFeedback }
  /** SES confirming it can publish to the topic: nothing to do. */
  | { readonly kind: 'setup'; readonly description: string };

/** SES's plain-text test message when a topic is set as an event destination (not JSON). */
export const SES_VALIDATION_MESSAGE_PREFIX = 'Successfully validated SNS topic';

const describeIssue = (error: z.core.$ZodError): string => {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(root)';
  return `${path}: ${issue?.message ?? 'invalid'}`;
};

const parsePart = <T>(schema: z.core.$ZodType<T>, value: unknown, name: string): Result<T, string> => {
  const parsed = z.safeParse(schema, value);
  return parsed.success ? ok(parsed.data) : err(`${name}.${describeIssue(parsed.error)}`);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses the SES message text of one SNS notification. Never throws. Returns the reason when the text is not an
 * SES message Quietlist understands: not JSON, no type, an unknown type, or a known type missing fields it needs.
 */
export const parseSesMessage = (text: string): Result<SesMessage, string> => {
  if (text.startsWith(SES_VALIDATION_MESSAGE_PREFIX))
    return ok({ kind: 'setup', description: text.slice(0, 120) });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err('the SNS message is not JSON');
  }
  if (!isRecord(json)) return err('the SNS message is not a JSON object');
  if (json.notificationType === 'AmazonSnsSubscriptionSucceeded') {
    return ok({ kind: 'setup', description: 'AmazonSnsSubscriptionSucceeded' });
  }
  const form = typeof json.eventType === 'string' ? 'event' : 'notification';
  const type = form === 'event' ? json.eventType : json.notificationType;
  if (typeof type !== 'string') return err('the SES message has neither eventType nor notificationType');
  const known: readonly string[] = form === 'event' ? SES_EVENT_TYPES : SES_NOTIFICATION_TYPES;
  if (!known.includes(type)) {
    return err(
      `unknown ${form === 'event' ? 'eventType' : 'notificationType'} ${JSON.stringify(type.slice(0, 40))}`,
    );
  }
  const eventType = type as SesEventType;
  const mail = parsePart(mailSchema, json.mail, 'mail');
  if (!mail.ok) return mail;
  const common = { form, mail: mail.value } as const;
  switch (eventType) {
    case 'Bounce': {
      const bounce = parsePart(bounceSchema, json.bounce, 'bounce');
      return bounce.ok
        ? ok({ kind: 'feedback', feedback: { ...common, eventType, bounce: bounce.value } })
        : bounce;
    }
    case 'Complaint': {
      const complaint = parsePart(complaintSchema, json.complaint, 'complaint');
      return complaint.ok
        ? ok({ kind: 'feedback', feedback: { ...common, eventType, complaint: complaint.value } })
        : complaint;
    }
    case 'Delivery': {
      const delivery = parsePart(deliverySchema, json.delivery, 'delivery');
      return delivery.ok
        ? ok({ kind: 'feedback', feedback: { ...common, eventType, delivery: delivery.value } })
        : delivery;
    }
    default:
      return ok({ kind: 'feedback', feedback: { ...common, eventType } });
  }
};

/**
 * An SES timestamp as an ISO-8601 instant, or undefined. SES writes most as `2017-08-05T00:41:02.669Z`, but its
 * own documentation also shows `2018-10-08T14:05:45 +0000` and microsecond offsets, so those are accepted too.
 */
export const sesInstant = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  const millis = Date.parse(text.replace(/ ([+-]\d{2}):?(\d{2})$/, '$1:$2'));
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
};
