import { type OpenedLink, type OpenUnsubscribeLinkDeps, viewOf } from '#app/open-unsubscribe-link';
import { type SuppressValueDeps, suppressValue } from '#app/suppress-value';
import { err, ok, type Result } from '#domain/result';
import { openToken, type TokenError } from '#domain/unsubscribe-token';

/** What the recipient's request proves, kept on the entry and its event (GDPR/CAN-SPAM evidence). */
export interface RecipientRequest {
  readonly token: string;
  readonly at: Date;
  readonly ip?: string;
  readonly userAgent?: string;
}

/** The two ways a recipient unsubscribes: the page's button, or the mail client's RFC 8058 one-click POST. */
export type RecipientUnsubscribeSource = 'link' | 'list_unsubscribe';

export interface UnsubscribeRecipientResult {
  readonly link: OpenedLink;
  /** `already_unsubscribed` when this source already held the value: nothing was written. */
  readonly status: 'unsubscribed' | 'already_unsubscribed';
}

/** Longest proof kept, as the source record allows (shared/domain/suppression.ts). */
export const MAX_IP_LENGTH = 64;
export const MAX_USER_AGENT_LENGTH = 512;

/**
 * Records a recipient's unsubscribe from a link:
 * 1. opens the token (a bad one changes nothing);
 * 2. suppresses the token's value for the token's tenant from `source`, with the contact, campaign, IP and user
 *    agent, and its `suppressed` event, in one conditional write (one request: it reads nothing back);
 * 3. returns the page view, built from the tenant's settings while the write runs (a cached read, usually).
 * Repeating it, even concurrently, changes nothing: the condition on the source lets exactly one write through.
 */
export const unsubscribeRecipient =
  (deps: OpenUnsubscribeLinkDeps & SuppressValueDeps) =>
  async (
    input: RecipientRequest & { readonly source: RecipientUnsubscribeSource },
  ): Promise<Result<UnsubscribeRecipientResult, TokenError>> => {
    const opened = openToken(deps.keyring, input.token);
    if (!opened.ok) return err(opened.error);
    const payload = opened.value;
    const write = suppressValue(deps)({
      tenantId: payload.tenantId,
      value: { kind: payload.kind, value: payload.value, display: payload.value },
      source: input.source,
      actor: { type: 'recipient' },
      at: input.at,
      contactId: payload.contactId,
      ...(payload.campaignId === undefined ? {} : { campaignId: payload.campaignId }),
      ...(input.ip === undefined ? {} : { ip: input.ip.slice(0, MAX_IP_LENGTH) }),
      ...(input.userAgent === undefined
        ? {}
        : { userAgent: input.userAgent.slice(0, MAX_USER_AGENT_LENGTH) }),
    });
    const [view, outcome] = await Promise.all([viewOf(deps, payload), write]);
    return ok({
      link: { payload, view },
      status: outcome.status === 'already_suppressed' ? 'already_unsubscribed' : 'unsubscribed',
    });
  };
