import { type SuppressValueOutcome, type SuppressValuesDeps, suppressValues } from '#app/suppress-values';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { actorOf, addSourceOf } from '#domain/acting-principal';
import { describeInvalidValue, type InvalidValueError } from '#domain/invalid-value';
import type { Kind, NormalizedValue } from '#domain/kinds';
import { parseAnyValue } from '#domain/normalize';
import type { Result } from '#domain/result';
import type { Principal } from '#domain/roles';
import type { Source } from '#domain/sources';

export interface AddSuppressionsDeps extends SuppressValuesDeps {
  /** The parsers' options of the tenant (its default phone country). */
  readonly normalizeOptionsFor: NormalizeOptionsFor;
}

export interface AddSuppressionsInput {
  readonly tenantId: string;
  readonly principal: Principal;
  /** One entry per input line or array element, in order; non-strings are reported invalid. */
  readonly values: readonly unknown[];
  readonly note?: string;
  readonly at: Date;
}

export type AddResult =
  | {
      readonly input: string;
      readonly status: 'added';
      readonly value: string;
      readonly kind: Kind;
      readonly source: Source;
    }
  | {
      readonly input: string;
      readonly status: 'already_suppressed';
      readonly value: string;
      readonly kind: Kind;
      /** The source that held it first; `sources` lists all that held it before this request. */
      readonly source: Source;
      readonly sources: readonly Source[];
    }
  | { readonly input: string; readonly status: 'invalid'; readonly error: string };

/** Echoes an input as text: strings as given, anything else as the parser described it. */
export const inputText = (value: unknown, described: string): string =>
  typeof value === 'string' ? value : described;

/**
 * Bulk add, as a teammate (source `admin`) or a server credential (source `api`) does it:
 * 1. parses every value on its own, guessing its kind (`@domain`, email, phone, LinkedIn URL);
 * 2. suppresses the valid ones together (see `suppressValues`), the note kept as the entries' detail;
 * 3. answers one result per input value, in order: `added`, `already_suppressed` (with the sources that held it)
 *    or `invalid` (with the reason). A bad value never stops the good ones.
 */
export const addSuppressions =
  (deps: AddSuppressionsDeps) =>
  async (input: AddSuppressionsInput): Promise<AddResult[]> => {
    const options = await deps.normalizeOptionsFor(input.tenantId);
    const parsed = input.values.map((value) => parseAnyValue(value, options));
    const valid = parsed.flatMap((result) => (result.ok ? [result.value] : []));
    const source = addSourceOf(input.principal);
    const outcomes = await suppressValues(deps)({
      tenantId: input.tenantId,
      values: valid,
      source,
      actor: actorOf(input.principal),
      at: input.at,
      ...(input.note === undefined ? {} : { detail: { note: input.note } }),
    });
    let next = 0;
    return parsed.map((result, index) =>
      addResultOf(input.values[index], result, result.ok ? outcomes[next++] : undefined, source),
    );
  };

/** One value's answer, from its parse result and, when it was valid, what writing it did. */
export const addResultOf = (
  raw: unknown,
  parsed: Result<NormalizedValue, InvalidValueError>,
  outcome: SuppressValueOutcome | undefined,
  source: Source,
): AddResult => {
  if (!parsed.ok) {
    return {
      input: inputText(raw, parsed.error.input),
      status: 'invalid',
      error: describeInvalidValue(parsed.error),
    };
  }
  const common = {
    input: inputText(raw, parsed.value.display),
    value: parsed.value.value,
    kind: parsed.value.kind,
  };
  return outcome?.status === 'already_suppressed'
    ? {
        ...common,
        status: 'already_suppressed',
        source: outcome.sources[0] ?? source,
        sources: outcome.sources,
      }
    : { ...common, status: 'added', source };
};
