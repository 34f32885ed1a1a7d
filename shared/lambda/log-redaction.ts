import { maskValue } from '#domain/mask';

/** Keys whose string values are contact details: logged masked (`j***@example.com`, `+33******78`). */
const CONTACT_KEYS = new Set([
  'email',
  'emails',
  'phone',
  'phones',
  'linkedin',
  'linkedinurl',
  'linkedinurls',
  'address',
  'addresses',
  'value',
  'values',
  'recipient',
  'emailaddress',
  'destination',
  // A teammate's address from their credential (Principal.email, an actor's `email`, a source's adder).
  'addedbyemail',
]);

/**
 * Keys whose values name a person (a teammate's `name` claim: Principal.displayName, an actor's, a source's
 * adder): never logged. Generic `name` is not among them: it names errors, functions and systems.
 */
const PERSON_NAME_KEYS = new Set(['displayname', 'addedbyname']);

/** Keys whose values are credentials or keys: never logged at all. */
const SECRET_KEYS = new Set([
  'token',
  'authorization',
  'cookie',
  'secret',
  'key',
  'bootstrapkey',
  'valuehashkey',
  'linkkeys',
  'password',
]);

export const REDACTED = '[redacted]';

/**
 * Addresses inside free text (an error message, a diagnostic, a header): the local part goes, the domain stays.
 * Deliberately loose: a false positive costs a masked word, a miss costs an address in the logs.
 */
const EMBEDDED_ADDRESS =
  /[^\s@<>"'(),;:[\]]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)/gi;

const maskEmbeddedAddresses = (text: string): string =>
  text.includes('@')
    ? text.replace(EMBEDDED_ADDRESS, (match, domain: string) => `${[...match][0]}***@${domain}`)
    : text;

/**
 * Masks one contact detail whose kind is not known: the shape says which mask applies. Only a lone `@domain` is
 * shown whole; text that merely starts with `@` may still carry an address.
 */
const maskContact = (value: string): string => {
  const text = value.trim();
  if (/^@[^\s@]+$/.test(text)) return maskValue('domain', text);
  if (text.includes('@')) return maskValue('email', text);
  if (/linkedin\.com\//i.test(text)) return maskValue('linkedin', text.replace(/\/+$/, ''));
  if (/^\+?[\d\s().-]{6,}$/.test(text)) return maskValue('phone', text.replace(/[^\d+]/g, ''));
  return REDACTED;
};

const normalizedKey = (key: string): string => key.replace(/[_-]/g, '').toLowerCase();

/**
 * The logger's JSON replacer (Powertools `jsonReplacerFn`), the last line of defence for "no clear-text
 * addresses in logs": whatever a handler passes to the logger, and the event if event logging is ever switched
 * on, is written only after this ran on every key.
 *
 * - credentials (`token`, `authorization`, `cookie`, keys) and people's names (`displayName`, `addedByName`)
 *   become `[redacted]`;
 * - contact details under keys such as `email`, `phone`, `value` or `address` are masked like `maskValue`
 *   (an unrecognisable one is redacted), strings in arrays under those keys too;
 * - any other string has the addresses it contains masked, which covers error messages and stacks.
 *
 * Hashes (`valueHash`), ids, tenants and counts pass unchanged: they are what logs are for.
 */
export const redactLogValue = (key: string, value: unknown): unknown => {
  const name = normalizedKey(key);
  if (SECRET_KEYS.has(name) || PERSON_NAME_KEYS.has(name)) {
    return value === undefined || value === null ? value : REDACTED;
  }
  if (CONTACT_KEYS.has(name)) {
    if (typeof value === 'string') return maskContact(value);
    if (Array.isArray(value))
      return value.map((item) => (typeof item === 'string' ? maskContact(item) : item));
  }
  return typeof value === 'string' ? maskEmbeddedAddresses(value) : value;
};
