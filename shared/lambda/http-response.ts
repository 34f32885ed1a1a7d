import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Headers every API response carries: no caching of suppression data, no sniffing. */
const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export const jsonResponse = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...API_HEADERS, ...headers },
  body: JSON.stringify(body),
});

/** The one error shape of every API: `{ "error": { "code", "message", "details"? } }`. */
export const errorResponse = (statusCode: number, code: string, message: string, details?: unknown) =>
  jsonResponse(statusCode, { error: { code, message, ...(details === undefined ? {} : { details }) } });
