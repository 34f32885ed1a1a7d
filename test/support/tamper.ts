/**
 * A sealed token or URL with one character changed in the middle.
 *
 * Why the middle: a base64url string's last character may carry unused low bits, so changing it (or swapping
 * the last characters) can leave the decoded bytes as they were and the "tampered" token valid — a test that
 * fails about once in a few hundred runs. A middle character always carries six bits of the sealed bytes, and
 * flipping its lowest bit always yields a different character of the same alphabet.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const tamperedInTheMiddle = (sealed: string, at = Math.floor(sealed.length / 2)): string => {
  const index = ALPHABET.indexOf(sealed[at] ?? '');
  if (index < 0) throw new Error(`character ${at} of the token is not base64url`);
  return `${sealed.slice(0, at)}${ALPHABET[index ^ 1]}${sealed.slice(at + 1)}`;
};

/** The same for a link: the change lands in the middle of the token after the last `/`. */
export const tamperedLink = (url: string): string => {
  const start = url.lastIndexOf('/') + 1;
  const token = url.slice(start);
  return `${url.slice(0, start)}${tamperedInTheMiddle(token)}`;
};
