import type { Context } from 'aws-lambda';
import { ADMIN_ROUTES } from '#shared/admin-api-contract';
import { wireAdminApi } from '#wiring/admin-api';
import { makeHandler } from '../../functions/http/admin-api';
import { withDevAuthorizer } from '../authorizer';
import type { LocalRoute } from '../http-adapter';
import type { FeatureRoutesContext } from './context';

/**
 * The admin API locally: every route of ADMIN_ROUTES, served by the same handler the deployed function runs,
 * behind the dev JWT authorizer (a credential from `npm run token`), which puts the verified claims where API
 * Gateway's JWT authorizer puts them.
 */
export const adminRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  const admin = makeHandler(Promise.resolve(await wireAdminApi(context.config)));
  // The local server passes the event only; nothing in the admin API reads the Lambda context.
  const handler = withDevAuthorizer((event) => admin(event, {} as Context), context.devJwtSecret);
  return ADMIN_ROUTES.map((route) => ({ method: route.method, path: route.path, handler }));
};
