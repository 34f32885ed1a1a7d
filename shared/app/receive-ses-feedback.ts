import type { ApplySesFeedbackInput, ApplySesFeedbackOutcome } from '#app/apply-ses-feedback';
import { type FeedbackContext, feedbackContextOf } from '#domain/ses-feedback-context';
import { parseSesMessage, type SesFeedback } from '#domain/ses-notification';

export type ApplyFeedback = (input: ApplySesFeedbackInput) => Promise<ApplySesFeedbackOutcome>;

/**
 * What to do with one SES message:
 * - `park`: it will never apply however often it is retried (not SES JSON, an unknown type, missing fields, an
 *   invalid or ambiguous tenant tag): report it failed so it reaches the dead-letter queue after its retries;
 * - `acknowledged` without feedback: a setup message (SES's topic validation), nothing to apply;
 * - `applied`: it changed or counted something;
 * - `duplicate`: a redelivery that changed nothing (every recipient had been counted or recorded before);
 * - `acknowledged` with feedback: an event that neither suppresses nor counts.
 */
export type FeedbackDisposition =
  | { readonly disposition: 'park'; readonly reason: string; readonly eventType?: string }
  | { readonly disposition: 'acknowledged'; readonly setup: string }
  | {
      readonly disposition: 'applied' | 'duplicate' | 'acknowledged';
      readonly feedback: SesFeedback;
      readonly context: FeedbackContext;
      readonly outcome: ApplySesFeedbackOutcome;
    };

/** The daily counters are idempotent per message, event and recipient, so "not counted" means "seen before". */
export const isReplay = (outcome: ApplySesFeedbackOutcome): boolean =>
  outcome.recipients.length > 0 &&
  outcome.recipients.every(
    (recipient) =>
      recipient.result === 'invalid_address' ||
      recipient.result === 'feedback_already_recorded' ||
      recipient.statsCounted === false,
  ) &&
  outcome.recipients.some((recipient) => recipient.result !== 'invalid_address');

/**
 * Receives one SES message (the text SNS delivered): parses it, finds its tenant, applies it, and says what
 * became of it (docs/ses-feedback.md, "Unusual messages"). A storage error is thrown, so the message is delivered
 * again later; everything else is a {@link FeedbackDisposition}.
 *
 * @param receivedAt - when SNS accepted the message: the instant used when SES gave none.
 */
export const receiveSesFeedback =
  (apply: ApplyFeedback) =>
  async (message: string, receivedAt: string): Promise<FeedbackDisposition> => {
    const parsed = parseSesMessage(message);
    if (!parsed.ok) return { disposition: 'park', reason: parsed.error };
    if (parsed.value.kind === 'setup')
      return { disposition: 'acknowledged', setup: parsed.value.description };
    const feedback = parsed.value.feedback;
    const context = feedbackContextOf(feedback.mail);
    if (!context.ok) return { disposition: 'park', reason: context.error, eventType: feedback.eventType };
    const outcome = await apply({ feedback, context: context.value, receivedAt });
    const disposition = isReplay(outcome)
      ? 'duplicate'
      : outcome.recipients.length === 0
        ? 'acknowledged'
        : 'applied';
    return { disposition, feedback, context: context.value, outcome };
  };
