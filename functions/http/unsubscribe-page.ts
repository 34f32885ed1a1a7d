import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { UnsubscribeLinkView } from '#app/open-unsubscribe-link';
import type { RecipientRequest } from '#app/recipient-request';
import type { TokenError } from '#domain/unsubscribe-token';
import { withoutUndefined } from '#domain/without-undefined';
import { deployedHandler } from '#lambda/deployed-handler';
import { toErrorResponse } from '#lambda/http-errors';
import { logger } from '#lambda/logger';
import { observe, recordUnsubscribe } from '#lambda/observability';
import { configFromEnv } from '#lambda/service-config';
import { type UnsubscribePageUseCases, wireUnsubscribePage } from '#wiring/unsubscribe-page';
import { ALLOWED_METHODS, type Page, pageResponse, SECURITY_HEADERS } from './unsubscribe-page/document';
import type { PageLocale } from './unsubscribe-page/languages';
import { negotiateLocale } from './unsubscribe-page/negotiate-locale';
import {
  choiceNotOfferedPage,
  failurePage,
  invalidLinkPage,
  nothingToUndoPage,
  pausedPage,
  preferencesSavedPage,
  resubscribedPage,
  resumedPage,
  tooLargePage,
  topicUnsubscribedPage,
  unrecognizedRequestPage,
  unsubscribedPage,
} from './unsubscribe-page/pages';
import { preferencePage } from './unsubscribe-page/preference-page';
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

/**
 * The page's locale: the switcher's `?lang=`, the browser's `Accept-Language`, the tenant's default locale (once
 * the link opened), English (docs/unsubscribe.md, "Languages").
 */
const localeOf = (event: APIGatewayProxyEventV2, view?: UnsubscribeLinkView): PageLocale =>
  negotiateLocale({
    requested: event.queryStringParameters?.lang,
    acceptLanguage: event.headers?.['accept-language'],
    defaultLocale: view?.defaultLocale,
  });

/** What a recipient changed, by tenant and action: never the address (it is in the token, not the log). */
const logPreferences = (tenantId: string, action: 'save' | 'pause' | 'resume', changed: boolean): void => {
  logger.info('recipient preferences', { tenantId, action, changed });
};

/** Every bad token gets the same page; only the log tells them apart (never the token itself). */
const refused = (error: TokenError, locale: PageLocale): Page => {
  logger.info('unsubscribe link refused', { reason: error.code });
  return invalidLinkPage(locale);
};

/** Failures become a page, not JSON: a person is reading. 5xx, so a one-click sender retries. */
const pageErrors = (): MiddlewareObj<APIGatewayProxyEventV2, Response> => ({
  onError: async (request) => {
    const { statusCode = 500 } = toErrorResponse(request.error);
    request.response = pageResponse(failurePage(localeOf(request.event), Math.max(statusCode, 500)), {
      head: request.event.requestContext.http.method === 'HEAD',
    });
  },
});

/**
 * `/u/{token}`, the public unsubscribe endpoint:
 * - GET shows the preference page and HEAD its headers; neither writes (link scanners fetch every link);
 * - OPTIONS answers 204 with `Allow`;
 * - POST `List-Unsubscribe=One-Click` (RFC 8058) records `list_unsubscribe` and answers 200 with a tiny body;
 * - POST `List-Unsubscribe=One-Click` on a link about a topic the tenant still has leaves that topic only;
 * - POST `action=unsubscribe` (the page's button) records `link` and shows the unsubscribed page, which offers
 *   `action=resubscribe` to undo it;
 * - POST `action=save` (the topic checkboxes), `action=pause` (`days` 30 or 90) and `action=resume` change the
 *   recipient's choices and show what they became.
 * No cookies, no redirects; a token that does not open gets a 400 page and changes nothing. Pages speak the
 * language of `?lang=`, else of `Accept-Language`, else the tenant's default locale, else English.
 */
