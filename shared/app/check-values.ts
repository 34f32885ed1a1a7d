import { inputText } from '#app/add-suppressions';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { toSuppressionItem } from '#app/suppression-item';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { UnavailableError } from '#domain/errors';
import { describeInvalidValue } from '#domain/invalid-value';
import type { Kind, NormalizedValue } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import { domainEntriesCovering, domainOfEmail } from '#domain/normalize-domain';
import type { Scope, Source } from '#domain/sources';
import type { SuppressionKey } from '#domain/suppression';
import { GLOBAL_TENANT } from '#domain/tenant';
import type { ValueHasher } from '#domain/value-hash';

export interface CheckValuesDeps {
  readonly suppressions: Pick<SuppressionRepository, 'batchGetSuppressions'>;
  readonly hashValue: ValueHasher;
  /** The parsers' options of the tenant (its default phone country). */
  readonly normalizeOptionsFor: NormalizeOptionsFor;
}

export interface CheckValuesInput {
  readonly tenantId: string;
  readonly values: readonly unknown[];
}

/**
 * An entry that blocks a checked value: the value itself or a domain entry covering it (exact or wildcard), in the
 * tenant's list or the global one.
 */
export interface CheckMatch {
  readonly value: string;
  readonly kind: Kind;
  readonly source: Source;
  readonly sources: readonly Source[];
  readonly scope: Scope;
  readonly createdAt: string;
  /** Present (true) when the entry is on the global list, which applies to every tenant. */
  readonly global?: true;
}

export type CheckResult =
  | {
      readonly input: string;
      readonly value: string;
      readonly kind: Kind;
      readonly suppressed: boolean;
      readonly matches: readonly CheckMatch[];
    }
  | {
      readonly input: string;
      readonly suppressed: false;
      readonly matches: readonly [];
      readonly error: string;
    };

/** BatchGetItem calls in flight: up to 400 calls for 10,000 emails, so many at once. */
const READ_CONCURRENCY = 16;

/**
 * Check-before-import: which of these values are blocked, and by what.
 * 1. parses every value (kind guessed as in bulk add); invalid ones are reported, never "not suppressed";
 * 2. reads, batched and de-duplicated (R2), each value's entry and the domain entries covering it
 *    (`domainEntriesCovering`: for an email or a domain, its exact domain entry and the wildcard entries of it and
 *    its parents; for a wildcard entry, the wildcards covering it), in the tenant's list and in the global list;
 * 3. answers per value the entries found (`global: true` for the global list), tenant's first.
 * Fail closed: if any entry could not be read after retries, the whole answer is a 503 rather than a guess.
 */
export const checkValues =
  (deps: CheckValuesDeps) =>
  async (input: CheckValuesInput): Promise<CheckResult[]> => {
    const options = await deps.normalizeOptionsFor(input.tenantId);
    const parsed = input.values.map((value) => parseAnyValue(value, options));
    const candidatesOf = (value: NormalizedValue) => {
      const domains =
        value.kind === 'email'
          ? domainEntriesCovering(domainOfEmail(value.value))
          : value.kind === 'domain'
            ? domainEntriesCovering(value.value)
            : [];
      const own: { kind: Kind; value: string }[] = [{ kind: value.kind, value: value.value }];
      for (const domain of domains) if (domain !== value.value) own.push({ kind: 'domain', value: domain });
      return [input.tenantId, GLOBAL_TENANT].flatMap((tenantId) =>
        own.map((candidate) => ({
          ...candidate,
          key: {
            tenantId,
            kind: candidate.kind,
            valueHash: deps.hashValue(candidate.kind, candidate.value),
          } as SuppressionKey,
        })),
      );
    };
    const candidates = parsed.map((result) => (result.ok ? candidatesOf(result.value) : []));
    const lookup = await deps.suppressions.batchGetSuppressions(
      candidates.flatMap((list) => list.map(({ key }) => key)),
      { concurrency: READ_CONCURRENCY },
    );
    if (lookup.unchecked.length > 0) {
      throw new UnavailableError(
        `${lookup.unchecked.length} entries could not be read; nothing is answered rather than a guess, retry the request`,
      );
    }
    const found = new Map([...lookup.entries.values()].map((entry) => [idOf(entry), entry]));

    return parsed.map((result, index): CheckResult => {
      if (!result.ok) {
        return {
          input: inputText(input.values[index], result.error.input),
          suppressed: false,
          matches: [],
          error: describeInvalidValue(result.error),
        };
      }
      const matches = (candidates[index] ?? []).flatMap((candidate): CheckMatch[] => {
        const entry = found.get(idOf(candidate.key));
        if (!entry) return [];
        const item = toSuppressionItem(entry);
        return [
          {
            // The value looked up, which is what matched: it stays known even if the entry's clear text was erased.
            value: candidate.value,
            kind: candidate.kind,
            source: item.source,
            sources: item.sources.map(({ source }) => source),
            scope: item.scope,
            createdAt: item.createdAt,
            ...(candidate.key.tenantId === GLOBAL_TENANT ? { global: true as const } : {}),
          },
        ];
      });
      return {
        input: inputText(input.values[index], result.value.display),
        value: result.value.value,
        kind: result.value.kind,
        suppressed: matches.length > 0,
        matches,
      };
    });
  };

const idOf = (key: SuppressionKey) => `${key.tenantId}\u0000${key.kind}\u0000${key.valueHash}`;
