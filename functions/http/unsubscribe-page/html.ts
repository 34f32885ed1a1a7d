/** Markup that is already safe: produced by {@link html}, never by concatenating input. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

type Interpolation = SafeHtml | string | number | false | null | undefined | readonly Interpolation[];

const render = (value: Interpolation): string => {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(String(value));
};

/**
 * A template tag that escapes every interpolated value unless it is itself {@link SafeHtml}, so a tenant name or
 * a postal address can never inject markup: safe is the default, and there is no way to opt out for a string.
 *
 * @example
 * html`<p>${name}</p>` // name "<b>" renders as &lt;b&gt;
 */
export const html = (strings: TemplateStringsArray, ...values: readonly Interpolation[]): SafeHtml =>
  new SafeHtml(
    strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ''), ''),
  );
