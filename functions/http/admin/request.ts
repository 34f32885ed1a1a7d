import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
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

/** Refuses a value list longer than the route takes, before any value is looked at. */
export const capValues = (count: number, max: number, what = 'values', beyond?: string): void => {
  if (count > max) {
    throw new PayloadTooLargeError(
      `${count} ${what} sent; this route takes at most ${max} a request${beyond ? `; ${beyond}` : ''}`,
    );
  }
};

/** The `{contactId}` path parameter (decoded by API Gateway), validated like every contact id. */
export const contactIdOf = (event: APIGatewayProxyEventV2): string => {
  const parsed = parseContactId(event.pathParameters?.contactId);
  if (!parsed.ok) throw new InvalidInputError(parsed.error);
  return parsed.value;
};
