import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../functions/http/unsubscribe-page/languages';
import { CATALOGUES } from '../../functions/http/unsubscribe-page/messages/catalogue';
import { englishLeaksIn, ownWords, renderedMessages } from '../support/catalogue-words';
import { bodyOf, everyPage, textNodesOf } from '../support/preference-pages';

const english = renderedMessages(CATALOGUES.en);
const pageText = (language: (typeof LANGUAGES)[number]) =>
  everyPage({ tag: language, language })
    .flatMap((page) => textNodesOf(bodyOf(page)))
    .join('\n');

describe('the message catalogues', () => {
  it('have every message of the English one, and no message is blank', () => {
    for (const language of LANGUAGES) {
      const messages = renderedMessages(CATALOGUES[language]);
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
      expect(englishLeaksIn(text)).toEqual([]);
    },
  );

  it('differ from English in every message whose words are its own', () => {
    for (const language of LANGUAGES.filter((code) => code !== 'en')) {
      const messages = renderedMessages(CATALOGUES[language]);
      for (const [key, text] of Object.entries(messages))
        expect(text, `${language}.${key}`).not.toBe(english[key]);
    }
  });
});
