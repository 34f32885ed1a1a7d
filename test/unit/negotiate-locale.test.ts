import { describe, expect, it } from 'vitest';
import { formatDate } from '../../functions/http/unsubscribe-page/format-date';
import { ENGLISH, LANGUAGES } from '../../functions/http/unsubscribe-page/languages';
import { localizedText } from '../../functions/http/unsubscribe-page/localized-text';
import {
  acceptedRanges,
  negotiateLocale,
  supportedLocale,
} from '../../functions/http/unsubscribe-page/negotiate-locale';

describe('negotiating the page locale', () => {
  it('takes ?lang= first, then Accept-Language, then the tenant default, then English', () => {
    const all = { requested: 'de', acceptLanguage: 'fr', defaultLocale: 'it-IT' };
    expect(negotiateLocale(all)).toEqual({ tag: 'de', language: 'de' });
    expect(negotiateLocale({ ...all, requested: undefined })).toEqual({ tag: 'fr', language: 'fr' });
    expect(negotiateLocale({ defaultLocale: 'it-IT' })).toEqual({ tag: 'it-IT', language: 'it' });
    expect(negotiateLocale({})).toEqual(ENGLISH);
  });

  it('honours q-values, ties in header order, and q=0 as a refusal', () => {
    expect(negotiateLocale({ acceptLanguage: 'nl;q=0.5, es;q=0.9, pt;q=0.7' }).language).toBe('es');
    expect(negotiateLocale({ acceptLanguage: 'pt;q=0.8, de;q=0.8' }).language).toBe('pt');
    expect(negotiateLocale({ acceptLanguage: 'fr;q=0, de;q=0.1' }).language).toBe('de');
    expect(acceptedRanges('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual([
      'fr-CH',
      'fr',
      'en',
      'de',
    ]);
  });

  it('picks the first supported language by its primary subtag, keeping the region for dates and html lang', () => {
    expect(negotiateLocale({ acceptLanguage: 'ja, zh-Hant;q=0.9, pt-BR;q=0.8, en;q=0.7' })).toEqual({
      tag: 'pt-BR',
      language: 'pt',
    });
    expect(negotiateLocale({ acceptLanguage: 'FR-ch' })).toEqual({ tag: 'fr-CH', language: 'fr' });
  });

  it('falls through unsupported and malformed inputs without failing', () => {
    expect(negotiateLocale({ acceptLanguage: 'ja, ko;q=0.9, *', defaultLocale: 'nl-BE' })).toEqual({
      tag: 'nl-BE',
      language: 'nl',
    });
    expect(negotiateLocale({ acceptLanguage: 'de;q=2, fr;q=abc, it;q=0.5;q=1' }).language).toBe('it');
    expect(negotiateLocale({ defaultLocale: 'xx-YY' })).toEqual(ENGLISH);
    expect(negotiateLocale({ acceptLanguage: `${'de,'.repeat(40)}fr` }).language).toBe('de');
  });

  it('ignores a ?lang= that is garbage, unsupported, or a list, and uses the next source', () => {
    for (const requested of [
      '',
      'french',
      'fr;',
      '<script>',
      'ja',
      'fr,de',
      'fr-',
      '../fr',
      'f',
      'x'.repeat(300),
    ]) {
      expect(negotiateLocale({ requested, acceptLanguage: 'es' })).toEqual({ tag: 'es', language: 'es' });
    }
    expect(negotiateLocale({ requested: ' it ', acceptLanguage: 'es' }).language).toBe('it');
  });

  it('knows each of the seven languages by its code', () => {
    for (const language of LANGUAGES) expect(supportedLocale(language)).toEqual({ tag: language, language });
  });
});

describe('a text given per locale', () => {
  const name = { en: 'News', fr: 'Actualités', 'pt-PT': 'Notícias (PT)', 'pt-BR': 'Notícias (BR)', de: ' ' };

  it('is shown in the page locale, then its language, then the tenant default, then the first given', () => {
    expect(localizedText(name, { tag: 'fr-CA', language: 'fr' })).toBe('Actualités');
    expect(localizedText(name, { tag: 'pt-BR', language: 'pt' })).toBe('Notícias (BR)');
    expect(localizedText(name, { tag: 'pt', language: 'pt' })).toBe('Notícias (PT)');
    expect(localizedText(name, { tag: 'es', language: 'es' }, 'fr-FR')).toBe('Actualités');
    expect(localizedText(name, { tag: 'de', language: 'de' })).toBe('News');
    expect(localizedText({ it: 'Novità', nl: 'Nieuws' }, { tag: 'es', language: 'es' })).toBe('Novità');
    expect(localizedText('Plain', { tag: 'nl', language: 'nl' })).toBe('Plain');
  });
});

describe('a date on a page', () => {
  const until = '2027-03-02T10:00:00.000Z';

  it('is written the way each language writes it, in UTC', () => {
    const written = Object.fromEntries(
      LANGUAGES.map((language) => [language, formatDate({ tag: language, language }, until)]),
    );
    expect(written).toEqual({
      en: '2 March 2027',
      fr: '2 mars 2027',
      de: '2. März 2027',
      es: '2 de marzo de 2027',
      it: '2 marzo 2027',
      pt: '2 de março de 2027',
      nl: '2 maart 2027',
    });
    expect(formatDate({ tag: 'en-US', language: 'en' }, until)).toBe('March 2, 2027');
    expect(formatDate({ tag: 'fr', language: 'fr' }, '2027-03-01T23:30:00Z')).toBe('1er mars 2027');
  });
});
