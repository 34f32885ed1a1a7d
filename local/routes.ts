import type { ServiceConfig } from '#wiring/platform';
import type { LocalRoute } from './http-adapter';
import { ensureLocalSecrets } from './keys';
import type { LocalOutboundEvent } from './outbound-events';
import { adminRoutes } from './routes/admin';
import { consoleRoutes } from './routes/console';
import {
  type FeatureRoutesContext,
  LOCAL_DEFAULT_PHONE_COUNTRY,
  type LocalRoutesContext,
} from './routes/context';
import { eventsRoutes } from './routes/events';
import { feedbackRoutes } from './routes/feedback';
import { filterRoutes } from './routes/filter';
import { jobsRoutes } from './routes/jobs';
import { smsRoutes } from './routes/sms';
import { unsubscribeRoutes } from './routes/unsubscribe';

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
    publicBaseUrl: context.publicBaseUrl ?? context.baseUrl,
    ...(context.unsubscribeMailto ? { unsubscribeMailto: context.unsubscribeMailto } : {}),
    defaultPhoneCountry: LOCAL_DEFAULT_PHONE_COUNTRY,
  };
  // Rules on the bus (the erasure rule's stand-in) hear each event after the caller's own `onEvent`.
  const listeners: ((event: LocalOutboundEvent) => void)[] = [];
  const outbound = context.outboundEvents;
  const feature: FeatureRoutesContext = {
    ...context,
    config,
    devJwtSecret,
    ...(outbound
      ? {
          outboundEvents: {
            ...outbound,
            onEvent: (event: LocalOutboundEvent) => {
              outbound.onEvent?.(event);
              for (const listener of listeners) listener(event);
            },
          },
          onOutboundEvent: (listener: (event: LocalOutboundEvent) => void) => listeners.push(listener),
        }
      : {}),
  };
  return [
    {
      method: 'GET',
      path: '/_local/health',
      handler: async () => json(200, { ok: true, table: context.tableName }),
    },
    ...(await featureRoutes(feature)),
    ...consoleRoutes(context),
  ];
}

/** Feature route files register here, one line each. */
const featureRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> =>
  (
    await Promise.all([
      adminRoutes(context),
      feedbackRoutes(context),
      filterRoutes(context),
      jobsRoutes(context),
      unsubscribeRoutes(context),
      eventsRoutes(context),
      smsRoutes(context),
    ])
  ).flat();
