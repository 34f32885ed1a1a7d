import { createHash } from 'node:crypto';
import type { AccountSuppressionList } from '#app/ports/account-suppression-list';
import type { ActivityLog } from '#app/ports/activity';
import type { FeedbackRecords } from '#app/ports/feedback-records';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { suppressValue } from '#app/suppress-value';
import type { TransientBouncePolicyFor } from '#app/tenant-rules';
import type { Actor } from '#domain/activity';
import type { NormalizedValue } from '#domain/kinds';
import { parseValue } from '#domain/normalize';
import type { FeedbackContext } from '#domain/ses-feedback-context';
import {
  bounceActionFor,
  complaintActionFor,
  type DailyCounter,
  EVENT_RULES,
  STATS_IDEMPOTENCY_DAYS,
  transientBounceReason,
} from '#domain/ses-feedback-policy';
import { type SesBounce, type SesComplaint, type SesFeedback, sesInstant } from '#domain/ses-notification';
import type { SuppressionDetail, SuppressionKey } from '#domain/suppression';
import type { ValueHasher } from '#domain/value-hash';
import { withoutUndefined } from '#domain/without-undefined';

export interface ApplySesFeedbackDeps {
  readonly suppressions: Pick<SuppressionRepository, 'addSuppression'>;
  /** Feedback events carry ids derived from the feedback, so a replay is refused and reported as one. */
  readonly activity: Pick<ActivityLog, 'recordActivityOnce'>;
  readonly records: FeedbackRecords;
  readonly hashValue: ValueHasher;
  /** The tenant's transient-bounce rule (its settings, else the deployment's). */
  readonly transientBouncesFor: TransientBouncePolicyFor;
  /** Mirror every bounce and complaint suppression here as well. @default no mirroring */
  readonly accountSuppressionList?: AccountSuppressionList;
}

export interface ApplySesFeedbackInput {
  readonly feedback: SesFeedback;
  readonly context: FeedbackContext;
  /** When SNS published the message: the instant used when SES gave none. */
  readonly receivedAt: string;
}

export type RecipientResult =
  | 'suppressed'
  | 'already_suppressed'
  | 'transient_counted'
  | 'transient_reset'
  | 'feedback_recorded'
  | 'feedback_already_recorded'
  | 'counted'
  | 'invalid_address';

/** What happened to one recipient; the address appears only as its keyed hash, so outcomes can be logged. */
export interface RecipientOutcome {
  readonly result: RecipientResult;
  readonly valueHash?: string;
  /** For `invalid_address`: why the address could not be parsed (the address itself is left out). */
  readonly reason?: string;
  /** False when the daily counter had already counted this recipient for this event (a replay). */
  readonly statsCounted?: boolean;
}

export interface ApplySesFeedbackOutcome {
  readonly tenantId: string;
  readonly recipients: readonly RecipientOutcome[];
}

const SES_ACTOR: Actor = { type: 'system', name: 'ses' };
const STATS_SCOPE = 'ses-stats';
const DAY_SECONDS = 86_400;

const truncate = (text: string | undefined, length: number): string | undefined =>
  text === undefined ? undefined : Array.from(text).slice(0, length).join('');

/**
 * An event id that only this feedback, for this recipient and purpose, can produce: a replay writes the same id
 * (and the same instant), so the conditional put of the event refuses it even if the entry changed meanwhile.
 */
export const feedbackEventId = (purpose: string, feedbackId: string, valueHash: string): string =>
  `ses-${createHash('sha256').update(`${purpose}\u0000${feedbackId}\u0000${valueHash}`).digest('base64url').slice(0, 22)}`;

/** One address an event is about, as SES wrote it, with the DSN fields a bounce carries. */
interface FeedbackRecipient {
  readonly emailAddress: string;
  readonly action?: string | undefined;
  readonly diagnosticCode?: string | undefined;
}

/** The recipients an event is about; none for events that neither suppress nor count. */
const recipientsOf = (feedback: SesFeedback): readonly FeedbackRecipient[] => {
  switch (feedback.eventType) {
    case 'Bounce':
      return feedback.bounce.bouncedRecipients;
    case 'Complaint':
      return feedback.complaint.complainedRecipients;
    case 'Delivery':
      return feedback.delivery.recipients.map((emailAddress) => ({ emailAddress }));
    default:
      return EVENT_RULES[feedback.eventType].recipients === 'destination'
        ? (feedback.mail.destination ?? []).map((emailAddress) => ({ emailAddress }))
        : [];
  }
};

