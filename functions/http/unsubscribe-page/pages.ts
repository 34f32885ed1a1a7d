import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import type { RecipientPreferences } from '#app/recipient-preferences';
import { type LocalizedText, PAUSE_DAYS } from '#domain/topics';
import type { Page } from './document';
import { formatDate } from './format-date';
import { html } from './html';
import type { PageLocale } from './languages';
import { localizedText } from './localized-text';
import { address, backToPreferences, buttonForm, messagesOf } from './page-parts';

/**
 * The answers to the preference page's forms, and the error pages, in the page's language. The preference page
 * itself is in preference-page.ts; the frame (head, footer, headers) in document.ts.
 */

/** After "Unsubscribe from everything" (and after a repeat of it): done, with the way back. */
export const unsubscribedPage = (locale: PageLocale, view: UnsubscribeLinkView): Page => {
  const t = messagesOf(locale);
  return {
    status: 200,
    locale,
    view,
    title: t.unsubscribedTitle,
    main: html`<h1>${t.unsubscribedTitle}</h1>
<p>${t.unsubscribedBody(address(view), view.tenantName)}</p>
<p>${t.unsubscribedByMistake}</p>
${buttonForm('resubscribe', t.resubscribe, { secondary: true })}`,
  };
};

/**
 * After leaving one topic (a one-click request on a link that names a topic, replayed by a person): which one,
 * and that the others continue. The preference page is one link away to rejoin it.
 */
export const topicUnsubscribedPage = (
  locale: PageLocale,
  view: UnsubscribeLinkView,
  topicName: LocalizedText,
): Page => {
  const t = messagesOf(locale);
  const topic = localizedText(topicName, locale, view.defaultLocale);
  const title = t.topicUnsubscribedTitle(topic);
  return {
    status: 200,
    locale,
    view,
    title,
    main: html`<h1>${title}</h1>
<p>${t.topicUnsubscribedBody(address(view), topic, view.tenantName)}</p>
${backToPreferences(locale)}`,
  };
};

export const resubscribedPage = (
  locale: PageLocale,
  view: UnsubscribeLinkView,
  stillSuppressed: boolean,
): Page => {
  const t = messagesOf(locale);
  return {
    status: 200,
    locale,
    view,
    title: t.resubscribedTitle,
    main: html`<h1>${t.resubscribedTitle}</h1>
<p>${t.resubscribedBody(address(view), view.tenantName)}</p>
${stillSuppressed ? html`<p>${t.stillSuppressed}</p>` : ''}
${buttonForm('unsubscribe', t.unsubscribeAgain, { secondary: true })}
${backToPreferences(locale)}`,
  };
};

export const nothingToUndoPage = (locale: PageLocale, view: UnsubscribeLinkView): Page => {
  const t = messagesOf(locale);
  return {
    status: 409,
    locale,
    view,
    title: t.nothingToUndoTitle,
    main: html`<h1>${t.nothingToUndoTitle}</h1>
<p>${t.nothingToUndoBody(address(view), view.tenantName)}</p>
${buttonForm('unsubscribe', t.unsubscribeAll, { secondary: true })}`,
  };
};

/**
 * After "Save preferences": what the recipient now receives and what not (the tenant's topics, in settings
 * order), and whether anything changed at all.
 */
