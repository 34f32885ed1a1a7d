/** The forms of a word by plural category (CLDR); `other` is the one every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

/** The plural chooser of a language: the form its rules pick for `count`, `other` when a form is not given. */
export const pluralOf = (language: string) => {
  const rules = new Intl.PluralRules(language);
  return (count: number, forms: PluralForms): string => forms[rules.select(count)] ?? forms.other;
};

/** `a, b and c` / `a, b ou c` in a language's own way. */
export const listOf = (language: string, type: 'conjunction' | 'disjunction') => {
  const format = new Intl.ListFormat(language, { type, style: 'long' });
  return (items: readonly string[]): string => format.format(items);
};

/** A whole number in a language's own digits and grouping (`1 000`, `1.000`). */
export const numberOf = (language: string) => {
  const format = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  return (value: number): string => format.format(value);
};
