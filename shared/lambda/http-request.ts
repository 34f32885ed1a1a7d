import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '#domain/errors';
import { validateDocument } from '#domain/validation-issues';
import type * as z from '#domain/zod';

/*
 * The one request layer of every HTTP route: body decoding (JSON, text, forms), schema validation with one
 * format of issues (shared/domain/validation-issues.ts), and strict query strings. Errors are typed
 * (http-errors.ts maps them to 400, 413 and 415 with the one error envelope). Why not middy's body parsers:
 * docs/decisions.md, "One request layer".
 */

/** The body formats a route may take, by media type. */
export const BODY_FORMATS = {
  json: ['application/json'],
  text: ['text/plain'],
  form: ['application/x-www-form-urlencoded', 'multipart/form-data'],
} as const;
export type BodyFormat = keyof typeof BODY_FORMATS;

/** The body's media type, lower-cased, without parameters (`application/json`). */
export const mediaTypeOf = (event: APIGatewayProxyEventV2): string =>
  (event.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';

/** The body's bytes (API Gateway base64-encodes non-text media types), refused past `maxBytes` with a 413. */
export const bodyBytes = (event: APIGatewayProxyEventV2, maxBytes: number): Buffer => {
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(
      `the body is ${bytes.byteLength} bytes; this route takes at most ${maxBytes}`,
    );
  }
  return bytes;
};

/** The format of the body among those the route takes; any other media type is a 415 naming what it takes. */
export const bodyFormatOf = <F extends BodyFormat>(
  event: APIGatewayProxyEventV2,
  accepted: readonly F[],
): F => {
  const mediaType = mediaTypeOf(event);
  const format = accepted.find((candidate) =>
    (BODY_FORMATS[candidate] as readonly string[]).includes(mediaType),
  );
  if (format !== undefined) return format;
  throw new UnsupportedMediaTypeError(
    `send the body as ${accepted.flatMap((candidate) => BODY_FORMATS[candidate]).join(' or ')} (got ${
      mediaType === '' ? 'no content type' : mediaType
    })`,
  );
};

/** Parses JSON text against a strict schema: a missing or malformed document, or one that does not fit, is a 400. */
export const parseJsonDocument = <T>(
  text: string,
  schema: z.core.$ZodType<T>,
  prefix: string | undefined = 'body',
): T => {
  if (text.trim() === '') throw new InvalidInputError('a JSON body is required', undefined, 'invalid_json');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidInputError('the body is not valid JSON', undefined, 'invalid_json');
  }
  return validateDocument(schema, document, prefix);
};

/** An `application/json` body against a strict schema: 415 for another media type, 413 over `maxBytes`, else 400s. */
export const jsonBody = <T>(
  event: APIGatewayProxyEventV2,
  schema: z.core.$ZodType<T>,
  maxBytes: number,
): T => {
  bodyFormatOf(event, ['json']);
  return parseJsonDocument(bodyBytes(event, maxBytes).toString('utf8'), schema);
};

/** A `text/plain` body as its non-blank lines, in order (so results line up with the lines a person sent). */
export const textLines = (event: APIGatewayProxyEventV2, maxBytes: number): string[] =>
  bodyBytes(event, maxBytes)
    .toString('utf8')
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '');

/**
 * A form body's fields: `application/x-www-form-urlencoded` (what HTML forms and RFC 8058 senders send), or
 * `multipart/form-data` through the platform's own parser (`Request.formData()`). A body that does not parse has
 * no fields: the caller decides what an empty form means.
 */
export const formFields = async (
  event: APIGatewayProxyEventV2,
  maxBytes: number,
): Promise<URLSearchParams> => {
  const body = bodyBytes(event, maxBytes);
  if (mediaTypeOf(event) !== 'multipart/form-data') return new URLSearchParams(body.toString('utf8'));
  try {
    const form = await new Request('https://localhost/', {
      method: 'POST',
      headers: { 'content-type': event.headers['content-type'] ?? '' },
      body,
    }).formData();
    const fields = new URLSearchParams();
    for (const [name, value] of form) if (typeof value === 'string') fields.append(name, value);
    return fields;
  } catch {
    return new URLSearchParams();
  }
};

/** Refuses any body on a route that takes none. */
export const noBody = (event: APIGatewayProxyEventV2, maxBytes: number): void => {
  if (bodyBytes(event, maxBytes).toString('utf8').trim() !== '') {
    throw new InvalidInputError('this route takes no body');
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

/** `limit`: a whole number from 1 to `max`, `default` when absent. */
export const limitOf = (
  value: string | undefined,
  limits: { readonly default: number; readonly max: number },
): number => {
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