export const preferencesSavedPage = (
  locale: PageLocale,
  view: UnsubscribeLinkView,
  preferences: RecipientPreferences,
  changed: boolean,
): Page => {
  const t = messagesOf(locale);
  const current = preferences.topics.filter((topic) => !topic.retired);
  const names = (subscribed: boolean) =>
    current
      .filter((topic) => topic.subscribed === subscribed)
      .map((topic) => localizedText(topic.name, locale, view.defaultLocale));
  const list = (label: string, items: readonly string[]) =>
    items.length === 0 ? '' : html`<p>${label}</p><ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
  return {
    status: 200,
    locale,
    view,
    title: t.savedTitle,
    main: html`<h1>${t.savedTitle}</h1>
${changed ? '' : html`<p>${t.savedUnchanged}</p>`}
${list(t.savedReceiving, names(true))}
${list(t.savedNotReceiving, names(false))}
${backToPreferences(locale)}`,
  };
};

/** After a pause: until when (a date in the page's language), and the way to end it early. */
export const pausedPage = (locale: PageLocale, view: UnsubscribeLinkView, pausedUntil: string): Page => {
  const t = messagesOf(locale);
  return {
    status: 200,
    locale,
    view,
    title: t.pausedTitle,
    main: html`<h1>${t.pausedTitle}</h1>
<p>${t.pausedBody(view.tenantName, formatDate(locale, pausedUntil))}</p>
${buttonForm('resume', t.resume, { secondary: true })}
${backToPreferences(locale)}`,
  };
};

export const resumedPage = (locale: PageLocale, view: UnsubscribeLinkView): Page => {
  const t = messagesOf(locale);
  return {
    status: 200,
    locale,
    view,
    title: t.resumedTitle,
    main: html`<h1>${t.resumedTitle}</h1>
<p>${t.resumedBody(view.tenantName)}</p>
${backToPreferences(locale)}`,
  };
};

/** Why a form's choice was refused; each says what was asked and what is offered. */
export type RefusedChoice =
  /** `save` named topics the tenant does not have (the core's `unknown_topics`). */
  | { readonly reason: 'unknown_topics'; readonly unknown: readonly string[] }
  /** `pause` with a length the page does not offer (`readRecipientPost`'s `bad_pause_length`). */
  | { readonly reason: 'pause_length'; readonly given: string }
  /** A choice this deployment does not act on. */
  | { readonly reason: 'not_offered' };

/** 400: a choice the page does not offer. Nothing changed; the preference page is one link away. */
export const choiceNotOfferedPage = (
  locale: PageLocale,
  refused: RefusedChoice,
  view?: UnsubscribeLinkView,
): Page => {
  const t = messagesOf(locale);
  const why =
    refused.reason === 'unknown_topics'
      ? t.unknownTopics(refused.unknown)
      : refused.reason === 'pause_length'
        ? t.pauseLengthNotOffered(refused.given, PAUSE_DAYS)
        : t.choiceNotOffered;
  return {
    status: 400,
    locale,
    ...(view === undefined ? {} : { view }),
    title: t.notOfferedTitle,
    main: html`<h1>${t.notOfferedTitle}</h1>
<p>${why}</p>
<p>${t.nothingChanged}</p>
${backToPreferences(locale)}`,
  };
};

/** Any token that does not open: said plainly, with what to do next. Shows nothing from the token. */
export const invalidLinkPage = (locale: PageLocale): Page => {
  const t = messagesOf(locale);
  return {
    status: 400,
    locale,
    title: t.invalidLinkTitle,
    main: html`<h1>${t.invalidLinkTitle}</h1>
<p>${t.invalidLinkBody}</p>
<p>${t.invalidLinkHelp}</p>`,
  };
};

/** A POST that is neither one of the page's forms nor an RFC 8058 one-click request. */
export const unrecognizedRequestPage = (locale: PageLocale): Page => {
  const t = messagesOf(locale);
  return {
    status: 400,
    locale,
    title: t.unrecognizedTitle,
    main: html`<h1>${t.unrecognizedTitle}</h1>
<p>${t.useThePage}</p>`,
  };
};

export const tooLargePage = (locale: PageLocale): Page => {
  const t = messagesOf(locale);
  return {
    status: 413,
    locale,
    title: t.tooLargeTitle,
    main: html`<h1>${t.tooLargeTitle}</h1>
<p>${t.useThePage}</p>`,
  };
};

/** Our failure, never the recipient's: a 5xx, so a mail provider's one-click request is retried. */
export const failurePage = (locale: PageLocale, status: number): Page => {
  const t = messagesOf(locale);
  return {
    status,
    locale,
    title: t.failureTitle,
    main: html`<h1>${t.failureTitle}</h1>
<p>${t.failureBody}</p>`,
  };
};
