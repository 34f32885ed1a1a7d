import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildConsole } from '../console/build';
import { localDynamoDbClient } from '../local/clients';
import { mintDevCredential } from '../local/dev-credentials';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer } from '../local/http-adapter';
import { ensureLocalSecrets } from '../local/keys';
import { type LocalS3, startLocalS3 } from '../local/s3-local';
import { ensureTable } from '../local/table';
import { launchBrowser } from '../test/support/browser';
import { addresses, bounceEvent, complaintEvent, postSesEvents, sendEvent } from '../test/support/ses-stats';

/**
 * `npm run screenshots`: starts the local service on an in-memory DynamoDB Local and a local S3 server with the
 * console, seeds a realistic demo workspace (settings, suppressions of every kind of origin, a do-not-contact
 * contact, a filter run, a week of SES events with a complaint-rate alert, a legacy list imported through the
 * Imports page), signs in as an admin and writes a 1280-pixel-wide PNG of each console page to
 * docs/images/console-<page>.png, and the recipient's preference page (a link about one topic) in English and
 * French and the page a pause answers with to docs/images/preference-page-<name>.png. Uses the Chromium of
 * @sparticuz/chromium, as the browser tests do.
 */

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const IMAGES = path.join(REPO_ROOT, 'docs', 'images');
const TENANT = 'northwind';
const TABLE = 'quietlist-screenshots';
const DAY_MS = 86_400_000;

/**
 * The workspace's logo, served by the browser itself (a Playwright route) for its https URL: the page loads it as
 * it would from the tenant's CDN, under the same CSP, and the script needs no network.
 */
