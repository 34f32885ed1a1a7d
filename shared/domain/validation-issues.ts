import { InvalidInputError } from '#domain/errors';
import * as z from '#domain/zod';

/** One thing wrong with a document, named the way a person reading it would write the path. */
export interface ValidationIssue {
  /** `body.values[3]` (an HTTP body), `recipients[3].emails[0]` (an invoke payload); the root alone when empty. */
  readonly field: string;
  readonly message: string;
}

/** At most this many issues travel in `details.issues`; the message names the first. */
export const MAX_REPORTED_ISSUES = 20;

/**
 * `recipients[3].emails[0]`: the path as a person reading the document would write it. With a `prefix` (`body`
 * for HTTP bodies) every path starts with it and the root is the prefix; without one the root is `(payload)`.
 */
export const formatPath = (path: readonly PropertyKey[], prefix?: string): string =>
  path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    prefix ?? '',
  ) || '(payload)';

/** zod's issues as {@link ValidationIssue}s; an unknown field is reported on the object holding it, by name. */
export const issuesOf = (issues: readonly z.core.$ZodIssue[], prefix?: string): ValidationIssue[] =>
  issues.map((issue) => ({ field: formatPath(issue.path, prefix), message: issue.message }));

/** `recipients[0].emails[0]: Invalid input`, with how many more problems there are. */
export const describeIssues = (issues: readonly ValidationIssue[]): string => {
  const [first] = issues;
  if (!first) return 'invalid input';
  const more = issues.length - 1;
  return `${first.field}: ${first.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`;
};

/**
 * The one 400 for a document that does not fit its schema: the message names the first problem, `details.issues`
 * lists up to {@link MAX_REPORTED_ISSUES} of them as `{ field, message }`.
 */
export const invalidDocumentError = (issues: readonly ValidationIssue[]): InvalidInputError =>
  new InvalidInputError(describeIssues(issues), { issues: issues.slice(0, MAX_REPORTED_ISSUES) });

/**
 * Validates a parsed document against a schema, throwing {@link invalidDocumentError} when it does not fit. Any
 * zod 4 schema: zod/mini's (the project's) or a classic one (Powertools' parser schemas are classic).
 */
export const validateDocument = <T>(schema: z.core.$ZodType<T>, document: unknown, prefix?: string): T => {
  const parsed = z.safeParse(schema, document);
  if (!parsed.success) throw invalidDocumentError(issuesOf(parsed.error.issues, prefix));
  return parsed.data;
};
