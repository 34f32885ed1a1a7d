/**
 * The languages the recipient's pages speak, and the locale a page is rendered in.
 */

/** In the order the language switcher lists them. */
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Each language's name in that language: the switcher must be readable by someone who cannot read the page's
 * current language. Not in the catalogues, because every page shows all of them.
 */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  it: 'Italiano',
  pt: 'Português',
  nl: 'Nederlands',
};

export const isLanguage = (code: string): code is Language => (LANGUAGES as readonly string[]).includes(code);

/**
 * The locale a page is rendered in: `tag` (canonical BCP 47, `fr-CH`) goes to `<html lang>`, `Content-Language`
 * and date formatting; `language` (its primary subtag, one we have a catalogue for) picks the messages.
 */
export interface PageLocale {
  readonly tag: string;
  readonly language: Language;
}

export const ENGLISH: PageLocale = { tag: 'en', language: 'en' };
