import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright } from 'playwright-core';

/**
 * Flags of @sparticuz/chromium's serverless set that would weaken what the browser tests check (same-origin
 * policy, mixed content) or make several pages unstable (one process for everything).
 */
const DROPPED_FLAGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);

/**
 * Launches headless Chromium for browser tests with no download at test time: `CHROMIUM_PATH` when set (other
 * platforms, a system Chrome), otherwise the Linux x64 build `@sparticuz/chromium` ships inside node_modules,
 * which it unpacks to /tmp on first use.
 */
export const launchBrowser = async (): Promise<Browser> => {
  const executablePath = process.env.CHROMIUM_PATH ?? (await chromium.executablePath());
  return playwright.launch({
    executablePath,
    headless: true,
    args: [
      ...chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag) && !flag.startsWith('--headless')),
      '--headless=new',
    ],
  });
};
