import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import { html } from './html';
import type { PageLocale } from './languages';
import { CATALOGUES, type Messages } from './messages/catalogue';

/** The messages of a page's language. */
export const messagesOf = (locale: PageLocale): Messages => CATALOGUES[locale.language];

/** The `action` values of the page's forms (the form contract: docs/unsubscribe.md). */
export type FormAction = 'save' | 'pause' | 'resume' | 'unsubscribe' | 'resubscribe';

/**
 * One button, in its own form. No `action` attribute: the form posts to the page's own URL, `?lang=` included, so
 * the answer comes in the language the recipient chose.
 */
export const buttonForm = (
  action: FormAction,
  label: string,
  options: { readonly secondary?: boolean; readonly fields?: Readonly<Record<string, string>> } = {},
) =>
  html`<form method="post">
<input type="hidden" name="action" value="${action}">${Object.entries(options.fields ?? {}).map(
    ([name, value]) => html`
<input type="hidden" name="${name}" value="${value}">`,
  )}
<button type="submit"${options.secondary ? html` class="secondary"` : ''}>${label}</button>
</form>`;

/** The recipient's address as the view shows it (masked unless the tenant chose otherwise). */
export const address = (view: UnsubscribeLinkView) => html`<span class="address">${view.shownValue}</span>`;

/** Back to the preference page (a GET: it changes nothing), in the same language. */
export const backToPreferences = (locale: PageLocale) =>
  html`<p><a href="?lang=${locale.tag}">${messagesOf(locale).backToPreferences}</a></p>`;