/** When the event happened, as SES reports it; the daily counter and every stored instant use it. */
const instantOf = (feedback: SesFeedback, receivedAt: string): string => {
  const own =
    feedback.eventType === 'Bounce'
      ? feedback.bounce.timestamp
      : feedback.eventType === 'Complaint'
        ? feedback.complaint.timestamp
        : feedback.eventType === 'Delivery'
          ? feedback.delivery.timestamp
          : undefined;
  return sesInstant(own) ?? sesInstant(feedback.mail.timestamp) ?? receivedAt;
};

/**
 * Applies one SES message to the suppression list, per recipient and per the policy tables in
 * shared/domain/ses-feedback-policy.ts:
 *
 * 1. parses each address (display names and any case are fine); an address that does not parse is reported,
 *    not applied — no suppression could ever match it;
 * 2. Bounce: suppresses the address (source `bounce`) or counts a transient bounce, suppressing once the count
 *    reaches the threshold within the window (the tenant's settings, each else the deployment's rule); Complaint:
 *    suppresses (`spam_complaint`) or, for `not-spam`, records a `feedback_recorded` activity event; Delivery:
 *    resets the address's transient-bounce count, when it has marks of earlier bounces (one read, no write
 *    otherwise);
 * 3. adds the recipient to the tenant's daily counters (sends, deliveries, bounces, complaints), and to its
 *    campaign's when the message names one;
 * 4. when mirroring, lists every address it suppressed (or found suppressed) for a bounce or complaint on the SES
 *    account-level suppression list too; replays list it again, which changes nothing.
 *
 * Every write is keyed by the feedback itself (feedback id, message id, recipient hash), so applying the same
 * message twice changes nothing the second time. Storage errors propagate: the caller retries the whole message.
 */
export const applySesFeedback =
  (deps: ApplySesFeedbackDeps) =>
  async (input: ApplySesFeedbackInput): Promise<ApplySesFeedbackOutcome> => {
    const { feedback, context } = input;
    const rule = EVENT_RULES[feedback.eventType];
    const at = instantOf(feedback, input.receivedAt);
    const suppress = suppressValue({ suppressions: deps.suppressions, hashValue: deps.hashValue });
    const seen = new Set<string>();
    const recipients: RecipientOutcome[] = [];
    for (const recipient of recipientsOf(feedback)) {
      const parsed = parseValue('email', recipient.emailAddress);
      if (!parsed.ok) {
        recipients.push({ result: 'invalid_address', reason: parsed.error.reason });
        continue;
      }
      const value = parsed.value;
      const valueHash = deps.hashValue('email', value.value);
      if (seen.has(valueHash)) continue;
      seen.add(valueHash);
      const common = { tenantId: context.tenantId, value, valueHash, at, context };
      let result: RecipientResult = 'counted';
      let counter = rule.counter;
      if (feedback.eventType === 'Bounce') {
        result = await applyBounce(deps, suppress, common, feedback.bounce, recipient);
      } else if (feedback.eventType === 'Complaint') {
        result = await applyComplaint(deps, suppress, common, feedback.complaint);
        // A provider's "not spam" is no complaint: it is recorded, never counted in the complaint rate.
        if (result === 'feedback_recorded' || result === 'feedback_already_recorded') counter = undefined;
      } else if (rule.resetsTransientBounces) {
        const reset = await deps.records.resetTransientBounces({ tenantId: context.tenantId, valueHash, at });
        if (reset) result = 'transient_reset';
      }
      const statsCounted =
        counter === undefined
          ? undefined
          : await countDaily(
              deps,
              context,
              at,
              counter,
              `${feedback.mail.messageId}|${feedback.eventType}|${valueHash}`,
            );
      recipients.push(withoutUndefined({ result, valueHash, statsCounted }));
    }
    return { tenantId: context.tenantId, recipients };
  };

interface RecipientContext {
  readonly tenantId: string;
  readonly value: NormalizedValue;
  readonly valueHash: string;
  readonly at: string;
  readonly context: FeedbackContext;
}

type Suppress = ReturnType<typeof suppressValue>;

const MIRROR_REASONS = { bounce: 'BOUNCE', spam_complaint: 'COMPLAINT' } as const;