const LOGO_URL = 'https://assets.northwind.example/logo.svg';
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="96" viewBox="0 0 320 96">
<path d="M8 80 L40 16 L56 48 L68 32 L96 80 Z" fill="#1f5f4a"/>
<path d="M40 16 L48 32 L40 28 L32 32 Z" fill="#ffffff"/>
<text x="110" y="50" font-family="Georgia, 'DejaVu Serif', serif" font-size="34" font-weight="700" fill="#1f5f4a">Northwind</text>
<text x="112" y="78" font-family="Arial, 'DejaVu Sans', sans-serif" font-size="17" letter-spacing="5" fill="#4a5b55">OUTFITTERS</text>
</svg>`;

/** The preference center's lists, named in English and French; "Trail events" is opt-in. */
const TOPICS = [
  {
    id: 'trail-journal',
    name: { en: 'The Trail Journal', fr: 'Le Journal des sentiers' },
    description: {
      en: 'Stories and gear guides, every other Thursday.',
      fr: 'Récits et guides d’équipement, un jeudi sur deux.',
    },
    defaultSubscribed: true,
  },
  {
    id: 'offers',
    name: { en: 'Offers and sales', fr: 'Offres et soldes' },
    description: {
      en: 'Seasonal sales and member prices, at most weekly.',
      fr: 'Soldes de saison et prix membres, au plus une fois par semaine.',
    },
    defaultSubscribed: true,
  },
  {
    id: 'events',
    name: { en: 'Trail events', fr: 'Sorties et événements' },
    description: {
      en: 'Group hikes and workshops near your store.',
      fr: 'Randonnées en groupe et ateliers près de votre magasin.',
    },
    defaultSubscribed: false,
  },
];

const freePort = async (): Promise<number> => {
  const probe = createNetServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
};

const dayOf = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);

const main = async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'quietlist-screenshots-'));
  const dynamoDb = await startDynamoDbLocal();
  let server: Server | undefined;
  let s3: LocalS3 | undefined;
  try {
    const client = localDynamoDbClient(dynamoDb.endpoint);
    await ensureTable(client, TABLE);
    client.destroy();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { ENV } = await import('#shared/table-contract');
    process.env[ENV.tableName] = TABLE;
    process.env[ENV.dynamoDbEndpoint] = dynamoDb.endpoint;
    process.env[ENV.publicBaseUrl] = baseUrl;
    const built = await buildConsole({ outDir: path.join(scratch, 'console'), quiet: true });
    // The jobs' bucket, as npm start runs it: the Imports page uploads its file there (CORS for this origin).
    s3 = await startLocalS3({ directory: path.join(scratch, 's3'), corsOrigins: [baseUrl] });
    const { localRoutes } = await import('../local/routes');
    const secretsDir = path.join(scratch, 'secrets');
    const routes = await localRoutes({
      tableName: TABLE,
      endpoint: dynamoDb.endpoint,
      baseUrl,
      secretsDir,
      console: { dir: built.outDir },
      s3,
    });
    server = createLocalServer(routes, { port, maxBodyBytes: 6 * 1024 * 1024 });
    await once(server, 'listening');
    const { devJwtSecret } = await ensureLocalSecrets(secretsDir);
    const admin = await mintDevCredential(
      { tenant: TENANT, role: 'admin', user: 'dana', name: 'Dana Reyes', email: 'dana@northwind.example' },
      devJwtSecret,
    );
    const service = await mintDevCredential(
      { tenant: TENANT, role: 'manager', user: 'crm-sync', type: 'service' },
      devJwtSecret,
    );

    const call = async (token: string, method: string, route: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok)
        throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const linkFor = async (email: string, campaignId: string, topic?: string) =>
      (
        await call(admin, 'POST', '/v1/unsubscribe-links', {
          contactId: `c-${email}`,
          email,
          campaignId,
          ...(topic === undefined ? {} : { topic }),
        })
      ).url as string;

    console.log('Seeding the demo workspace…');
    await call(admin, 'PUT', '/v1/settings', {
      displayName: 'Northwind Outfitters',
      postalAddress: 'Northwind Outfitters Ltd\n42 Harbour Road\nPortland, ME 04101\nUnited States',
      privacyUrl: 'https://northwind.example/privacy',
      logoUrl: LOGO_URL,
      defaultLocale: 'en-US',
      defaultPhoneCountry: 'US',
      transientBounceThreshold: 3,
      transientBounceWindowDays: 7,
      topics: TOPICS,
    });

    // A week of sending: two campaigns a day, a few bounces, and one day of complaints over the 0.3 % line.
    const events: object[] = [];
    for (let daysAgo = 7; daysAgo >= 1; daysAgo--) {
      const day = dayOf(daysAgo);
      for (const [campaignId, sends] of [
        ['spring-sale', 420 + daysAgo * 13],
        ['weekly-digest', 260 + daysAgo * 7],
      ] as const) {
        const sent = addresses(`${campaignId}-${day}`, sends);
        for (let start = 0; start < sent.length; start += 50) {
          events.push(
            sendEvent({
              tenant: TENANT,
              campaignId,
              at: `${day}T09:00:00.000Z`,
              addresses: sent.slice(start, start + 50),
            }),
          );
        }
        const bounced = sent.slice(0, (daysAgo % 3) + 1);
        events.push(
          bounceEvent({ tenant: TENANT, campaignId, at: `${day}T09:20:00.000Z`, addresses: bounced }),
        );
        const complaints = campaignId === 'spring-sale' && daysAgo === 3 ? 3 : daysAgo % 4 === 0 ? 1 : 0;
        if (complaints > 0) {
          events.push(
            complaintEvent({
              tenant: TENANT,
              campaignId,
              at: `${day}T14:00:00.000Z`,
              addresses: sent.slice(100, 100 + complaints),
            }),
          );
        }
      }
    }
    for (let start = 0; start < events.length; start += 25)
      await postSesEvents(baseUrl, events.slice(start, start + 25));

    // Recipients: unsubscribe links and one-click buttons.
    const people = [
      'ava.martin',
      'liam.chen',
      'noah.patel',
      'emma.rossi',
      'mia.novak',
      'lucas.silva',
      'zoe.muller',
      'ethan.kim',
      'olivia.haddad',
      'leo.dubois',
      'ivy.santos',
      'omar.farouk',
    ];
    for (const [index, person] of people.entries()) {
      const url = await linkFor(`${person}@example.com`, index % 2 ? 'weekly-digest' : 'spring-sale');
      const oneClick = index % 3 === 0;
      const posted = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: oneClick ? 'List-Unsubscribe=One-Click' : 'action=unsubscribe',
      });
      if (!posted.ok) throw new Error(`the unsubscribe page answered ${posted.status}`);
    }
    // Teammates and the CRM sync (the API).
    await call(admin, 'POST', '/v1/suppressions', {
      values: [
        'legal-hold@partner.example',
        '@competitor.example',
        '+1 415 555 0134',
        'press@northwind.example',
        'https://www.linkedin.com/in/jordan-blake',
      ],
    });
    await call(service, 'POST', '/v1/suppressions', {
      values: [
        'closed-account-1@example.com',
        'closed-account-2@example.com',
        'closed-account-3@example.com',
        '+1 212 555 0199',
        'gdpr-erasure@example.com',
      ],
    });
    // A contact who asked never to be contacted again.
    await call(admin, 'POST', '/v1/contacts/c-2041/unsubscribe', {
      doNotContact: true,
      emails: ['harper.jones@example.com'],
      phones: ['+1 503 555 0107'],
      note: 'Asked on the phone never to be contacted again.',
    });
    // A pre-send filter run for the next campaign.
    const filtered = await fetch(`${baseUrl}/_local/invoke/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantId: TENANT,
        campaignId: 'summer-preview',
        category: 'marketing',
        channels: ['email'],
        template: {
          subject: 'Summer preview',
          html: '<p>Hello</p><a href="[[unsubscribe_link]]">Unsubscribe</a><p>[[postal_address]]</p>',
        },
        recipients: [
          ...people
            .slice(0, 5)
            .map((person, index) => ({ contactId: `c-${index + 1}`, email: `${person}@example.com` })),
          { contactId: 'c-2041', email: 'harper.jones@example.com' },
          { contactId: 'c-9001', email: 'someone@competitor.example' },
          ...Array.from({ length: 20 }, (_, index) => ({
            contactId: `c-${3000 + index}`,
            email: `reader${index}@example.com`,
          })),
        ],
      }),
    });
    if (!filtered.ok) throw new Error(`the filter answered ${filtered.status}: ${await filtered.text()}`);

    console.log('Taking screenshots…');
    await mkdir(IMAGES, { recursive: true });
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const page = await context.newPage();
      const settle = async (target: Page) => {
        // No network-idle wait: the console may keep polling. Nothing shown is busy, then a moment to paint.
        await target
          .waitForFunction('!document.querySelector(\'[aria-busy="true"]\')', undefined, { timeout: 10_000 })
          .catch(() => undefined);
        await target.waitForTimeout(800);
      };
      await page.goto(`${baseUrl}/console/`);
      await page.getByLabel('Token').fill(admin);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Suppressions' }).waitFor();
      const shots = [
        ['suppressions', 'Suppressions'],
        ['contacts', 'Contacts'],
        ['campaign-runs', 'Campaign runs'],
        ['activity', 'Activity'],
        ['statistics', 'Statistics'],
        ['settings', 'Settings'],
        ['imports', 'Imports'],
      ] as const;
      for (const [file, name] of shots) {
        await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
        await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
        if (file === 'statistics') await page.locator('figure canvas').nth(2).waitFor({ state: 'attached' });
        if (file === 'contacts') {
          // The contact who asked never to be contacted again: the banner, the values and the timeline.
          await page.getByRole('searchbox', { name: 'Contact ID' }).fill('c-2041');
          await page.getByRole('button', { name: 'Show' }).click();
          await page.getByRole('status').getByText('Do not contact').first().waitFor();
        }
        if (file === 'imports') {
          // A legacy list from another tool, as a team moving to Quietlist brings one: the job's result shown.
          const legacy = [
            'email',
            ...people.slice(0, 3).map((person) => `${person}@example.com`),
            'not-an-address',
          ]
            .concat(['new.lead@example.org', 'old.customer@example.org'])
            .join('\r\n');
          await page
            .getByLabel('File')
            .setInputFiles({ name: 'old-crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(legacy) });
          await page.getByRole('radio', { name: 'Add to the suppression list' }).check();
          await page.getByLabel('Source').selectOption({ label: 'A list from another tool (legacy)' });
          await page.getByLabel('Note').fill('Unsubscribes from the old CRM');
          await page.getByRole('button', { name: 'Upload and import' }).click();
          await page
            .getByRole('region', { name: 'Import of old-crm-export.csv' })
            .getByRole('status')
            .getByText(/^Finished:/)
            .waitFor({ timeout: 30_000 });
        }
        await settle(page);
        await page.screenshot({ path: path.join(IMAGES, `console-${file}.png`), fullPage: true });
        console.log(`  docs/images/console-${file}.png`);
      }
      await context.close();

      // The recipient's side: the page of a link from an issue of the Journal, in the browser's language.
      const recipientPage = async (locale: string) => {
        // Phone-to-laptop width: the page is one narrow column, and two of these sit side by side in the README.
        const recipient = await browser.newContext({ viewport: { width: 640, height: 800 }, locale });
        await recipient.route(LOGO_URL, (route) =>
          route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG }),
        );
        return { page: await recipient.newPage(), close: () => recipient.close() };
      };
      const shoot = async (target: Page, name: string) => {
        // The logo is the one thing the page loads: shoot once it has been drawn, not before.
        await target.waitForFunction("document.querySelector('img.logo')?.naturalWidth > 0");
        await target.screenshot({ path: path.join(IMAGES, `preference-page-${name}.png`), fullPage: true });
        console.log(`  docs/images/preference-page-${name}.png`);
      };
      for (const [locale, name] of [
        ['en-US', 'en'],
        ['fr-FR', 'fr'],
      ] as const) {
        const recipient = await recipientPage(locale);
        await recipient.page.goto(await linkFor('jane.doe@example.com', 'weekly-digest', 'trail-journal'));
        await shoot(recipient.page, name);
        await recipient.close();
      }
      // What a pause answers, for another recipient (the pause would change the page shot above).
      const pausing = await recipientPage('en-US');
      await pausing.page.goto(await linkFor('sam.reed@example.com', 'weekly-digest', 'trail-journal'));
      await pausing.page.getByRole('button', { name: 'Pause all emails for 30 days', exact: true }).click();
      await pausing.page
        .getByRole('heading', { level: 1, name: 'Your emails are paused', exact: true })
        .waitFor();
      await shoot(pausing.page, 'paused-en');
      await pausing.close();
    } finally {
      await browser.close();
    }
  } finally {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await s3?.stop();
    await dynamoDb.stop();
    await rm(scratch, { recursive: true, force: true });
  }
};

await main();
