import { ENGLISH, isLanguage, type PageLocale } from './languages';

/** A well-formed language tag, loosely (Intl decides the rest); long enough for `zh-Hant-TW-x-private`. */
const TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,6}$/;

/** Browsers send a handful of ranges; anything longer is not a browser, and parsing it would only cost. */
const MAX_RANGES = 32;

/** The page locale a tag asks for, when it is well formed and its language is one the pages speak. */
export const supportedLocale = (tag: string | undefined): PageLocale | undefined => {
  const trimmed = tag?.trim() ?? '';
  if (!TAG.test(trimmed)) return undefined;
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    return undefined;
  }
  const language = canonical?.split('-', 1)[0]?.toLowerCase() ?? '';
  return canonical !== undefined && isLanguage(language) ? { tag: canonical, language } : undefined;
};

/** `q=0.8`: RFC 9110 §12.4.2 allows at most three decimals and nothing above 1. */
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The ranges of an `Accept-Language` header (RFC 9110 §12.5.4), most wanted first: ranges with a malformed weight
 * are dropped, `q=0` means "not this one", ties keep the header's order. `*` is dropped too: it accepts anything,
 * which is what the tenant's default already is.
 */
export const acceptedRanges = (header: string | undefined): string[] =>
  (header ?? '')
    .split(',', MAX_RANGES)
    .map((part, index) => {
      const [range = '', ...params] = part.split(';').map((piece) => piece.trim());
      const weight = params.find((param) => /^q=/i.test(param));
      const match = weight === undefined ? ['', '1'] : QUALITY.exec(weight);
      return { range, quality: match ? Number(match[1]) : 0, index };
    })
    .filter(({ range, quality }) => quality > 0 && range !== '' && range !== '*')
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map(({ range }) => range);

export interface LocaleInputs {
  /** `?lang=` of the URL: the language switcher's choice. */
  readonly requested?: string | undefined;
  /** The browser's `Accept-Language` header. */
  readonly acceptLanguage?: string | undefined;
  /** The tenant's default locale (from its settings), when the link opened. */
  readonly defaultLocale?: string | undefined;
}

/**
 * The locale of a page, first that the pages speak of: the switcher's `?lang=`, then the browser's
 * `Accept-Language` in order of preference, then the tenant's default locale, then English. Anything malformed
 * or unsupported at one step falls through to the next: a language choice never fails a page.
 */
export const negotiateLocale = ({ requested, acceptLanguage, defaultLocale }: LocaleInputs): PageLocale =>
  supportedLocale(requested) ??
  acceptedRanges(acceptLanguage)
    .map(supportedLocale)
    .find((locale) => locale !== undefined) ??
  supportedLocale(defaultLocale) ??
  ENGLISH;
