import type { ServiceConfig } from '#wiring/platform';
import type { LocalRoute } from './http-adapter';
import { ensureLocalSecrets } from './keys';
import { adminRoutes } from './routes/admin';
import { feedbackRoutes } from './routes/feedback';
import { filterRoutes } from './routes/filter';
import { unsubscribeRoutes } from './routes/unsubscribe';

/** What the local routes need to know about the running local service. */
export interface LocalRoutesContext {
  /** The DynamoDB table (in DynamoDB Local) the handlers use. */
  readonly tableName: string;
  /** DynamoDB Local's endpoint URL. */
  readonly endpoint: string;
  /** The local service's own base URL, e.g. `http://127.0.0.1:3000`, for links the handlers mint. */
  readonly baseUrl: string;
  /** Folder of the local keyring and dev JWT secret. @default '.local' */
  readonly secretsDir?: string;
}

/**
 * What each feature's route file receives: the configuration a deployed function reads from its environment (each
 * route file starts the same composition roots from it), and the dev JWT key.
 */
export interface FeatureRoutesContext extends LocalRoutesContext {
  readonly config: ServiceConfig;
  readonly devJwtSecret: string;
}

/** The phone country the local service assumes for numbers written without one (README, "Configuration"). */
export const LOCAL_DEFAULT_PHONE_COUNTRY = 'US';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The routes `npm start` (and the HTTP tests) serve, tried in order: the service's handlers behind the paths
 * API Gateway gives them when deployed, plus `/_local/*` helpers that exist only locally. Each feature keeps its
 * routes in `local/routes/<feature>.ts`.
 */
export async function localRoutes(context: LocalRoutesContext): Promise<LocalRoute[]> {
  const { keyringFile, devJwtSecret } = await ensureLocalSecrets(context.secretsDir);
  const config: ServiceConfig = {
    tableName: context.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: context.endpoint,
    publicBaseUrl: context.baseUrl,
    defaultPhoneCountry: LOCAL_DEFAULT_PHONE_COUNTRY,
  };
  const feature: FeatureRoutesContext = { ...context, config, devJwtSecret };
  return [
    {
      method: 'GET',
      path: '/_local/health',
      handler: async () => json(200, { ok: true, table: context.tableName }),
    },
    ...(await featureRoutes(feature)),
  ];
}

/** Feature route files register here, one line each. */
const featureRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> =>
  (
    await Promise.all([
      adminRoutes(context),
      feedbackRoutes(context),
      filterRoutes(context),
      unsubscribeRoutes(context),
    ])
  ).flat();
