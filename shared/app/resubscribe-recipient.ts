import { randomUUID } from 'node:crypto';
import {
  type OpenedLink,
  type OpenUnsubscribeLinkDeps,
  openUnsubscribeLink,
} from '#app/open-unsubscribe-link';
import type { ActivityLog } from '#app/ports/activity';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { MAX_IP_LENGTH, MAX_USER_AGENT_LENGTH, type RecipientRequest } from '#app/recipient-request';
import type { ActivityEvent } from '#domain/activity';
import { UnavailableError } from '#domain/errors';
import { err, ok, type Result } from '#domain/result';
import { RECIPIENT_SOURCES, type Source } from '#domain/sources';
import { entrySources, type SuppressionEntry, type SuppressionKey } from '#domain/suppression';
import type { TokenError, UnsubscribeTokenPayload } from '#domain/unsubscribe-token';
import type { ValueHasher } from '#domain/value-hash';
import { withoutUndefined } from '#domain/without-undefined';

export interface ResubscribeRecipientDeps extends OpenUnsubscribeLinkDeps {
  readonly suppressions: Pick<SuppressionRepository, 'getSuppression' | 'removeSources'>;
  readonly activity: Pick<ActivityLog, 'recordActivity'>;
  readonly hashValue: ValueHasher;
}

export type ResubscribeRecipientResult =
  /** The recipient's own unsubscribe is gone; `stillSuppressed` when other sources (a bounce, a teammate) hold on. */
  | { readonly link: OpenedLink; readonly status: 'resubscribed'; readonly stillSuppressed: boolean }
  /** Nothing of the recipient's own to undo: refused, and the refusal recorded. */
  | { readonly link: OpenedLink; readonly status: 'nothing_to_undo' };

/** Re-reads and decides again this many times when the entry changes between the read and the write. */
const ATTEMPTS = 3;

/**
 * The sources a recipient may lift: their own `link` or `list_unsubscribe` record, made for this very contact.
 * Another contact sharing the address, a bounce or a teammate's entry is never theirs to lift.
 */
export const ownRecipientSources = (entry: SuppressionEntry | undefined, contactId: string): Source[] =>
  entry ? RECIPIENT_SOURCES.filter((source) => entry.sources[source]?.contactId === contactId) : [];

/**
 * The recipient takes back their own unsubscribe from the page they unsubscribed on:
 * 1. opens the token (a bad one changes nothing);
 * 2. reads the entry and picks the recipient's own sources ({@link ownRecipientSources});
 * 3. none: records `resubscribe_refused` and says so;
 * 4. otherwise removes exactly those sources with a `resubscribed` event, in one write guarded by the version
 *    read (the entry is deleted only when no other source holds it); a concurrent change means read again.
 */
export const resubscribeRecipient =
  (deps: ResubscribeRecipientDeps) =>
  async (input: RecipientRequest): Promise<Result<ResubscribeRecipientResult, TokenError>> => {
    const opened = await openUnsubscribeLink(deps)(input.token);
    if (!opened.ok) return err(opened.error);
    const { payload } = opened.value;
    const key: SuppressionKey = {
      tenantId: payload.tenantId,
      kind: payload.kind,
      valueHash: deps.hashValue(payload.kind, payload.value),
    };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const entry = await deps.suppressions.getSuppression(key);
      const own = ownRecipientSources(entry, payload.contactId);
      const before = entry ? entrySources(entry) : [];
      const [first] = own;
      if (!entry || first === undefined) {
        await deps.activity.recordActivity(
          eventOf(payload, key, input, {
            action: 'resubscribe_refused',
            before,
            reason: entry
              ? 'no unsubscribe of this recipient holds the address'
              : 'the address is not unsubscribed',
          }),
          key,
        );
        return ok({ link: opened.value, status: 'nothing_to_undo' });
      }
      const after = before.filter((source) => !own.includes(source));
      const outcome = await deps.suppressions.removeSources({
        key,
        sources: own,
        current: entry,
        event: eventOf(payload, key, input, { action: 'resubscribed', source: first, before, after }),
      });
      if (outcome === 'removed') {
        return ok({ link: opened.value, status: 'resubscribed', stillSuppressed: after.length > 0 });
      }
    }
    throw new UnavailableError('the address kept changing while we updated it; please try again');
  };

const eventOf = (
  payload: UnsubscribeTokenPayload,
  key: SuppressionKey,
  input: RecipientRequest,
  change: Pick<ActivityEvent, 'action' | 'before'> &
    Partial<Pick<ActivityEvent, 'source' | 'after' | 'reason'>>,
): ActivityEvent =>
  withoutUndefined({
    eventId: randomUUID(),
    tenantId: payload.tenantId,
    at: input.at.toISOString(),
    actor: { type: 'recipient' as const },
    kind: payload.kind,
    valueHash: key.valueHash,
    value: payload.value,
    contactId: payload.contactId,
    campaignId: payload.campaignId,
    ip: input.ip?.slice(0, MAX_IP_LENGTH),
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT_LENGTH),
    ...change,
  });
