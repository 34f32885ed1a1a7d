import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import type { RecipientPreferences, TopicChoice } from '#app/recipient-preferences';
import { PAUSE_DAYS } from '#domain/topics';
import type { Page } from './document';
import { formatDate } from './format-date';
import { html } from './html';
import type { PageLocale } from './languages';
import { localizedText } from './localized-text';
import { address, buttonForm, messagesOf } from './page-parts';

/** The state a page is rendered for, with the helpers every part of it needs. */
interface Context {
  readonly locale: PageLocale;
  readonly view: UnsubscribeLinkView;
  readonly preferences: RecipientPreferences;
}

const textOf = ({ locale, view }: Context, text: TopicChoice['name']) =>
  localizedText(text, locale, view.defaultLocale);

/**
 * One checkbox per topic, named by its label (the topic's name), described by its description. Checked = still
 * subscribed, except the topic the link is about, which is left unticked so that saving leaves it. Every box
 * rendered is also `shown`, so the core knows an unticked box from one the page did not offer.
 */
const topicsForm = (context: Context, topics: readonly TopicChoice[]) => {
  const t = messagesOf(context.locale);
  return html`<form method="post">
<input type="hidden" name="action" value="save">
<fieldset>
<legend>${t.topicsLegend}</legend>
${topics.map((topic, index) => {
  const id = `topic-${index}`;
  const description = topic.description === undefined ? '' : textOf(context, topic.description);
  const checked = topic.subscribed && topic.id !== context.view.linkTopic;
  return html`<div class="topic">
<input type="hidden" name="shown" value="${topic.id}">
<input type="checkbox" id="${id}" name="topic" value="${topic.id}"${checked ? html` checked` : ''}${
    description === '' ? '' : html` aria-describedby="${id}-about"`
  }>
<label for="${id}">${textOf(context, topic.name)}</label>
${description === '' ? '' : html`<p id="${id}-about">${description}</p>`}
</div>`;
})}
</fieldset>
<button type="submit">${t.savePreferences}</button>
</form>`;
};

/** Topics the recipient left that the tenant has since removed: read-only, never sent by the form. */
const retiredTopics = (context: Context, retired: readonly TopicChoice[]) => {
  if (retired.length === 0) return '';
  const t = messagesOf(context.locale);
  return html`<h2>${t.retiredHeading}</h2>
<p>${t.retiredIntro}</p>
<ul>${retired.map((topic) => html`<li>${textOf(context, topic.name)}</li>`)}</ul>`;
};

const pausedNotice = ({ locale, preferences }: Context) =>
  preferences.pausedUntil === undefined
    ? ''
    : html`<p class="notice">${messagesOf(locale).pausedNotice(formatDate(locale, preferences.pausedUntil))}</p>`;

/** While paused, the way back; otherwise the offered pauses, each its own form. */
const pauseSection = (context: Context) => {
  const t = messagesOf(context.locale);
  if (context.preferences.pausedUntil !== undefined) {
    return html`<h2>${t.pauseHeading}</h2>
${buttonForm('resume', t.resume, { secondary: true })}`;
  }
  return html`<h2>${t.pauseHeading}</h2>
<p>${t.pauseIntro(context.view.tenantName)}</p>
<div class="actions">${PAUSE_DAYS.map((days) =>
    buttonForm('pause', t.pauseButton(days), { secondary: true, fields: { days: String(days) } }),
  )}</div>`;
};

/** A recipient already off everything: said so, with the way back (the recipient's own unsubscribe only). */
const unsubscribedFromAll = ({ locale, view }: Context): Page => {
  const t = messagesOf(locale);
  const heading = t.unsubscribedFromAllHeading(view.tenantName);
  return {
    status: 200,
    locale,
    view,
    title: heading,
    main: html`<h1>${heading}</h1>
<p>${t.unsubscribedFromAllIntro(address(view))}</p>
<p>${t.unsubscribedByMistake}</p>
${buttonForm('resubscribe', t.resubscribe)}`,
  };
};

/** No topics: today's question, one button to leave, and the pause offered beside it. */
const withoutTopics = (context: Context, retired: readonly TopicChoice[]): Page => {
  const { locale, view } = context;
  const t = messagesOf(locale);
  return {
    status: 200,
    locale,
    view,
    title: t.confirmTitle(view.tenantName),
    main: html`<h1>${t.confirmHeading(view.tenantName)}</h1>
${pausedNotice(context)}
<p>${t.confirmIntro(address(view))}</p>
${buttonForm('unsubscribe', t.unsubscribeAll)}
${pauseSection(context)}
${retiredTopics(context, retired)}`,
  };
};

/** Topics first (the narrow exit), then the pause, then leaving everything. */
const withTopics = (
  context: Context,
  topics: readonly TopicChoice[],
  retired: readonly TopicChoice[],
): Page => {
  const { locale, view } = context;
  const t = messagesOf(locale);
  const linkTopic = topics.find((topic) => topic.id === view.linkTopic && topic.subscribed);
  const title = t.preferencesTitle(view.tenantName);
  return {
    status: 200,
    locale,
    view,
    title,
    main: html`<h1>${title}</h1>
${pausedNotice(context)}
${linkTopic ? html`<p class="notice">${t.linkTopicNotice(textOf(context, linkTopic.name))}</p>` : ''}
<p>${t.preferencesIntro(address(view))}</p>
${topicsForm(context, topics)}
${retiredTopics(context, retired)}
${pauseSection(context)}
<h2>${t.leaveHeading}</h2>
<p>${t.leaveIntro(view.tenantName)}</p>
${buttonForm('unsubscribe', t.unsubscribeAll, { secondary: true })}`,
  };
};

/**
 * GET: the recipient's choices, and nothing changes until they press a button (link scanners open every link in a
 * message). Every button posts a form of the contract in docs/unsubscribe.md, "The form".
 */
export const preferencePage = (
  locale: PageLocale,
  view: UnsubscribeLinkView,
  preferences: RecipientPreferences,
): Page => {
  const context = { locale, view, preferences };
  if (preferences.unsubscribedFromAll) return unsubscribedFromAll(context);
  const topics = preferences.topics.filter((topic) => !topic.retired);
  const retired = preferences.topics.filter((topic) => topic.retired);
  return topics.length === 0 ? withoutTopics(context, retired) : withTopics(context, topics, retired);
};
