import { createHash } from 'node:crypto';
import type { ActivityLog } from '#app/ports/activity';
import type { SmsNumberOwners } from '#app/ports/sms-numbers';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { suppressValue } from '#app/suppress-value';
import type { Actor } from '#domain/activity';
import type { NormalizedValue } from '#domain/kinds';
import { parsePhone } from '#domain/normalize-phone';
import { type InboundSms, intentOf, parseInboundSms, type SmsReplyIntent } from '#domain/sms-reply';
import { GLOBAL_TENANT } from '#domain/tenant';
import type { ValueHasher } from '#domain/value-hash';

export interface ReceiveSmsReplyDeps {
  readonly smsNumberOwners: Pick<SmsNumberOwners, 'findSmsNumberOwner'>;
  readonly suppressions: Pick<SuppressionRepository, 'addSuppression'>;
  readonly activity: Pick<ActivityLog, 'recordActivityOnce'>;
  readonly hashValue: ValueHasher;
}

/**
 * What became of one inbound SMS message:
 * - `park`: it is not an inbound message (not JSON, a field missing or not E.164): it goes to the dead-letter
 *   queue after its retries, like a malformed SES record;
 * - `suppressed`: an opt-out that suppressed the sender's number; `recorded`: any other reply, recorded;
 * - `duplicate`: a redelivery (the same `inboundMessageId`), or an opt-out of a number already suppressed by an
 *   earlier STOP: nothing written, no event.
 */
export type SmsReplyDisposition =
  | { readonly disposition: 'park'; readonly reason: string }
  | {
      readonly disposition: 'suppressed' | 'recorded' | 'duplicate';
      readonly tenantId: string;
      readonly intent: SmsReplyIntent;
      readonly inboundMessageId: string;
    };

const SMS_ACTOR: Actor = { type: 'system', name: 'sms' };

/** The event id of a reply: derived from AWS's message id, so a redelivery is refused as the same event. */
export const smsEventId = (inboundMessageId: string): string =>
  `sms-${createHash('sha256').update(inboundMessageId).digest('base64url').slice(0, 22)}`;

/**
 * The sender's number as a phone value: its normalized form when it parses (the form the filter hashes), else the
 * E.164 AWS wrote, which then only matches itself (a number the parser refuses is never sent to anyway).
 */
const senderOf = (reply: InboundSms): NormalizedValue => {
  const parsed = parsePhone(reply.originationNumber);
  return parsed.ok
    ? parsed.value
    : { kind: 'phone', value: reply.originationNumber, display: reply.originationNumber };
};

/**
 * Receives one inbound SMS (the text SNS delivered, and when SNS accepted it, which is the instant the reply is
 * recorded at: the same on every redelivery, so the event's key is too). The reply belongs to the tenant that
 * claimed its destination number (R12); a number no tenant claims sends it to the global list, never guessed. An
 * opt-out suppresses the sender's phone with source `sms_stop`; HELP and other replies are recorded as
 * `feedback_recorded`, never suppress. Idempotent on `inboundMessageId`.
 */
export const receiveSmsReply =
  (deps: ReceiveSmsReplyDeps) =>
  async (message: string, receivedAt: string): Promise<SmsReplyDisposition> => {
    const parsed = parseInboundSms(message);
    if (!parsed.ok) return { disposition: 'park', reason: parsed.error };
    const reply = parsed.value;
    const tenantId =
      (await deps.smsNumberOwners.findSmsNumberOwner(reply.destinationNumber)) ?? GLOBAL_TENANT;
    const intent = intentOf(reply);
    const sender = senderOf(reply);
    const eventId = smsEventId(reply.inboundMessageId);
    const at = new Date(receivedAt);
    const detail = {
      feedbackId: reply.inboundMessageId.slice(0, 256),
      reason: `SMS reply to ${reply.destinationNumber}${reply.messageKeyword ? ` (keyword ${reply.messageKeyword.slice(0, 32)})` : ''}`,
    };
    const done = { tenantId, intent, inboundMessageId: reply.inboundMessageId };
    if (intent === 'opt_out') {
      const outcome = await suppressValue(deps)({
        tenantId,
        value: sender,
        source: 'sms_stop',
        actor: SMS_ACTOR,
        at,
        detail,
        eventId,
      });
      return { ...done, disposition: outcome.status === 'already_suppressed' ? 'duplicate' : 'suppressed' };
    }
    const valueHash = deps.hashValue('phone', sender.value);
    const written = await deps.activity.recordActivityOnce(
      {
        eventId,
        tenantId,
        at: at.toISOString(),
        action: 'feedback_recorded',
        actor: SMS_ACTOR,
        kind: 'phone',
        valueHash,
        value: sender.value,
        detail,
        reason: intent === 'help' ? 'SMS HELP reply: not an opt-out' : 'SMS reply without an opt-out keyword',
      },
      { tenantId, kind: 'phone', valueHash },
    );
    return { ...done, disposition: written ? 'recorded' : 'duplicate' };
  };
