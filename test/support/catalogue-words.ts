import { html, SafeHtml } from '../../functions/http/unsubscribe-page/html';
import { CATALOGUES, type Messages } from '../../functions/http/unsubscribe-page/messages/catalogue';
import { FIXTURE, textOfMarkup } from './preference-pages';

type MessageFunctions = {
  [K in keyof Messages as Messages[K] extends (...args: never[]) => unknown ? K : never]: Messages[K];
};

const address = html`<span class="address">${FIXTURE.address}</span>`;
const { tenant } = FIXTURE;
const topic = FIXTURE.topics.link;

/**
 * The inputs each message is rendered with: the fixture's, as the pages pass them. Typed by the catalogue, so a new
 * message with parameters fails the typecheck until it has its inputs here.
 */
const INPUTS: { readonly [K in keyof MessageFunctions]: Parameters<MessageFunctions[K]> } = {
  confirmTitle: [tenant],
  confirmHeading: [tenant],
  confirmIntro: [address],
  preferencesTitle: [tenant],
  preferencesIntro: [address],
  linkTopicNotice: [topic],
  pauseIntro: [tenant],
  pauseButton: [30],
  leaveIntro: [tenant],
  pausedNotice: ['2 March 2027'],
  unsubscribedFromAllHeading: [tenant],
  unsubscribedFromAllIntro: [address],
  unsubscribedBody: [address, tenant],
  topicUnsubscribedTitle: [topic],
  topicUnsubscribedBody: [address, topic, tenant],
  resubscribedBody: [address, tenant],
  nothingToUndoBody: [address, tenant],
  pausedBody: [tenant, '2 March 2027'],
  resumedBody: [tenant],
  unknownTopics: [[FIXTURE.unknownTopic]],
  pauseLengthNotOffered: [FIXTURE.pauseGiven, [30, 90]],
};

const textOf = (value: unknown): string =>
  value instanceof SafeHtml ? textOfMarkup(value.text) : typeof value === 'string' ? value : '';

/** Each message of a catalogue as text, rendered with the fixture's inputs. */
export const renderedMessages = (messages: Messages): Record<string, string> =>
  Object.fromEntries(
    Object.entries(messages).map(([key, message]) => {
      const inputs = (INPUTS as Record<string, readonly unknown[]>)[key] ?? [];
      // Each function gets the inputs typed for it in INPUTS; the loop over keys cannot carry that pairing.
      const call = message as (...args: readonly unknown[]) => unknown;
      return [key, typeof message === 'function' ? textOf(call(...inputs)) : message];
    }),
  );

/** The inputs' own text: what may appear in any language, since it comes from the tenant or the recipient. */
const INPUT_TEXTS = [
  tenant,
  FIXTURE.address,
  topic,
  FIXTURE.unknownTopic,
  FIXTURE.pauseGiven,
  '2 March 2027',
];

/**
 * The catalogue's own words in a message: the message split at its inputs, keeping pieces with a word in them
 * (a lone "?" or “ is no sentence).
 */
export const ownWords = (text: string): string[] =>
  INPUT_TEXTS.reduce<string[]>((pieces, input) => pieces.flatMap((piece) => piece.split(input)), [text])
    .map((piece) => piece.replace(/\s+/g, ' ').trim())
    .filter((piece) => /\p{L}{3}/u.test(piece));

/**
 * The English catalogue's own words found in `text` (a page in another language, where none may appear), as
 * `key: words`, so a failure names what leaked.
 */
export const englishLeaksIn = (text: string): string[] =>
  Object.entries(renderedMessages(CATALOGUES.en)).flatMap(([key, message]) =>
    ownWords(message)
      .filter((words) => text.includes(words))
      .map((words) => `${key}: ${words}`),
  );
