import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import { html, SafeHtml } from './html';
import { LANGUAGE_NAMES, LANGUAGES, type PageLocale } from './languages';
import { CATALOGUES } from './messages/catalogue';

/**
 * The frame of every recipient page: tiny, self-contained HTML (no scripts or fonts; one image, the tenant's logo,
 * when it set one), readable on a phone, usable with a keyboard, every string from a tenant or a token escaped.
 */

/** The one stylesheet, inline; the CSP allows exactly this text by its hash, and nothing else. */
const CSS = [
  ':root{color-scheme:light}',
  '*{box-sizing:border-box}',
  'body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}',
  'main{max-width:34rem;margin:2rem auto;padding:2rem 1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:.5rem}',
  '.sender{margin:0 0 .5rem;color:#4a5561;font-weight:600}',
  // Fixed box whatever the image's own size: the layout never jumps, and a huge image cannot take over the page.
  '.logo{display:block;width:10rem;max-width:100%;height:3rem;object-fit:contain;object-position:left center}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'h2{font-size:1.125rem;line-height:1.3;margin:2rem 0 .5rem}',
  '.address{font-weight:600;overflow-wrap:anywhere}',
  '.notice{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid #0b57d0;background:#eef3fd}',
  'form{margin:1.5rem 0 0}',
  'fieldset{margin:0 0 1rem;padding:0;border:0;min-width:0}',
  'legend{padding:0;margin:0 0 .5rem;font-weight:600}',
  '.topic{display:grid;grid-template-columns:auto 1fr;column-gap:.75rem;padding:.5rem 0;border-top:1px solid #d0d7de}',
  '.topic input{width:1.5rem;height:1.5rem;margin:.0625rem 0 0;accent-color:#0b57d0}',
  '.topic label{font-weight:600;overflow-wrap:anywhere}',
  '.topic p{grid-column:2;margin:0;color:#4a5561;overflow-wrap:anywhere}',
  '.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0 0}',
  '.actions form{margin:0}',
  'button{font:inherit;font-weight:600;min-height:2.75rem;padding:.625rem 1.25rem;border:2px solid #0b57d0;border-radius:.375rem;background:#0b57d0;color:#fff;cursor:pointer}',
  'button:hover{background:#0842a0;border-color:#0842a0}',
  'button.secondary{background:#fff;color:#0b57d0}',
  'button.secondary:hover{background:#eef3fd;color:#0842a0}',
  'button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #1f2328;outline-offset:3px}',
  'a{color:#0b57d0}',
  'footer{max-width:34rem;margin:0 auto 2rem;padding:0 1.5rem;color:#4a5561;font-size:.875rem}',
  'footer a{color:#0842a0}',
  'address{font-style:normal;white-space:pre-line}',
  '.languages{display:flex;flex-wrap:wrap;gap:0 1rem;margin:1rem 0 0;padding:0;list-style:none}',
  // 24 CSS pixels at least: WCAG 2.2's target size for links set in a row.
  '.languages a{display:inline-block;padding:.375rem 0}',
  '.languages a[aria-current]{color:#1f2328;font-weight:600;text-decoration:none}',
  '@media (max-width:36rem){main{margin:0 0 1rem;border-width:0 0 1px;border-radius:0}}',
].join('');

// A constant of this file, never input: the one place markup is made without escaping (<style> is raw text).
const STYLE = new SafeHtml(CSS);
const CSS_HASH = `sha256-${createHash('sha256').update(CSS).digest('base64')}`;

/** An origin a CSP source may name safely: https, a plain (or punycode) host name, an optional port. */
const PLAIN_HTTPS_ORIGIN = /^https:\/\/[a-z0-9.-]+(?::\d{1,5})?$/;

/**
 * The origin of the tenant's logo, when it is one the page may load: an https URL whose origin is a plain host
 * name. Anything else (an IP literal in brackets, a host with characters a CSP would read as syntax, a URL that
 * does not parse) means no logo at all rather than a looser policy.
 */
export const logoOrigin = (logoUrl: string | undefined): string | undefined => {
  if (logoUrl === undefined) return undefined;
  try {
    const { origin, protocol } = new URL(logoUrl);
    return protocol === 'https:' && PLAIN_HTTPS_ORIGIN.test(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Nothing may load, run or frame the pages; the forms post back to the same origin; the stylesheet above is the
 * only style; with a logo, images from that one origin and no other.
 */
export const contentSecurityPolicy = (imageOrigin?: string): string =>
  [
    "default-src 'none'",
    ...(imageOrigin === undefined ? [] : [`img-src ${imageOrigin}`]),
    `style-src '${CSS_HASH}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

/** The policy of a page without a logo, and of every answer that is not a page. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

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
  readonly locale: PageLocale;
  readonly title: string;
  readonly main: SafeHtml;
  /** The tenant's name, logo, postal address and privacy link when the link was valid; unknown otherwise. */
  readonly view?: UnsubscribeLinkView;
}

/** The logo stands for the name (its `alt` is the name); without a logo, the name as text. */
const sender = (view: UnsubscribeLinkView) =>
  html`<p class="sender">${
    logoOrigin(view.logoUrl) === undefined
      ? view.tenantName
      : html`<img class="logo" src="${view.logoUrl}" alt="${view.tenantName}" width="160" height="48" referrerpolicy="no-referrer">`
  }</p>`;

/**
 * Plain links, so choosing a language is a GET that changes nothing; relative (`?lang=fr`), so they keep the
 * token's path. Each name is in its own language and marked so (`lang`), for readers and screen readers alike.
 */
const languageSwitcher = (locale: PageLocale) =>
  html`<nav aria-label="${CATALOGUES[locale.language].languageNav}"><ul class="languages">${LANGUAGES.map(
    (language) =>
      html`<li><a href="?lang=${language}" hreflang="${language}" lang="${language}"${
        language === locale.language ? html` aria-current="true"` : ''
      }>${LANGUAGE_NAMES[language]}</a></li>`,
  )}</ul></nav>`;

/** The sender's postal address (CAN-SPAM) and privacy policy, each when the tenant set it; then the languages. */
const footer = (page: Page) =>
  html`<footer>${page.view?.postalAddress ? html`<address>${page.view.postalAddress}</address>` : ''}${
    page.view?.privacyUrl
      ? html`<p><a href="${page.view.privacyUrl}">${CATALOGUES[page.locale.language].privacyPolicy}</a></p>`
      : ''
  }${languageSwitcher(page.locale)}</footer>`;

const renderDocument = (page: Page): string =>
  html`<!doctype html>
<html lang="${page.locale.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${page.title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${page.view ? sender(page.view) : ''}
${page.main}
</main>
${footer(page)}
</body>
</html>
`.text;

/**
 * A page as an HTTP API answer; for HEAD the same headers, the length GET would send, and no body. The language
 * depends on `Accept-Language` (among others), so caches are told (`Vary`), though nothing here is cacheable.
 */
export const pageResponse = (
  page: Page,
  options: { readonly head?: boolean } = {},
): APIGatewayProxyStructuredResultV2 => {
  const body = renderDocument(page);
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    ...SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy(logoOrigin(page.view?.logoUrl)),
    'content-language': page.locale.tag,
    vary: 'accept-language',
  };
  return options.head
    ? { statusCode: page.status, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }
    : { statusCode: page.status, headers, body };
};
