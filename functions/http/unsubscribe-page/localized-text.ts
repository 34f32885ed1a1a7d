import type { LocalizedText } from '#domain/topics';
import type { PageLocale } from './languages';

const languageOf = (tag: string) => tag.split('-', 1)[0]?.toLowerCase() ?? '';

/**
 * One text of an admin's (a topic's name or description) in the page's locale: the exact locale (`pt-BR`), then
 * its language (`pt`, or any `pt-*`), then the tenant's default locale and its language, then the first one given.
 * Blank translations count as missing.
 */
export const localizedText = (text: LocalizedText, locale: PageLocale, defaultLocale?: string): string => {
  if (typeof text === 'string') return text;
  const given = Object.entries(text).filter(([, value]) => value.trim() !== '');
  const exactly = (tag: string) => given.find(([key]) => key.toLowerCase() === tag.toLowerCase())?.[1];
  const inLanguage = (tag: string) =>
    exactly(tag) ??
    exactly(languageOf(tag)) ??
    given.find(([key]) => languageOf(key) === languageOf(tag))?.[1];
  return (
    inLanguage(locale.tag) ??
    (defaultLocale === undefined ? undefined : inLanguage(defaultLocale)) ??
    given[0]?.[1] ??
    ''
  );
};
