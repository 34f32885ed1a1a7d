import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { describeInvalidValue } from '#domain/invalid-value';
import type { Kind } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import type { SuppressionKey } from '#domain/suppression';
import { invalidDocumentError } from '#domain/validation-issues';
import type { ValueHasher } from '#domain/value-hash';

/**
 * The one value a request names in `body.value` (an email, `@domain`, phone number or LinkedIn URL, its kind
 * recognised as in bulk add), normalized with the tenant's parser options and keyed under the tenant: the keys are
 * the tenant's, so another workspace's value of the same text is another key. An invalid one is a 400 naming it.
 */
export const requestedValue = async (
  deps: { readonly hashValue: ValueHasher; readonly normalizeOptionsFor: NormalizeOptionsFor },
  tenantId: string,
  raw: unknown,
): Promise<{ readonly kind: Kind; readonly value: string; readonly key: SuppressionKey }> => {
  const parsed = parseAnyValue(raw, await deps.normalizeOptionsFor(tenantId));
  if (!parsed.ok) {
    throw invalidDocumentError([{ field: 'body.value', message: describeInvalidValue(parsed.error) }]);
  }
  const { kind, value } = parsed.value;
  return { kind, value, key: { tenantId, kind, valueHash: deps.hashValue(kind, value) } };
};