export const makeHandler = (useCases: Promise<UnsubscribePageUseCases>) =>
  middy<APIGatewayProxyEventV2, Response>(async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const { method, userAgent } = event.requestContext.http;
    const token = event.pathParameters?.token ?? '';
    const { open, unsubscribe, resubscribe, savePreferences, pause, resume } = await useCases;
    switch (method.toUpperCase()) {
      case 'GET':
      case 'HEAD': {
        const opened = await open(token);
        const page = opened.ok
          ? preferencePage(
              localeOf(event, opened.value.link.view),
              opened.value.link.view,
              opened.value.preferences,
            )
          : refused(opened.error, localeOf(event));
        return pageResponse(page, {
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
    switch (post.type) {
      case 'too_large':
        return pageResponse(tooLargePage(localeOf(event)));
      case 'unrecognized':
        return pageResponse(unrecognizedRequestPage(localeOf(event)));
      case 'bad_pause_length':
        return pageResponse(
          choiceNotOfferedPage(localeOf(event), { reason: 'pause_length', given: post.given }),
        );
    }
    const request: RecipientRequest = withoutUndefined({
      token,
      at: new Date(),
      ip: viewerIp(event),
      userAgent: userAgent || undefined,
    });
    if (post.type === 'save') {
      const result = await savePreferences({ ...request, shown: post.shown, subscribed: post.subscribed });
      if (!result.ok) {
        if (result.error.code !== 'unknown_topics')
          return pageResponse(refused(result.error, localeOf(event)));
        return pageResponse(
          choiceNotOfferedPage(localeOf(event), { reason: 'unknown_topics', unknown: result.error.unknown }),
        );
      }
      const { link, preferences, changed } = result.value;
      logPreferences(link.payload.tenantId, 'save', changed);
      return pageResponse(preferencesSavedPage(localeOf(event, link.view), link.view, preferences, changed));
    }
    if (post.type === 'pause' || post.type === 'resume') {
      const result =
        post.type === 'pause' ? await pause({ ...request, days: post.days }) : await resume(request);
      if (!result.ok) return pageResponse(refused(result.error, localeOf(event)));
      const { link, preferences, changed } = result.value;
      logPreferences(link.payload.tenantId, post.type, changed);
      const locale = localeOf(event, link.view);
      return pageResponse(
        preferences.pausedUntil === undefined
          ? resumedPage(locale, link.view)
          : pausedPage(locale, link.view, preferences.pausedUntil),
      );
    }
    if (post.type === 'resubscribe') {
      const result = await resubscribe(request);
      if (!result.ok) return pageResponse(refused(result.error, localeOf(event)));
      logger.info('recipient resubscribe', {
        tenantId: result.value.link.payload.tenantId,
        status: result.value.status,
      });
      const { view } = result.value.link;
      const locale = localeOf(event, view);
      return pageResponse(
        result.value.status === 'resubscribed'
          ? resubscribedPage(locale, view, result.value.stillSuppressed)
          : nothingToUndoPage(locale, view),
      );
    }
    const source = post.type === 'one_click' ? 'list_unsubscribe' : 'link';
    const result = await unsubscribe({ ...request, source });
    if (!result.ok) return pageResponse(refused(result.error, localeOf(event)));
    logger.info('recipient unsubscribe', {
      tenantId: result.value.link.payload.tenantId,
      source,
      status: result.value.status,
    });
    if (result.value.status === 'unsubscribed') recordUnsubscribe(source);
    const { view } = result.value.link;
    if (post.type !== 'one_click') return pageResponse(unsubscribedPage(localeOf(event, view), view));
    // One-click on a topic link left that topic only: the page says which, for a person who replays it by hand.
    return result.value.scope !== 'all' && view.linkTopicName !== undefined
      ? pageResponse(topicUnsubscribedPage(localeOf(event, view), view, view.linkTopicName))
      : oneClickDone();
  })
    .use(observe({ name: 'unsubscribe-page' }))
    .use(pageErrors());

/** The Lambda entry point (see `deployedHandler`: built on first use, a failed start retried). */
export const handler = deployedHandler(makeHandler, () => wireUnsubscribePage(configFromEnv()));
