import type { LocalRoute } from './http-adapter';

/** What the local routes need to know about the running local service. */
export interface LocalRoutesContext {
  /** The DynamoDB table (in DynamoDB Local) the handlers use. */
  readonly tableName: string;
  /** DynamoDB Local's endpoint URL. */
  readonly endpoint: string;
  /** The local service's own base URL, e.g. `http://127.0.0.1:3000`, for links the handlers mint. */
  readonly baseUrl: string;
}

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The routes `npm start` serves, tried in order: the service's handlers behind the paths API Gateway gives them
 * when deployed, plus `/_local/*` helpers that exist only locally.
 */
export async function localRoutes(context: LocalRoutesContext): Promise<LocalRoute[]> {
  return [
    {
      method: 'GET',
      path: '/_local/health',
      handler: async () => json(200, { ok: true, table: context.tableName }),
    },
  ];
}
