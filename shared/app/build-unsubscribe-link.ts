import type { BuildUnsubscribeLink, UnsubscribeLink } from '#app/ports/unsubscribe-links';
import type { Keyring } from '#domain/keyring';
import { parseEmail } from '#domain/normalize-email';
import { createTokenSealer, type SealRecipientToken, tokenDay } from '#domain/unsubscribe-token';

export interface UnsubscribeLinkBuilderOptions {
  readonly keyring: Pick<Keyring, 'linkKeys' | 'activeLinkKey'>;
  /** Origin (and optional path) the public endpoint answers on, e.g. `https://unsubscribe.example.com`. */
  readonly publicBaseUrl: string;
  /**
   * An address that takes unsubscribe requests by mail. When set, `List-Unsubscribe` also offers
   * `<mailto:address?subject=unsubscribe%20TOKEN>`; Quietlist does not read that mailbox (docs/unsubscribe.md).
   */
  readonly mailto?: string;
  /** Injected by tests. @default () => new Date() */
  readonly now?: () => Date;
}

/** RFC 8058: the only value a one-click `List-Unsubscribe-Post` header may carry. */
export const ONE_CLICK = 'List-Unsubscribe=One-Click' as const;

/** The path of a link: `/u/<token>`, exactly, so links already sent keep working whatever else moves. */
export const unsubscribePath = (token: string): string => `/u/${token}`;

const checkedBaseUrl = (text: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the public base URL "${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`the public base URL "${text}" must be http(s)`);
  }
  if (url.search || url.hash)
    throw new Error(`the public base URL "${text}" may not have a query or fragment`);
  return text.replace(/\/+$/, '');
};

const checkedMailto = (text: string): string => {
  const parsed = parseEmail(text.replace(/^mailto:/i, ''));
  if (!parsed.ok) throw new Error(`the unsubscribe mailto address "${text}" is not an email address`);
  // RFC 6068: characters with a meaning in a URI (`%`, `?`, `#`, `,`, `>`, ...) are percent-encoded in the address.
  return parsed.value.value.replace(/[^A-Za-z0-9.!$&'*+\-=^_`{|}~@]/g, (char) => encodeURIComponent(char));
};

const DAY_MS = 86_400_000;

/**
 * The UTC day links are issued on, as the clock (milliseconds) says: formatting a date cost half as much as sealing
 * the link, so the day is formatted once and kept until the clock leaves it.
 */
const issuedOnClock = (nowMs: () => number): (() => string) => {
  let day: { readonly issuedOn: string; readonly from: number; readonly until: number } | undefined;
  return () => {
    const ms = nowMs();
    if (day === undefined || ms < day.from || ms >= day.until) {
      const from = ms - (ms % DAY_MS);
      day = { issuedOn: tokenDay(new Date(ms)), from, until: from + DAY_MS };
    }
    return day.issuedOn;
  };
};

/**
 * Builds, for one recipient, the unsubscribe URL and the RFC 2369 / RFC 8058 headers a sender must add. Pure and
 * synchronous after setup (options are checked once, here), so the pre-send filter can call it for every
 * recipient of a batch. What the recipients of one run share (tenant, campaign, day) is checked and encoded once:
 * the builder keeps the sealer of the last run it saw, so a run of 10,000 links pays for it once.
 *
 * @throws {Error} at setup, naming a base URL or mailto address that cannot work.
 * @example
 * const build = createUnsubscribeLinkBuilder({ keyring, publicBaseUrl: 'https://u.example.com' });
 * build({ tenantId: 'acme', contactId: '12345', email: 'jane.doe@example.com', campaignId: 'c-42' });
 * // { url: 'https://u.example.com/u/AQJrM…', headers: { 'List-Unsubscribe': '<https://u.example.com/u/AQJrM…>',
 * //   'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
 */
export const createUnsubscribeLinkBuilder = (
  options: UnsubscribeLinkBuilderOptions,
): BuildUnsubscribeLink => {
  const base = checkedBaseUrl(options.publicBaseUrl);
  const mailto = options.mailto === undefined ? undefined : checkedMailto(options.mailto);
  const { now } = options;
  // Date.now() unless a test sets the clock: no Date made per link.
  const today = issuedOnClock(now === undefined ? Date.now : () => now().getTime());
  let run:
    | {
        readonly tenantId: string;
        readonly campaignId?: string;
        readonly topic?: string;
        readonly issuedOn: string;
      }
    | undefined;
  let seal: SealRecipientToken | undefined;
  return (request): UnsubscribeLink => {
    const issuedOn = today();
    if (
      seal === undefined ||
      run?.tenantId !== request.tenantId ||
      run.campaignId !== request.campaignId ||
      run.topic !== request.topic ||
      run.issuedOn !== issuedOn
    ) {
      const next = {
        tenantId: request.tenantId,
        ...(request.campaignId === undefined ? {} : { campaignId: request.campaignId }),
        ...(request.topic === undefined ? {} : { topic: request.topic }),
        issuedOn,
      };
      seal = createTokenSealer(options.keyring, { ...next, kind: 'email' });
      run = next;
    }
    const token = seal(request.contactId, request.email);
    const url = `${base}${unsubscribePath(token)}`;
    // RFC 2369: angle-bracketed URIs, comma-separated; the https one first, since RFC 8058 one-click needs it.
    const listUnsubscribe =
      mailto === undefined ? `<${url}>` : `<${url}>, <mailto:${mailto}?subject=unsubscribe%20${token}>`;
    return { url, headers: { 'List-Unsubscribe': listUnsubscribe, 'List-Unsubscribe-Post': ONE_CLICK } };
  };
};
