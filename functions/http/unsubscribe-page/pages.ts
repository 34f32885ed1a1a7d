import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import { html, SafeHtml } from './html';

/**
 * The recipient's pages: tiny, self-contained HTML (no scripts, images, fonts or external requests), readable on
 * a phone, usable with a keyboard, and every string from a tenant or a token escaped.
 */

/** The one stylesheet, inline; the CSP allows exactly this text by its hash, and nothing else. */
const CSS = [
  ':root{color-scheme:light}',
  '*{box-sizing:border-box}',
  'body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}',
  'main{max-width:34rem;margin:2rem auto;padding:2rem 1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:.5rem}',
  '.sender{margin:0 0 .5rem;color:#4a5561;font-weight:600}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  '.address{font-weight:600;overflow-wrap:anywhere}',
  'form{margin:1.5rem 0 0}',
  'button{font:inherit;font-weight:600;min-height:2.75rem;padding:.625rem 1.25rem;border:2px solid #0b57d0;border-radius:.375rem;background:#0b57d0;color:#fff;cursor:pointer}',
  'button:hover{background:#0842a0;border-color:#0842a0}',
  'button.secondary{background:#fff;color:#0b57d0}',
  'button.secondary:hover{background:#eef3fd;color:#0842a0}',
  'button:focus-visible{outline:3px solid #1f2328;outline-offset:3px}',
  'footer{max-width:34rem;margin:0 auto 2rem;padding:0 1.5rem;color:#4a5561;font-size:.875rem}',
  'address{font-style:normal;white-space:pre-line}',
  '@media (max-width:36rem){main{margin:0 0 1rem;border-width:0 0 1px;border-radius:0}}',
].join('');

// A constant of this file, never input: the one place markup is made without escaping (<style> is raw text).
const STYLE = new SafeHtml(CSS);
const CSS_HASH = `sha256-${createHash('sha256').update(CSS).digest('base64')}`;

/**
 * Nothing may load, run or frame the pages; the forms post back to the same origin; the stylesheet above is the
 * only style.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${CSS_HASH}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Every answer of the public endpoint carries these: no framing, no referrer leak, no caching, no indexing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
  'cross-origin-opener-policy': 'same-origin',
  'strict-transport-security': 'max-age=63072000',
};

/** Methods `/u/{token}` answers, for `Allow`. */
export const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';

export interface Page {
  readonly status: number;
  readonly title: string;
  readonly main: SafeHtml;
  /** The tenant's name, postal address and privacy link when the link was valid; unknown on an invalid link. */
  readonly view?: UnsubscribeLinkView;
}

/** The sender's postal address (CAN-SPAM) and privacy policy, each when the tenant set it. */
const footer = (view: UnsubscribeLinkView) =>
  html`<footer>${view.postalAddress ? html`<address>${view.postalAddress}</address>` : ''}${
    view.privacyUrl ? html`<p><a href="${view.privacyUrl}">Privacy policy</a></p>` : ''
  }</footer>`;

const renderDocument = (page: Page): string =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${page.title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${page.view ? html`<p class="sender">${page.view.tenantName}</p>` : ''}
${page.main}
</main>
${page.view?.postalAddress || page.view?.privacyUrl ? footer(page.view) : ''}
</body>
</html>
`.text;

/** A page as an HTTP API answer; for HEAD the same headers, the length GET would send, and no body. */
export const pageResponse = (
  page: Page,
  options: { readonly head?: boolean } = {},
): APIGatewayProxyStructuredResultV2 => {
  const body = renderDocument(page);
  const headers = { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS };
  return options.head
    ? { statusCode: page.status, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }
    : { statusCode: page.status, headers, body };
};

const form = (action: 'unsubscribe' | 'resubscribe', label: string, secondary = false) =>
  html`<form method="post">
<input type="hidden" name="action" value="${action}">
<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button>
</form>`;

const address = (view: UnsubscribeLinkView) => html`<span class="address">${view.shownValue}</span>`;

/** GET: asks, and changes nothing (link scanners open every link in a message). */
export const confirmPage = (view: UnsubscribeLinkView): Page => ({
  status: 200,
  title: `Unsubscribe from ${view.tenantName}`,
  view,
  main: html`<h1>Unsubscribe from ${view.tenantName}?</h1>
<p>Stop marketing emails to ${address(view)}.</p>
${form('unsubscribe', 'Unsubscribe')}`,
});

/** After the button (and after a repeat of it): done, with the way back. */
export const unsubscribedPage = (view: UnsubscribeLinkView): Page => ({
  status: 200,
  title: 'You are unsubscribed',
  view,
  main: html`<h1>You are unsubscribed</h1>
<p>${address(view)} will no longer receive marketing emails from ${view.tenantName}. Messages you need about an
account or an order may still arrive.</p>
<p>Unsubscribed by mistake?</p>
${form('resubscribe', 'Resubscribe', true)}`,
});

export const resubscribedPage = (view: UnsubscribeLinkView, stillSuppressed: boolean): Page => ({
  status: 200,
  title: 'You are subscribed again',
  view,
  main: html`<h1>You are subscribed again</h1>
<p>Your unsubscribe is undone: ${view.tenantName} may email ${address(view)} again.</p>
${stillSuppressed ? html`<p>The address stays blocked for another reason, so you may still not hear from them.</p>` : ''}
${form('unsubscribe', 'Unsubscribe again', true)}`,
});

export const nothingToUndoPage = (view: UnsubscribeLinkView): Page => ({
  status: 409,
  title: 'Nothing to undo',
  view,
  main: html`<h1>Nothing to undo</h1>
<p>We found no unsubscribe of yours for ${address(view)} to undo. To hear from ${view.tenantName} again, please
contact them.</p>
${form('unsubscribe', 'Unsubscribe', true)}`,
});

/** Any token that does not open: said plainly, with what to do next. Shows nothing from the token. */
export const invalidLinkPage = (): Page => ({
  status: 400,
  title: 'This link does not work',
  main: html`<h1>This link does not work</h1>
<p>The unsubscribe link may have been cut off or changed on its way. Open it again from the email, or copy the
whole link into the address bar.</p>
<p>If it still does not work, reply to the email and ask to be removed.</p>`,
});

/** A POST that is neither the page's form nor an RFC 8058 one-click request. */
export const unrecognizedRequestPage = (): Page => ({
  status: 400,
  title: 'Request not understood',
  main: html`<h1>Request not understood</h1>
<p>Please open the unsubscribe link from the email and use the button on that page.</p>`,
});

export const tooLargePage = (): Page => ({
  status: 413,
  title: 'Request too large',
  main: html`<h1>Request too large</h1>
<p>Please open the unsubscribe link from the email and use the button on that page.</p>`,
});

/** Our failure, never the recipient's: a 5xx, so a mail provider's one-click request is retried. */
export const failurePage = (status: number): Page => ({
  status,
  title: 'Something went wrong',
  main: html`<h1>Something went wrong</h1>
<p>We could not finish this on our side. Please try again in a few minutes.</p>`,
});
