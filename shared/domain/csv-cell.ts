/**
 * Characters that make a spreadsheet treat a cell as a formula when they start it: `=`, `+`, `-`, `@` (Lotus
 * style, still honoured by Excel), tab and carriage return (OWASP "CSV Injection"), plus line feed and the
 * fullwidth forms of the four signs, which some spreadsheets fold to ASCII.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/**
 * A normalized domain entry and nothing else: `@`, then dot-separated labels of lower-case ASCII letters, digits
 * and hyphens (punycode for internationalized names). With no parenthesis, quote, `!`, `|`, `:`, space or
 * operator there is no function call, no DDE, no reference to another sheet or file: nothing a spreadsheet could
 * run or fetch.
 */
const PLAIN_DOMAIN_ENTRY = /^@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;

/**
 * Makes one CSV cell safe to open in a spreadsheet: a cell starting with a formula character gets a leading
 * single quote, which spreadsheets show as text, except a plain domain entry (`@example.com`), which stays as it
 * is so exports keep listing domains the way they are entered and re-imported. docs/csv-export.md explains the
 * rule and its trade-offs.
 */
export const neutralizeCsvCell = (text: string): string =>
  FORMULA_START.test(text) && !PLAIN_DOMAIN_ENTRY.test(text) ? `'${text}` : text;
