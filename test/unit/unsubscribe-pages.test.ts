import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import {
  CONTENT_SECURITY_POLICY,
  type Page,
  pageResponse,
} from '../../functions/http/unsubscribe-page/document';
import { escapeHtml, html } from '../../functions/http/unsubscribe-page/html';
import { ENGLISH } from '../../functions/http/unsubscribe-page/languages';
import {
  invalidLinkPage,
  nothingToUndoPage,
  resubscribedPage,
  unsubscribedPage,
} from '../../functions/http/unsubscribe-page/pages';
import { preferencePage } from '../../functions/http/unsubscribe-page/preference-page';

const view: UnsubscribeLinkView = {
  tenantName: 'Acme <script>alert(1)</script> & "Co"',
  postalAddress: "1 Main St.\nSpringfield <b>IL</b> 'x'",
  kind: 'email',
  shownValue: 'j***@example.com',
};

/** Today's page: a tenant without topics, a recipient who has chosen nothing yet. */
const confirmPage = (linkView: UnsubscribeLinkView) =>
  preferencePage(ENGLISH, linkView, { topics: [], unsubscribedFromAll: false });

const pages: Page[] = [
  confirmPage(view),
  unsubscribedPage(ENGLISH, view),
  resubscribedPage(ENGLISH, view, true),
  nothingToUndoPage(ENGLISH, view),
  invalidLinkPage(ENGLISH),
];
const bodyOf = (page: Page) => pageResponse(page).body ?? '';

describe('the unsubscribe pages', () => {
  it('escape every string that comes from a tenant', () => {
    for (const page of pages.slice(0, 4)) {
      const body = bodyOf(page);
      expect(body).not.toContain('<script>');
      expect(body).not.toContain('<b>IL</b>');
      expect(body).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
      expect(body).toContain('Springfield &lt;b&gt;IL&lt;/b&gt; &#39;x&#39;');
    }
  });

  it('allow by hash exactly the one stylesheet they carry, and nothing else', () => {
    for (const page of pages) {
      const body = bodyOf(page);
      const styles = [...body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
      expect(styles).toHaveLength(1);
      const hash = createHash('sha256')
        .update(styles[0] ?? '')
        .digest('base64');
      expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
      expect(body).not.toMatch(/<script|<img|<link|<iframe|style="|https?:\/\//);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('declare their language, fit a phone screen and have a title and one heading', () => {
    for (const page of pages) {
      const body = bodyOf(page);
      expect(body).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(body).toMatch(/<title>[^<]+<\/title>/);
      expect(body.match(/<h1>/g)).toHaveLength(1);
    }
  });

  it('show the masked address, never more than the view holds', () => {
    expect(bodyOf(confirmPage(view))).toContain('j***@example.com');
    expect(bodyOf(invalidLinkPage(ENGLISH))).not.toContain('example.com');
  });

  it('post the confirmation and the undo back to the same URL', () => {
    expect(bodyOf(confirmPage(view))).toContain(
      '<form method="post">\n<input type="hidden" name="action" value="unsubscribe">',
    );
    expect(bodyOf(unsubscribedPage(ENGLISH, view))).toContain('name="action" value="resubscribe"');
  });

  it('answer HEAD with the headers of GET, its length included, and no body', () => {
    const get = pageResponse(confirmPage(view));
    const head = pageResponse(confirmPage(view), { head: true });
    expect(head.body).toBeUndefined();
    expect(head.statusCode).toBe(get.statusCode);
    expect(head.headers).toEqual({
      ...get.headers,
      'content-length': String(Buffer.byteLength(get.body ?? '')),
    });
  });
});

describe('the html template tag', () => {
  it('escapes interpolations, nested templates excepted', () => {
    expect(html`<p>${'<a href="x">'}${html`<br>`}${['&', html`<i>`]}${undefined}${false}</p>`.text).toBe(
      '<p>&lt;a href=&quot;x&quot;&gt;<br>&amp;<i></p>',
    );
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});
