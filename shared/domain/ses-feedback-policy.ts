/**
 * What Quietlist does with each kind of SES feedback. These tables are the policy: the use case reads them and
 * docs/ses-feedback.md quotes them, so the two cannot drift apart. Names and enumerations follow AWS's
 * "Amazon SNS notification contents" and "Contents of event data that Amazon SES publishes to Amazon SNS".
 */

/** `eventType` values of configuration-set event publishing. Note the space in `Rendering Failure`. */
export const SES_EVENT_TYPES = [
  'Bounce',
  'Complaint',
  'Delivery',
  'Send',
  'Reject',
  'Open',
  'Click',
  'Rendering Failure',
  'DeliveryDelay',
  'Subscription',
] as const;
export type SesEventType = (typeof SES_EVENT_TYPES)[number];

/** `notificationType` values of classic identity notifications (no configuration set). */
export const SES_NOTIFICATION_TYPES = ['Bounce', 'Complaint', 'Delivery'] as const;

/** The daily counters kept per tenant, from which bounce and complaint rates are computed. */
export const DAILY_COUNTERS = ['sends', 'deliveries', 'bounces', 'complaints'] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

export interface EventRule {
  /** Whether the event can suppress anything; the bounce and complaint tables below decide per recipient. */
  readonly handling: 'bounce' | 'complaint' | 'none';
  /** The daily counter each of its recipients adds one to, if any. */
  readonly counter?: DailyCounter;
  /** Whose addresses the event is about, for counting. */
  readonly recipients?: 'destination' | 'delivery' | 'bounced' | 'complained';
  /**
   * The mailbox accepted a message, so its earlier transient bounces (a full mailbox, a server down) are over:
   * they stop counting towards the threshold.
   */
  readonly resetsTransientBounces?: true;
}

/**
 * Per event type. A Delivery resets the address's transient-bounce count. Delivery, Send, Open, Click and
 * DeliveryDelay never suppress (DeliveryDelay is SES still
 * retrying; the Transient bounce arrives if it gives up). Reject is a virus found in our own message, Rendering
 * Failure a template error: both are the sender's problem, not the recipient's. Subscription is SES's own
 * subscription management, which SES enforces itself.
 */
export const EVENT_RULES: Readonly<Record<SesEventType, EventRule>> = {
  Bounce: { handling: 'bounce', counter: 'bounces', recipients: 'bounced' },
  Complaint: { handling: 'complaint', counter: 'complaints', recipients: 'complained' },
  Delivery: { handling: 'none', counter: 'deliveries', recipients: 'delivery', resetsTransientBounces: true },
  Send: { handling: 'none', counter: 'sends', recipients: 'destination' },
  Reject: { handling: 'none' },
  Open: { handling: 'none' },
  Click: { handling: 'none' },
  'Rendering Failure': { handling: 'none' },
  DeliveryDelay: { handling: 'none' },
  Subscription: { handling: 'none' },
};

export const BOUNCE_TYPES = ['Permanent', 'Transient', 'Undetermined'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

/** `suppress`: at once, source `bounce`. `count`: one more transient bounce; N in the window suppress. */
export type BounceAction = 'suppress' | 'count';

export interface BounceRule {
  readonly action: BounceAction;
  /** Subtypes AWS documents for this type; others may appear and get the same action. */
  readonly subTypes: readonly string[];
}

/**
 * Per bounce type. Only the address that bounced is suppressed, never the contact's other variables. A
 * recipient whose DSN `action` is `delayed` is {@link DSN_ACTIONS_NOT_FAILED | not failed yet} and is counted as
 * a transient bounce even inside a Permanent notification.
 */
export const BOUNCE_RULES: Readonly<Record<BounceType, BounceRule>> = {
  Permanent: {
    action: 'suppress',
    subTypes: ['General', 'NoEmail', 'Suppressed', 'OnAccountSuppressionList', 'UnsupportedAttachment'],
  },
  Transient: {
    action: 'count',
    subTypes: ['General', 'MailboxFull', 'MessageTooLarge', 'ContentRejected', 'AttachmentRejected'],
  },
  Undetermined: { action: 'count', subTypes: ['Undetermined'] },
};

/** RFC 3464 actions meaning the reporting MTA has not given up on the recipient. */
export const DSN_ACTIONS_NOT_FAILED: readonly string[] = ['delayed'];

/** The action for one bounced recipient. */
export const bounceActionFor = (bounceType: BounceType, dsnAction: string | undefined): BounceAction =>
  dsnAction !== undefined && DSN_ACTIONS_NOT_FAILED.includes(dsnAction.toLowerCase())
    ? 'count'
    : BOUNCE_RULES[bounceType].action;

/** `suppress`: source `spam_complaint`. `record`: an activity event only, the address stays sendable. */
export type ComplaintAction = 'suppress' | 'record';

/**
 * Per ARF feedback type (IANA MARF registry, as SES documents it). Only `not-spam` does not suppress: it is a
 * provider saying the message was *not* spam. A complaint without a feedback report (no type) and any type not
 * listed here suppress, because an unknown complaint is still a complaint.
 */
export const COMPLAINT_RULES: Readonly<Record<string, ComplaintAction>> = {
  abuse: 'suppress',
  'auth-failure': 'suppress',
  fraud: 'suppress',
  'not-spam': 'record',
  other: 'suppress',
  virus: 'suppress',
};

export const complaintActionFor = (feedbackType: string | undefined): ComplaintAction =>
  feedbackType === undefined ? 'suppress' : (COMPLAINT_RULES[feedbackType.toLowerCase()] ?? 'suppress');

/** Transient bounces that suppress an address: `threshold` within `windowDays`. */
export interface TransientBouncePolicy {
  readonly threshold: number;
  readonly windowDays: number;
}

export const DEFAULT_TRANSIENT_BOUNCE_POLICY: TransientBouncePolicy = { threshold: 3, windowDays: 7 };

/** The reason recorded on a suppression that repeated transient bounces caused. */
export const transientBounceReason = (count: number, windowDays: number): string =>
  `${count} transient bounce${count === 1 ? '' : 's'} within ${windowDays} day${windowDays === 1 ? '' : 's'}`;

/**
 * How long the daily counters remember an event they counted. SQS keeps a message 4 days and its dead-letter
 * queue 14, so a redriven message is still recognised a month later.
 */
export const STATS_IDEMPOTENCY_DAYS = 30;
