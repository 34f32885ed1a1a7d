import type { PageLocale } from './languages';

/**
 * Formatting locales for a bare language where its default reads poorly to most of our readers: plain `en` would
 * give "March 2, 2027", which much of Europe misreads in its short forms; `en-GB`'s "2 March 2027" is read one way
 * everywhere. A browser that asks for `en-US` still gets its own order.
 */
const DATE_LOCALE_OF_LANGUAGE: Readonly<Record<string, string>> = { en: 'en-GB' };

/**
 * An instant as a long date in the page's locale ("2 March 2027", "2 mars 2027", "2. März 2027"), in UTC: the page
 * cannot know the reader's time zone without a script, and a pause ends at an instant, not at a local midnight.
 * French writes the first of a month as an ordinal ("1er mars"), which `Intl` does not.
 */
export const formatDate = (locale: PageLocale, iso: string): string => {
  const tag =
    locale.tag === locale.language ? (DATE_LOCALE_OF_LANGUAGE[locale.language] ?? locale.tag) : locale.tag;
  const parts = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).formatToParts(
    new Date(iso),
  );
  return parts
    .map((part) =>
      locale.language === 'fr' && part.type === 'day' && part.value === '1' ? '1er' : part.value,
    )
    .join('');
};
