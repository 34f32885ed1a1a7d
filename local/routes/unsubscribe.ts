import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { loadKeyring } from '#adapters/secrets/load-keyring';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { wireUnsubscribeLinks } from '#wiring/unsubscribe-links';
import { wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { makeHandler as makeLinksHandler } from '../../functions/http/unsubscribe-links';
import { makeHandler as makePageHandler } from '../../functions/http/unsubscribe-page';
import { withDevAuthorizer } from '../authorizer';
import type { HttpApiHandler, LocalRoute } from '../http-adapter';
import { ensureLocalSecrets } from '../keys';
import type { FeatureRoutesContext } from './context';

/** A middy handler behind the local server, which passes the event only; nothing here reads the context. */
const httpApi =
  (
    handler: (event: APIGatewayProxyEventV2, context: Context) => ReturnType<HttpApiHandler>,
  ): HttpApiHandler =>
  (event) =>
    handler(event, {} as Context);

/**
 * The public unsubscribe endpoint at the paths API Gateway gives it (`GET`, `HEAD`, `OPTIONS`, `POST /u/{token}`),
 * and the admin API's `POST /v1/unsubscribe-links` behind the dev JWT authorizer.
 */
export const unsubscribeRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const page = httpApi(makePageHandler(Promise.resolve(await wireUnsubscribePage(context.config))));
  const links = makeLinksHandler(Promise.resolve(await wireUnsubscribeLinks(context.config)));
  return [
    ...['GET', 'HEAD', 'OPTIONS', 'POST'].map((method) => ({ method, path: '/u/{token}', handler: page })),
    {
      method: 'POST',
      path: '/v1/unsubscribe-links',
      handler: withDevAuthorizer(httpApi(links), context.devJwtSecret),
    },
  ];
};

/**
 * A link for `npm start` to print: tenant `acme`, contact `12345`, `jane.doe@example.com`, campaign `c-42`, sealed
 * with the local keyring, so a new user can open it straight away.
 */
export const sampleUnsubscribeLink = async (options: {
  readonly baseUrl: string;
  readonly secretsDir?: string;
}): Promise<string> => {
  const { keyringFile } = await ensureLocalSecrets(options.secretsDir);
  const build = createUnsubscribeLinkBuilder({
    keyring: await loadKeyring(`file:${keyringFile}`),
    publicBaseUrl: options.baseUrl,
  });
  return build({ tenantId: 'acme', contactId: '12345', email: 'jane.doe@example.com', campaignId: 'c-42' })
    .url;
};
