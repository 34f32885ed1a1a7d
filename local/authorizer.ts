import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { verifyDevCredential } from './dev-credentials';
import type { HttpApiHandler } from './http-adapter';

/**
 * Stands in for API Gateway's JWT authorizer: verifies the bearer credential (signature, issuer, audience, expiry)
 * and hands the handler the claims in `requestContext.authorizer.jwt`, exactly where the deployed authorizer puts
 * them. Like API Gateway, it answers 401 `{"message":"Unauthorized"}` itself and never calls the handler then.
 */
export const withDevAuthorizer =
  (handler: HttpApiHandler, devJwtSecret: string): HttpApiHandler =>
  async (event) => {
    const header = event.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    let claims: Record<string, unknown>;
    try {
      if (!token) throw new Error('no bearer token');
      claims = await verifyDevCredential(token, devJwtSecret);
    } catch {
      return {
        statusCode: 401,
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
        body: JSON.stringify({ message: 'Unauthorized' }),
      };
    }
    const authorized: APIGatewayProxyEventV2 = {
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: { jwt: { claims, scopes: [] } },
      } as APIGatewayProxyEventV2['requestContext'],
    };
    return handler(authorized);
  };
