import { html, type SafeHtml } from '../html';
import { listOf, numberOf, pluralOf } from './plural';

const plural = pluralOf('en');
const and = listOf('en', 'conjunction');
const or = listOf('en', 'disjunction');
const number = numberOf('en');
const quoted = (text: string) => `“${text}”`;

/**
 * The pages' English: the reference catalogue. Every other language is typed by its shape ({@link Messages}), so a
 * missing or extra message fails the typecheck. Values a message receives are already escaped when they are
 * `SafeHtml` (the recipient's address, in its styled span) and escaped by the page when they are strings.
 */
export const en = {
  privacyPolicy: 'Privacy policy',
  languageNav: 'Language',
  backToPreferences: 'Back to your email preferences',

  // The page a link opens, when the tenant has no topics: today's question, plus the pause.
  confirmTitle: (tenant: string) => `Unsubscribe from ${tenant}`,
  confirmHeading: (tenant: string) => `Unsubscribe from ${tenant}?`,
  confirmIntro: (address: SafeHtml) => html`Stop marketing emails to ${address}.`,

  // The page a link opens, when the tenant has topics.
  preferencesTitle: (tenant: string) => `Your emails from ${tenant}`,
  preferencesIntro: (address: SafeHtml) => html`Tick the emails you want to keep receiving at ${address}.`,
  topicsLegend: 'Emails you receive',
  linkTopicNotice: (topic: string) =>
    `This email belongs to the list ${quoted(topic)}. It is unticked below: press “Save preferences” to leave it.`,
  savePreferences: 'Save preferences',
  retiredHeading: 'Lists that have ended',
  retiredIntro: 'You left these lists before they ended; you will not receive them.',
  pauseHeading: 'Take a break',
  pauseIntro: (tenant: string) =>
    `Pause all marketing emails from ${tenant}. They start again by themselves at the end of the pause.`,
  pauseButton: (days: number) =>
    `Pause all emails for ${number(days)} ${plural(days, { one: 'day', other: 'days' })}`,
  leaveHeading: 'Leave everything',
  leaveIntro: (tenant: string) =>
    `Stop all marketing emails from ${tenant}. Messages you need about an account or an order may still arrive.`,
  unsubscribeAll: 'Unsubscribe from everything',
  pausedNotice: (date: string) => `Your emails are paused until ${date}.`,
  resume: 'Resume emails',
  unsubscribedFromAllHeading: (tenant: string) => `You are unsubscribed from ${tenant}`,
  unsubscribedFromAllIntro: (address: SafeHtml) => html`${address} receives no marketing emails.`,
  unsubscribedByMistake: 'Unsubscribed by mistake?',
  resubscribe: 'Resubscribe',

  // Answers to the forms.
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: (address: SafeHtml, tenant: string) =>
    html`${address} will no longer receive marketing emails from ${tenant}. Messages you need about an account or an order may still arrive.`,
  topicUnsubscribedTitle: (topic: string) => `You are unsubscribed from ${quoted(topic)}`,
  topicUnsubscribedBody: (address: SafeHtml, topic: string, tenant: string) =>
    html`${address} will no longer receive ${quoted(topic)}. Your other emails from ${tenant} continue as before.`,
  resubscribedTitle: 'You are subscribed again',
  resubscribedBody: (address: SafeHtml, tenant: string) =>
    html`Your unsubscribe is undone: ${tenant} may email ${address} again.`,
  stillSuppressed: 'The address stays blocked for another reason, so you may still not hear from them.',
  unsubscribeAgain: 'Unsubscribe again',
  nothingToUndoTitle: 'Nothing to undo',
  nothingToUndoBody: (address: SafeHtml, tenant: string) =>
    html`We found no unsubscribe of yours for ${address} to undo. To hear from ${tenant} again, please contact them.`,
  savedTitle: 'Your preferences are saved',
  savedUnchanged: 'Nothing changed: these were already your choices.',
  savedReceiving: 'You receive:',
  savedNotReceiving: 'You do not receive:',
  pausedTitle: 'Your emails are paused',
  pausedBody: (tenant: string, date: string) =>
    `You will receive no marketing emails from ${tenant} until ${date}. After that they start again by themselves.`,
  resumedTitle: 'Your emails are back on',
  resumedBody: (tenant: string) => `The pause is over: ${tenant} may email you again, as you chose.`,
  notOfferedTitle: 'This choice is not offered',
  unknownTopics: (topics: readonly string[]) =>
    plural(topics.length, {
      one: `The list ${and(topics.map(quoted))} is not offered here.`,
      other: `The lists ${and(topics.map(quoted))} are not offered here.`,
    }),
  pauseLengthNotOffered: (given: string, offered: readonly number[]) =>
    `A pause of ${quoted(given)} days is not offered: choose ${or(offered.map(number))} days.`,
  choiceNotOffered: 'This choice is not offered on this page.',
  nothingChanged: 'Nothing was changed.',

  // Errors.
  invalidLinkTitle: 'This link does not work',
  invalidLinkBody:
    'The unsubscribe link may have been cut off or changed on its way. Open it again from the email, or copy the whole link into the address bar.',
  invalidLinkHelp: 'If it still does not work, reply to the email and ask to be removed.',
  unrecognizedTitle: 'Request not understood',
  tooLargeTitle: 'Request too large',
  useThePage: 'Please open the unsubscribe link from the email and use the buttons on that page.',
  failureTitle: 'Something went wrong',
  failureBody: 'We could not finish this on our side. Please try again in a few minutes.',
};

/** The shape every language's catalogue has: English's. */
export type Messages = typeof en;
