import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { ADMIN_LIMITS } from '#domain/admin-limits';
import { InvalidInputError, PayloadTooLargeError } from '#domain/errors';
import type { Principal } from '#domain/roles';
import { parseContactId } from '#domain/tenant';
import type { AdminApiUseCases } from '#wiring/admin-api';

/** What every admin operation gets: the event, the verified caller, the use cases, and the request's instant. */
export interface AdminRequest {
  readonly event: APIGatewayProxyEventV2;
  readonly principal: Principal;
  readonly useCases: AdminApiUseCases;
  readonly now: Date;
}

export type AdminOperationHandler = (request: AdminRequest) => Promise<APIGatewayProxyStructuredResultV2>;

/** The body's media type, lower-cased, without parameters (`application/json`). */
export const mediaTypeOf = (event: APIGatewayProxyEventV2): string =>
  (event.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';

/** The body as text (API Gateway base64-encodes non-text media types), refused past `maxBytes`. */
export const bodyText = (event: APIGatewayProxyEventV2, maxBytes: number): string => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(
      `the body is ${bytes.byteLength} bytes; this route takes at most ${maxBytes}`,
    );
  }
  return bytes.toString('utf8');
};

/** One line per zod issue, naming the field: `body.values: expected array, received string`. */
const describeIssues = (issues: readonly z.core.$ZodIssue[]) =>
  issues.slice(0, 10).map((issue) => ({
    field: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

/**
 * Parses an `application/json` body against a strict schema: another media type, a missing or malformed body,
 * an unknown field or a wrong type is a 400 naming what was wrong; a body over the JSON cap a 413.
 */
export const jsonBody = <T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): T => {
  const mediaType = mediaTypeOf(event);
  if (mediaType !== 'application/json') {
    throw new InvalidInputError(
      `send the body as application/json (got ${mediaType === '' ? 'no content type' : mediaType})`,
      undefined,
      'unsupported_media_type',
    );
  }
  return parseJson(bodyText(event, ADMIN_LIMITS.jsonBodyBytes), schema);
};

/** Parses JSON text against a schema, with the same errors as {@link jsonBody}. */
export const parseJson = <T>(text: string, schema: z.ZodType<T>): T => {
  if (text.trim() === '') throw new InvalidInputError('a JSON body is required', undefined, 'invalid_json');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidInputError('the body is not valid JSON', undefined, 'invalid_json');
  }
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    throw new InvalidInputError(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '), {
      issues,
    });
  }
  return parsed.data;
};

/** Refuses a value list longer than the route takes, before any value is looked at. */
export const capValues = (count: number, max: number, what = 'values'): void => {
  if (count > max) {
    throw new PayloadTooLargeError(`${count} ${what} sent; this route takes at most ${max} a request`);
  }
};

/** How a query parameter may appear: once, or several times (also comma-separated). */
export type ParameterArity = 'one' | 'many';

/**
 * The query string, strictly: a parameter the route does not know, or a single-valued one given twice, is a
 * 400 naming it. Read from `rawQueryString` because `queryStringParameters` joins repeats with commas and hides
 * them. Several-valued parameters may repeat (`source=link&source=bounce`) or list values (`source=link,bounce`).
 */
export const queryOf = (
  event: APIGatewayProxyEventV2,
  allowed: Readonly<Record<string, ParameterArity>>,
): Map<string, string[]> => {
  const query = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? '')) {
    query.set(name, [...(query.get(name) ?? []), value]);
  }
  const unknown = [...query.keys()].filter((name) => !Object.hasOwn(allowed, name));
  if (unknown.length > 0) {
    const known = Object.keys(allowed);
    throw new InvalidInputError(
      `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => JSON.stringify(name)).join(', ')}; ${
        known.length === 0 ? 'this route takes none' : `this route takes ${known.join(', ')}`
      }`,
      { unknown },
      'unknown_parameter',
    );
  }
  for (const [name, values] of query) {
    if (allowed[name] === 'one' && values.length > 1) {
      throw new InvalidInputError(`query parameter "${name}" is given ${values.length} times; give it once`);
    }
    if (allowed[name] === 'many') {
      query.set(
        name,
        values.flatMap((value) => value.split(',')).map((value) => value.trim()),
      );
    }
  }
  return query;
};

/** A single-valued parameter, or undefined when absent. */
export const one = (query: ReadonlyMap<string, readonly string[]>, name: string): string | undefined =>
  query.get(name)?.[0];

/** `limit`: a whole number from 1 to `max`, `fallback` when absent. */
export const limitOf = (
  value: string | undefined,
  limits: { readonly default: number; readonly max: number },
) => {
  if (value === undefined) return limits.default;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > limits.max) {
    throw new InvalidInputError(
      `limit must be a whole number from 1 to ${limits.max}; got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
};

/** `cursor`: opaque; only its presence is checked here (the use case verifies its signature). */
export const cursorOf = (value: string | undefined): string | undefined => {
  if (value === '') throw new InvalidInputError('cursor is empty; leave it out to start at the beginning');
  return value;
};

/** The `{contactId}` path parameter (decoded by API Gateway), validated like every contact id. */
export const contactIdOf = (event: APIGatewayProxyEventV2): string => {
  const parsed = parseContactId(event.pathParameters?.contactId);
  if (!parsed.ok) throw new InvalidInputError(parsed.error);
  return parsed.value;
};
