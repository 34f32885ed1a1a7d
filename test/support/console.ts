import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '#domain/roles';
import { buildConsole } from '../../console/build';
import type { LocalConsole } from '../../local/routes/context';
import { launchBrowser } from './browser';
import { type LocalService, startLocalService } from './local-service';

let built: Promise<string> | undefined;

/**
 * The console built once per test file, into its own temporary folder: test files run in parallel and must not
 * share console/dist (nor clear the one `npm start` serves).
 */
export const builtConsole = (): Promise<string> => {
  built ??= (async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'quietlist-console-'));
    return (await buildConsole({ outDir, quiet: true })).outDir;
  })();
  return built;
};

export interface ConsoleService extends LocalService {
  /** `http://127.0.0.1:<port>/console/`, what `npm start` prints. */
  readonly consoleUrl: string;
}

/** The local service as `npm start` runs it, the console included (with `s3`, the jobs' S3 server), on a fresh table. */
export const startConsoleService = async (
  options: { oidc?: LocalConsole['oidc']; s3?: boolean } = {},
): Promise<ConsoleService> => {
  const dir = await builtConsole();
  const service = await startLocalService({
    console: { dir, ...(options.oidc ? { oidc: options.oidc } : {}) },
    ...(options.s3 ? { s3: true } : {}),
  });
  return Object.assign(service, { consoleUrl: `${service.baseUrl}/console/` });
};

/** The console service and the browser one browser test file shares; see {@link consoleInBrowser}. */
export interface ConsoleInBrowser {
  readonly service: ConsoleService;
  readonly browser: Browser;
}

/**
 * Starts, before the calling file's tests, the local service with the console (options as
 * {@link startConsoleService}) and a headless Chromium, and closes both after them. Its fields are set once
 * `beforeAll` has run: read them inside tests, not at the file's top level.
 */
export const consoleInBrowser = (
  options: Parameters<typeof startConsoleService>[0] = {},
): ConsoleInBrowser => {
  const started: { service?: ConsoleService; browser?: Browser } = {};
  beforeAll(async () => {
    [started.service, started.browser] = await Promise.all([startConsoleService(options), launchBrowser()]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.service?.close();
  });
  const set = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the ${name} is not started yet: read it inside a test`);
    return value;
  };
  return {
    get service() {
      return set(started.service, 'console service');
    },
    get browser() {
      return set(started.browser, 'browser');
    },
  };
};

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and warnings, uncaught exceptions and CSP violations, as they happened. */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * A page in its own browser context that records what would go wrong unseen: console errors and warnings,
 * uncaught exceptions, and CSP violations (a listener installed before any page script, outside the CSP).
 */
export const watchedPage = async (
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<WatchedPage> => {
  // A real browser's language: without it Chromium reports the host's (`en-US@posix` under LANG=C), which
  // Intl.NumberFormat (uPlot's number format) refuses.
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'en-US' });
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
  return { page, context, problems, close: () => context.close() };
};

/** Problems other than the browser's own report of an HTTP error status the test provoked on purpose. */
export const unexpected = (problems: readonly string[], ...statuses: number[]): string[] =>
  problems.filter(
    (problem) =>
      !statuses.some((status) => problem.includes(`the server responded with a status of ${status}`)),
  );

/** Waits until the page in view is the one with this `<h1>`. */
export const shows = (page: Page, title: string) =>
  page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();

/** Opens the console and signs in on the development sign-in form with a token minted for this tenant and role. */
export const signIn = async (
  service: ConsoleService,
  page: Page,
  tenant: string,
  role: Role,
): Promise<void> => {
  await page.goto(service.consoleUrl);
  await page.getByLabel('Token').fill(await service.credential(tenant, role));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await shows(page, 'Suppressions');
};

/** The serious and critical axe-core violations on the page as it is now, one readable line each. */
export const seriousViolations = async (page: Page): Promise<string[]> => {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')})`,
    );
};

/** Waits until the suppression list has finished loading (its table is no longer busy). */
export const listSettled = (page: Page) => page.locator('table[aria-busy="false"]').waitFor();

/** The values in the list's rows, in order. */
export const listedValues = async (page: Page): Promise<string[]> => {
  await listSettled(page);
  return page.locator('tbody th[scope="row"]').allTextContents();
};

/**
 * Waits until the list shows exactly these values (the list reloads after a debounce and a request, so the test
 * polls what a person would see), and returns them; on timeout, returns what it shows. `inAnyOrder` for values
 * added by one request, which share their creation time.
 */
export const waitForListed = async (
  page: Page,
  expected: readonly string[],
  { inAnyOrder = false, timeoutMs = 10_000 } = {},
) => {
  const deadline = Date.now() + timeoutMs;
  const wanted = inAnyOrder ? [...expected].sort() : [...expected];
  let shown: string[] = [];
  while (Date.now() < deadline) {
    shown = await page.locator('table[aria-busy="false"] tbody th[scope="row"]').allTextContents();
    if (inAnyOrder) shown.sort();
    if (shown.length === wanted.length && shown.every((value, index) => value === wanted[index])) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return shown;
};

/**
 * A recipient unsubscribes through the public page, as in a browser: a link minted by the link builder, then the
 * page's form POST. Records a `link` suppression (a "Lead") that no teammate may lift.
 */
export const recipientUnsubscribes = async (
  service: LocalService,
  tenant: string,
  email: string,
  campaignId = 'spring-sale',
): Promise<void> => {
  const minted = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'manager')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ contactId: `c-${email}`, email, campaignId }),
  });
  if (!minted.ok) throw new Error(`link builder answered ${minted.status}: ${await minted.text()}`);
  const { url } = (await minted.json()) as { url: string };
  const posted = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=unsubscribe',
  });
  if (!posted.ok) throw new Error(`the unsubscribe page answered ${posted.status}`);
};
