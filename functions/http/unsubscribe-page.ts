import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RecipientRequest } from '#app/recipient-request';
import type { TokenError } from '#domain/unsubscribe-token';
import { withoutUndefined } from '#domain/without-undefined';
import { deployedHandler } from '#lambda/deployed-handler';
import { toErrorResponse } from '#lambda/http-errors';
import { logger } from '#lambda/logger';
import { observe, recordUnsubscribe } from '#lambda/observability';
import { configFromEnv } from '#lambda/service-config';
import { type UnsubscribePageUseCases, wireUnsubscribePage } from '#wiring/unsubscribe-page';
import {
  ALLOWED_METHODS,
  confirmPage,
  failurePage,
  invalidLinkPage,
  nothingToUndoPage,
  type Page,
  pageResponse,
  resubscribedPage,
  SECURITY_HEADERS,
  tooLargePage,
  unrecognizedRequestPage,
  unsubscribedPage,
} from './unsubscribe-page/pages';
import { readRecipientPost } from './unsubscribe-page/recipient-post';
import { viewerIp } from './unsubscribe-page/viewer-address';

type Response = APIGatewayProxyStructuredResultV2;

/** RFC 8058 asks for nothing but a 2xx; a tiny body keeps it readable for a person who replays it by hand. */
const oneClickDone = (): Response => ({
  statusCode: 200,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  body: 'You are unsubscribed.\n',
});

const noContent = (statusCode: 204 | 405): Response => ({
  statusCode,
  headers: { allow: ALLOWED_METHODS, ...SECURITY_HEADERS },
});

/** Every bad token gets the same page; only the log tells them apart (never the token itself). */
const refused = (error: TokenError): Page => {
  logger.info('unsubscribe link refused', { reason: error.code });
  return invalidLinkPage();
};

/** Failures become a page, not JSON: a person is reading. 5xx, so a one-click sender retries. */
const pageErrors = (): MiddlewareObj<APIGatewayProxyEventV2, Response> => ({
  onError: async (request) => {
    const { statusCode = 500 } = toErrorResponse(request.error);
    request.response = pageResponse(failurePage(Math.max(statusCode, 500)), {
      head: request.event.requestContext.http.method === 'HEAD',
    });
  },
});

/**
 * `/u/{token}`, the public unsubscribe endpoint:
 * - GET shows the confirmation page and HEAD its headers; neither writes (link scanners fetch every link);
 * - OPTIONS answers 204 with `Allow`;
 * - POST `List-Unsubscribe=One-Click` (RFC 8058) records `list_unsubscribe` and answers 200 with a tiny body;
 * - POST `action=unsubscribe` (the page's button) records `link` and shows the unsubscribed page, which offers
 *   `action=resubscribe` to undo it.
 * No cookies, no redirects; a token that does not open gets a 400 page and changes nothing.
 */
export const makeHandler = (useCases: Promise<UnsubscribePageUseCases>) =>
  middy<APIGatewayProxyEventV2, Response>(async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const { method, userAgent } = event.requestContext.http;
    const token = event.pathParameters?.token ?? '';
    const { open, unsubscribe, resubscribe } = await useCases;
    switch (method.toUpperCase()) {
      case 'GET':
      case 'HEAD': {
        const opened = await open(token);
        return pageResponse(opened.ok ? confirmPage(opened.value.link.view) : refused(opened.error), {
          head: method.toUpperCase() === 'HEAD',
        });
      }
      case 'OPTIONS':
        return noContent(204);
      case 'POST':
        break;
      default:
        return noContent(405);
    }
    const post = await readRecipientPost(event);
    if (post === 'too_large') return pageResponse(tooLargePage());
    if (post === 'unrecognized') return pageResponse(unrecognizedRequestPage());
    const request: RecipientRequest = withoutUndefined({
      token,
      at: new Date(),
      ip: viewerIp(event),
      userAgent: userAgent || undefined,
    });
    if (post === 'resubscribe') {
      const result = await resubscribe(request);
      if (!result.ok) return pageResponse(refused(result.error));
      logger.info('recipient resubscribe', {
        tenantId: result.value.link.payload.tenantId,
        status: result.value.status,
      });
      const { view } = result.value.link;
      return pageResponse(
        result.value.status === 'resubscribed'
          ? resubscribedPage(view, result.value.stillSuppressed)
          : nothingToUndoPage(view),
      );
    }
    const source = post === 'one_click' ? 'list_unsubscribe' : 'link';
    const result = await unsubscribe({ ...request, source });
    if (!result.ok) return pageResponse(refused(result.error));
    logger.info('recipient unsubscribe', {
      tenantId: result.value.link.payload.tenantId,
      source,
      status: result.value.status,
    });
    if (result.value.status === 'unsubscribed') recordUnsubscribe(source);
    return post === 'one_click' ? oneClickDone() : pageResponse(unsubscribedPage(result.value.link.view));
  })
    .use(observe({ name: 'unsubscribe-page' }))
    .use(pageErrors());

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () => wireUnsubscribePage(configFromEnv()));
