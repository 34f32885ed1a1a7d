import type { TenantSettingsStore } from '#app/ports/tenant-settings';
import type { Keyring } from '#domain/keyring';
import type { Kind } from '#domain/kinds';
import { maskValue } from '#domain/mask';
import { err, ok, type Result } from '#domain/result';
import type { LocalizedText } from '#domain/topics';
import { openToken, type TokenError, type UnsubscribeTokenPayload } from '#domain/unsubscribe-token';
import { withoutUndefined } from '#domain/without-undefined';

/** Everything a page needs to address the recipient, and nothing it should not show. */
export interface UnsubscribeLinkView {
  /** The tenant's display name, or its id when it has no settings. */
  readonly tenantName: string;
  /** CAN-SPAM asks for the sender's postal address; shown in the page footer when the tenant set one. */
  readonly postalAddress?: string;
  /** The tenant's privacy policy (an https URL), linked in the page footer when set. */
  readonly privacyUrl?: string;
  /** The tenant's logo (an https URL): the one thing a page may load from elsewhere, at a fixed size. */
  readonly logoUrl?: string;
  /** The tenant's default locale (canonical BCP 47): one input to the page's language. */
  readonly defaultLocale?: string;
  /** The topic the link is about, when it names one the tenant still has. */
  readonly linkTopic?: string;
  /** That topic's name, as the settings give it (for the page after a one-click leaves it). */
  readonly linkTopicName?: LocalizedText;
  readonly kind: Kind;
  /** The value as the page shows it: masked (`j***@example.com`) unless the tenant chose `full`. */
  readonly shownValue: string;
}

export interface OpenedLink {
  readonly payload: UnsubscribeTokenPayload;
  readonly view: UnsubscribeLinkView;
}

export interface OpenUnsubscribeLinkDeps {
  readonly keyring: Pick<Keyring, 'linkKeys'>;
  readonly tenantSettings: Pick<TenantSettingsStore, 'getTenantSettings'>;
}

/** The page view of an opened token: tenant settings applied, the address masked unless configured otherwise. */
export const viewOf = async (
  deps: Pick<OpenUnsubscribeLinkDeps, 'tenantSettings'>,
  payload: UnsubscribeTokenPayload,
): Promise<UnsubscribeLinkView> => {
  const settings = await deps.tenantSettings.getTenantSettings(payload.tenantId);
  const linkTopic =
    payload.topic === undefined ? undefined : settings?.topics?.find((topic) => topic.id === payload.topic);
  return withoutUndefined({
    tenantName: settings?.displayName?.trim() || payload.tenantId,
    postalAddress: settings?.postalAddress?.trim() || undefined,
    // The admin API stores https URLs only; checked again because a page must never link anything else.
    privacyUrl: settings?.privacyUrl?.startsWith('https://') ? settings.privacyUrl : undefined,
    logoUrl: settings?.logoUrl?.startsWith('https://') ? settings.logoUrl : undefined,
    defaultLocale: settings?.defaultLocale,
    linkTopic: linkTopic?.id,
    linkTopicName: linkTopic?.name,
    kind: payload.kind,
    shownValue: settings?.addressDisplay === 'full' ? payload.value : maskValue(payload.kind, payload.value),
  });
};

/**
 * Opens the token of a link for the confirmation page. Reads the tenant's settings and nothing else: this runs on
 * every GET, and link scanners send plenty of those, so it never writes.
 */
export const openUnsubscribeLink =
  (deps: OpenUnsubscribeLinkDeps) =>
  async (token: string): Promise<Result<OpenedLink, TokenError>> => {
    const opened = openToken(deps.keyring, token);
    if (!opened.ok) return err(opened.error);
    return ok({ payload: opened.value, view: await viewOf(deps, opened.value) });
  };
