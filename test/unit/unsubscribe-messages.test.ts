import { describe, expect, it } from 'vitest';
import { html, SafeHtml } from '../../functions/http/unsubscribe-page/html';
import { LANGUAGES } from '../../functions/http/unsubscribe-page/languages';
import { CATALOGUES, type Messages } from '../../functions/http/unsubscribe-page/messages/catalogue';
import { bodyOf, everyPage, FIXTURE, textNodesOf, textOfMarkup } from '../support/preference-pages';

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
const rendered = (messages: Messages): Record<string, string> =>
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
const ownWords = (text: string): string[] =>
  INPUT_TEXTS.reduce<string[]>((pieces, input) => pieces.flatMap((piece) => piece.split(input)), [text])
    .map((piece) => piece.replace(/\s+/g, ' ').trim())
    .filter((piece) => /\p{L}{3}/u.test(piece));

const english = rendered(CATALOGUES.en);
const pageText = (language: (typeof LANGUAGES)[number]) =>
  everyPage({ tag: language, language })
    .flatMap((page) => textNodesOf(bodyOf(page)))
    .join('\n');

describe('the message catalogues', () => {
  it('have every message of the English one, and no message is blank', () => {
    for (const language of LANGUAGES) {
      const messages = rendered(CATALOGUES[language]);
      expect(Object.keys(messages).sort(), language).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(messages))
        expect(text.trim(), `${language}.${key}`).not.toBe('');
    }
  });

  it('are all shown: every English message appears on some English page', () => {
    const text = pageText('en');
    for (const [key, message] of Object.entries(english)) {
      for (const words of ownWords(message)) expect(text, key).toContain(words);
    }
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    'leak no English into the %s pages',
    (language) => {
      const text = pageText(language);
      const leaks = Object.entries(english).flatMap(([key, message]) =>
        ownWords(message)
          .filter((words) => text.includes(words))
          .map((words) => `${key}: ${words}`),
      );
      expect(leaks).toEqual([]);
    },
  );

  it('differ from English in every message whose words are its own', () => {
    for (const language of LANGUAGES.filter((code) => code !== 'en')) {
      const messages = rendered(CATALOGUES[language]);
      for (const [key, text] of Object.entries(messages))
        expect(text, `${language}.${key}`).not.toBe(english[key]);
    }
  });
});
