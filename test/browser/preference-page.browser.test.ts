import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page, pageResponse } from '../../functions/http/unsubscribe-page/document';
import { LANGUAGE_NAMES, LANGUAGES } from '../../functions/http/unsubscribe-page/languages';
import { CATALOGUES } from '../../functions/http/unsubscribe-page/messages/catalogue';
import { negotiateLocale } from '../../functions/http/unsubscribe-page/negotiate-locale';
import { pausedPage } from '../../functions/http/unsubscribe-page/pages';
import { preferencePage } from '../../functions/http/unsubscribe-page/preference-page';
import { launchBrowser } from '../support/browser';
import { FIXTURE, fixturePreferences, fixtureView } from '../support/preference-pages';

/**
 * The preference page as a browser gets it, headers and CSP included, from a tiny server on 127.0.0.1 that renders
 * the fixture (the page layer alone: the core's end-to-end tests drive the real service). Every POST is recorded
 * and answered with the paused page, in the language the URL asks for.
 */
let server: Server;
let browser: Browser;
let baseUrl: string;
const posts: { url: string; body: string }[] = [];

const send = (response: ServerResponse, page: Page) => {
  const { statusCode = 200, headers = {}, body = '' } = pageResponse(page);
  response.writeHead(statusCode, headers as Record<string, string>).end(body);
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const locale = negotiateLocale({
      requested: url.searchParams.get('lang') ?? undefined,
      acceptLanguage: request.headers['accept-language'],
    });
    if (request.method !== 'POST')
      return send(response, preferencePage(locale, fixtureView, fixturePreferences));
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      posts.push({ url: request.url ?? '', body });
      send(response, pausedPage(locale, fixtureView, FIXTURE.pausedUntil));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/u/token`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** One PNG pixel: the logo, served by the test for the one origin the page's CSP allows images from. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** A page that records console errors, uncaught exceptions and CSP violations, with the logo's origin routed. */
const watchedPage = async (locale = 'en-US') => {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
    });`,
  });
  await page.route(fixtureView.logoUrl ?? '', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }),
  );
  return { page, problems, close: () => context.close() };
};

describe('the preference page in a real browser', () => {
  it.each(LANGUAGES)(
    'in %s: controls found by their accessible names, no serious axe violation',
    async (language) => {
      const t = CATALOGUES[language];
      const { page, problems, close } = await watchedPage();
      const response = await page.goto(`${baseUrl}?lang=${language}`);
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(language);

      expect(await page.getByRole('checkbox', { name: FIXTURE.topics.link, exact: true }).isChecked()).toBe(
        false,
      );
      expect(await page.getByRole('checkbox', { name: FIXTURE.topics.optIn, exact: true }).isChecked()).toBe(
        false,
      );
      expect(await page.getByRole('checkbox', { name: FIXTURE.topics.other, exact: true }).isChecked()).toBe(
        true,
      );
      expect(await page.getByRole('checkbox').count()).toBe(3);
      for (const name of [t.savePreferences, t.pauseButton(30), t.pauseButton(90), t.unsubscribeAll]) {
        expect(await page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
      }
      const languages = page.getByRole('navigation', { name: t.languageNav, exact: true });
      const current = languages.getByRole('link', { name: LANGUAGE_NAMES[language], exact: true });
      expect(await current.getAttribute('aria-current')).toBe('true');
      expect(await page.getByRole('img', { name: FIXTURE.tenant, exact: true }).isVisible()).toBe(true);

      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((violation) =>
        ['serious', 'critical'].includes(violation.impact ?? ''),
      );
      expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
      expect(problems).toEqual([]);
      await close();
    },
  );

  it("follows the browser's language, switches by a plain link, and posts the form back in the chosen language", async () => {
    const { page, problems, close } = await watchedPage('de-DE');
    await page.goto(baseUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('de-DE');
    expect(await page.getByRole('button', { name: 'Einstellungen speichern' }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Español', exact: true }).click();
    await page.getByRole('button', { name: 'Guardar preferencias', exact: true }).waitFor();
    expect(new URL(page.url()).search).toBe('?lang=es');

    posts.length = 0;
    await page.getByRole('checkbox', { name: FIXTURE.topics.optIn, exact: true }).check();
    await page.getByRole('button', { name: CATALOGUES.es.pauseButton(90), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: CATALOGUES.es.pausedTitle, exact: true }).waitFor();
    expect(posts).toEqual([{ url: '/u/token?lang=es', body: 'action=pause&days=90' }]);
    expect(await page.getByText('hasta el 2 de marzo de 2027').isVisible()).toBe(true);

    posts.length = 0;
    await page.goBack();
    await page.getByRole('checkbox', { name: FIXTURE.topics.optIn, exact: true }).check();
    await page.getByRole('button', { name: 'Guardar preferencias', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: CATALOGUES.es.pausedTitle, exact: true }).waitFor();
    expect(posts).toEqual([
      {
        url: '/u/token?lang=es',
        body: 'action=save&shown=zeta&shown=kappa&topic=kappa&shown=sigma&topic=sigma',
      },
    ]);
    expect(problems).toEqual([]);
    await close();
  });
});
