import type { Role } from '#domain/roles';

/** An admin API call that did not succeed: the HTTP status (0 when the service was not reached) and its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details` when the API sent some (a 400's `issues`: `[{ field, message }]`). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly query?: URLSearchParams;
  readonly json?: unknown;
  readonly signal?: AbortSignal;
}

export interface Api {
  /** Sends the request and returns the response when it is a 2xx; throws {@link ApiError} otherwise. */
  request(path: string, options?: RequestOptions): Promise<Response>;
  json<T>(path: string, options?: RequestOptions): Promise<T>;
}

/** The message of the API's error shape (`{ error: { code, message } }`, or API Gateway's `{ message }`). */
const errorOf = async (
  response: Response,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> => {
  try {
    const body = (await response.json()) as {
      error?: { code?: unknown; message?: unknown; details?: unknown };
      message?: unknown;
    };
    if (body.error && typeof body.error.message === 'string') {
      const { details } = body.error;
      return {
        code: String(body.error.code ?? ''),
        message: body.error.message,
        ...(details && typeof details === 'object' ? { details: details as Record<string, unknown> } : {}),
      };
    }
    if (typeof body.message === 'string') return { code: '', message: body.message };
  } catch {
    // Not JSON: a proxy's page, an empty body. The status says enough.
  }
  return { code: '', message: response.statusText || `HTTP ${response.status}` };
};

/**
 * The admin API with the session's bearer token. A 401 (an expired or revoked token) calls `onUnauthorized`
 * before it throws, so the app can return to the sign-in page.
 */
export const createApi = (options: {
  readonly apiUrl: string;
  readonly token: () => string;
  readonly onUnauthorized: () => void;
}): Api => {
  const request = async (path: string, { method = 'GET', query, json, signal }: RequestOptions = {}) => {
    const search = query && query.toString() !== '' ? `?${query}` : '';
    const headers: Record<string, string> = { authorization: `Bearer ${options.token()}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.apiUrl}${path}${search}`, {
        method,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        ...(signal ? { signal } : {}),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'network', `Could not reach the service at ${options.apiUrl}.`);
    }
    if (response.ok) return response;
    const { code, message, details } = await errorOf(response);
    if (response.status === 401) options.onUnauthorized();
    throw new ApiError(response.status, code, message, details);
  };
  return {
    request,
    json: async <T>(path: string, requestOptions?: RequestOptions) =>
      (await (await request(path, requestOptions)).json()) as T,
  };
};

/**
 * What the screen says about a failed call: the API's own message for what the caller can fix (400, 404, 413),
 * and plain words for the rest. A 403 never shows raw: it names the role and what it may not do.
 */
export const messageOf = (error: unknown, role?: Role, action = 'do this'): string => {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? `Something went wrong: ${error.message}` : 'Something went wrong.';
  }
  switch (error.status) {
    case 0:
      return `${error.message} Check your connection and try again.`;
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return role
        ? `Your role (${role}) does not allow you to ${action}. Ask an admin of your workspace.`
        : `You are not allowed to ${action}.`;
    case 503:
      return 'The service is busy and did not answer; nothing was left half-done. Try again in a moment.';
    default:
      return error.status >= 500
        ? 'The service failed unexpectedly. Try again; if it keeps failing, tell your administrator.'
        : error.message;
  }
};