const suppressFrom = async (
  deps: Pick<ApplySesFeedbackDeps, 'accountSuppressionList'>,
  suppress: Suppress,
  recipient: RecipientContext,
  source: 'bounce' | 'spam_complaint',
  detail: SuppressionDetail,
  eventId: string,
): Promise<RecipientResult> => {
  const outcome = await suppress(
    withoutUndefined({
      tenantId: recipient.tenantId,
      value: recipient.value,
      source,
      actor: SES_ACTOR,
      at: new Date(recipient.at),
      contactId: recipient.context.contactId,
      campaignId: recipient.context.campaignId,
      detail,
      eventId,
    }),
  );
  // Also when already suppressed: a replay after a failed mirror must still reach the account list.
  await deps.accountSuppressionList?.put(recipient.value.value, MIRROR_REASONS[source]);
  return outcome.status === 'already_suppressed' ? 'already_suppressed' : 'suppressed';
};

const applyBounce = async (
  deps: ApplySesFeedbackDeps,
  suppress: Suppress,
  recipient: RecipientContext,
  bounce: SesBounce,
  bounced: FeedbackRecipient,
): Promise<RecipientResult> => {
  const detail: SuppressionDetail = withoutUndefined({
    bounceType: bounce.bounceType,
    bounceSubType: truncate(bounce.bounceSubType, 64),
    diagnosticCode: truncate(bounced.diagnosticCode, 1000),
    feedbackId: truncate(bounce.feedbackId, 256),
  });
  const eventId = feedbackEventId('bounce', bounce.feedbackId, recipient.valueHash);
  if (bounceActionFor(bounce.bounceType, bounced.action) === 'suppress') {
    return suppressFrom(deps, suppress, recipient, 'bounce', detail, eventId);
  }
  // Read only here: most feedback is no transient bounce, and those that are need the tenant's own rule.
  const { threshold, windowDays } = await deps.transientBouncesFor(recipient.tenantId);
  const { inWindow } = await deps.records.recordTransientBounce({
    tenantId: recipient.tenantId,
    valueHash: recipient.valueHash,
    at: recipient.at,
    feedbackId: bounce.feedbackId,
    windowSeconds: windowDays * DAY_SECONDS,
  });
  // Checked on replays too: a first attempt that marked the bounce and then failed must still suppress.
  if (inWindow < threshold) return 'transient_counted';
  return suppressFrom(
    deps,
    suppress,
    recipient,
    'bounce',
    { ...detail, reason: transientBounceReason(inWindow, windowDays) },
    eventId,
  );
};

const applyComplaint = async (
  deps: ApplySesFeedbackDeps,
  suppress: Suppress,
  recipient: RecipientContext,
  complaint: SesComplaint,
): Promise<RecipientResult> => {
  const feedbackType = truncate(complaint.complaintFeedbackType, 64);
  const detail: SuppressionDetail = withoutUndefined({
    complaintFeedbackType: feedbackType,
    feedbackId: truncate(complaint.feedbackId, 256),
    reason: complaint.complaintSubType
      ? `SES complaint subtype ${truncate(complaint.complaintSubType, 64)}`
      : undefined,
  });
  if (complaintActionFor(complaint.complaintFeedbackType) === 'suppress') {
    return suppressFrom(
      deps,
      suppress,
      recipient,
      'spam_complaint',
      detail,
      feedbackEventId('complaint', complaint.feedbackId, recipient.valueHash),
    );
  }
  const key: SuppressionKey = { tenantId: recipient.tenantId, kind: 'email', valueHash: recipient.valueHash };
  const written = await deps.activity.recordActivityOnce(
    withoutUndefined({
      eventId: feedbackEventId('not-spam', complaint.feedbackId, recipient.valueHash),
      tenantId: recipient.tenantId,
      at: recipient.at,
      action: 'feedback_recorded' as const,
      actor: SES_ACTOR,
      kind: 'email' as const,
      valueHash: recipient.valueHash,
      value: recipient.value.value,
      contactId: recipient.context.contactId,
      campaignId: recipient.context.campaignId,
      detail,
      reason: `complaint feedback type ${feedbackType}: not suppressed`,
    }),
    key,
  );
  return written ? 'feedback_recorded' : 'feedback_already_recorded';
};

/** One more in the tenant's counter of the day, and in its campaign's when the message was tagged with one. */
const countDaily = (
  deps: ApplySesFeedbackDeps,
  context: FeedbackContext,
  at: string,
  counter: DailyCounter,
  key: string,
): Promise<boolean> =>
  deps.records.incrementDailyCounters(
    context.tenantId,
    at.slice(0, 10),
    { [counter]: 1 },
    { scope: STATS_SCOPE, key, ttlSeconds: STATS_IDEMPOTENCY_DAYS * DAY_SECONDS },
    context.campaignId,
  );
