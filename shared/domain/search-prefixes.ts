/**
 * Turns an admin's search text into the prefixes of normalized values it should match (R3 `begins_with`):
 *
 * - the text itself, trimmed and lower-cased (emails, domains written `@…`, LinkedIn `linkedin.com/in/…`);
 * - for text that could start a domain (`acme`, `acme.co`), also `@` + text and `@*.` + text, so exact and
 *   wildcard domain entries match by domain;
 * - for text that looks like the start of a phone number (`+33 6 12`, `0044`), also `+` and its digits, the E.164
 *   form phones are stored in;
 * - for a LinkedIn URL, the part from `linkedin.com/in/` on, whatever the scheme or host prefix.
 *
 * Internationalized domains are stored in punycode, so they are found by their `xn--` form.
 */
export const searchPrefixes = (text: string): string[] => {
  const q = text.trim().toLowerCase();
  if (q === '') return [];
  const prefixes = new Set([q]);
  if (/^[a-z0-9][a-z0-9.-]*$/.test(q)) {
    prefixes.add(`@${q}`);
    prefixes.add(`@*.${q}`);
  }
  if (/^\+?[\d\s().-]+$/.test(q) && /\d/.test(q)) {
    const digits = q.replace(/\D/g, '').replace(/^00/, '');
    if (digits !== '') prefixes.add(`+${digits}`);
  }
  const profile = q.indexOf('linkedin.com/in/');
  if (profile > 0) prefixes.add(q.slice(profile));
  return [...prefixes];
};
