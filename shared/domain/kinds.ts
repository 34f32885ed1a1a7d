/**
 * The contact details ("variables") Quietlist keeps suppressions for.
 * `domain` values are written with a leading `@` (`@example.com`) so that they never look like an address.
 */
export const KINDS = ['email', 'domain', 'phone', 'linkedin'] as const;
export type Kind = (typeof KINDS)[number];

export const isKind = (value: unknown): value is Kind => KINDS.includes(value as Kind);

/** A variable after normalization: `value` is the one form used for keys and comparisons, `display` is what was entered. */
export interface NormalizedValue {
  readonly kind: Kind;
  readonly value: string;
  readonly display: string;
}
