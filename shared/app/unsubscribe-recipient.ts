import { leaveLinkTopic, type PreferencesDeps } from '#app/change-preferences';
import { type OpenedLink, type OpenUnsubscribeLinkDeps, viewOf } from '#app/open-unsubscribe-link';
import { MAX_IP_LENGTH, MAX_USER_AGENT_LENGTH, type RecipientRequest } from '#app/recipient-request';
import { type SuppressValueDeps, suppressValue } from '#app/suppress-value';
import { err, ok, type Result } from '#domain/result';
import { openToken, type TokenError } from '#domain/unsubscribe-token';

/** The two ways a recipient unsubscribes: the page's button, or the mail client's RFC 8058 one-click POST. */
export type RecipientUnsubscribeSource = 'link' | 'list_unsubscribe';

export interface UnsubscribeRecipientResult {
  readonly link: OpenedLink;
  /** `already_unsubscribed` when this source already held the value: nothing was written. */
  readonly status: 'unsubscribed' | 'already_unsubscribed';
  /** What was left: all of the workspace's marketing, or the one topic a one-click on a topic link names. */
  readonly scope: 'all' | { readonly topic: string };
}

/**
 * Records a recipient's unsubscribe from a link. RFC 8058 one-click on a link about a topic the workspace still
 * has leaves that topic only (`leaveLinkTopic`); a link whose topic was since removed leaves everything, since
 * the list it named is gone and the recipient asked to hear no more of it. Otherwise:
 * 1. opens the token (a bad one changes nothing);
 * 2. suppresses the token's value for the token's tenant from `source`, with the contact, campaign, IP and user
 *    agent, and its `suppressed` event, in one conditional write (one request: it reads nothing back);
 * 3. returns the page view, built from the tenant's settings while the write runs (a cached read, usually).
 * Repeating it, even concurrently, changes nothing: the condition on the source lets exactly one write through.
 */
export const unsubscribeRecipient =
  (deps: OpenUnsubscribeLinkDeps & SuppressValueDeps & Pick<PreferencesDeps, 'choices' | 'newEventId'>) =>
  async (
    input: RecipientRequest & { readonly source: RecipientUnsubscribeSource },
  ): Promise<Result<UnsubscribeRecipientResult, TokenError>> => {
    const opened = openToken(deps.keyring, input.token);
    if (!opened.ok) return err(opened.error);
    const payload = opened.value;
    const { topic } = payload;
    if (input.source === 'list_unsubscribe' && topic !== undefined) {
      const view = await viewOf(deps, payload);
      if (view.linkTopic === topic) {
        const outcome = await leaveLinkTopic(deps)({ ...payload, topic }, input);
        return ok({
          link: { payload, view },
          status: outcome === 'left' ? 'unsubscribed' : 'already_unsubscribed',
          scope: { topic },
        });
      }
    }
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
      scope: 'all',
    });
  };
