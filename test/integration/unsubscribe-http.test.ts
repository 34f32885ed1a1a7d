import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';
import { tamperedLink } from '../support/tamper';

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService();
});

afterAll(() => service?.close());

interface MintedLink {
  readonly url: string;
  readonly headers: Record<string, string>;
}

const mint = async (
  tenant: string,
  body: unknown = { contactId: '12345', email: 'Jane.Doe@Example.com' },
) => {
  const response = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'manager')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as MintedLink;
};

const oneClick = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

const oneClickMultipart = (url: string) => {
  const form = new FormData();
  form.append('List-Unsubscribe', 'One-Click');
  return fetch(url, { method: 'POST', body: form });
};

const formPost = (url: string, action: 'unsubscribe' | 'resubscribe') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `action=${action}`,
  });

const itemsOf = (tenantId: string) => service.tenantItems(tenantId);

const SECURITY_HEADERS = {
  'content-security-policy': expect.stringMatching(
    /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
  ),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const headersOf = (response: Response) => Object.fromEntries(response.headers.entries());

describe('the unsubscribe page over HTTP', () => {
  it("lets a link scanner's GET and HEAD through without writing anything", async () => {
    const { url } = await mint(uniqueTenant());
    const before = await service.countItems();

    const get = await fetch(url, {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)' },
    });
    const head = await fetch(url, { method: 'HEAD' });
    const options = await fetch(url, { method: 'OPTIONS' });

    expect(get.status).toBe(200);
    const page = await get.text();
    expect(page).toContain('j***@example.com');
    expect(page).not.toContain('jane.doe');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(page)));
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(await service.countItems()).toBe(before);
  });

  it('sends the security headers on every answer, and never a cookie or a redirect', async () => {
    const { url } = await mint(uniqueTenant());
    const answers = [
      await fetch(url),
      await fetch(url, { method: 'HEAD' }),
      await fetch(url, { method: 'OPTIONS' }),
      await formPost(url, 'unsubscribe'),
      await oneClick(url),
      await fetch(tamperedLink(url)),
    ];
    for (const answer of answers) {
      expect(headersOf(answer)).toMatchObject(SECURITY_HEADERS);
      expect(answer.headers.get('set-cookie')).toBeNull();
      expect(answer.headers.get('location')).toBeNull();
      expect([200, 204, 400]).toContain(answer.status);
    }
  });

  it('records exactly one list_unsubscribe entry for a urlencoded one-click POST', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant, {
      contactId: '12345',
      email: 'jane.doe@example.com',
      campaignId: 'c-42',
    });

    const response = await oneClick(url);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('You are unsubscribed.\n');
    const { entries, events } = await itemsOf(tenant);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.srcs).toEqual(new Set(['list_unsubscribe']));
    expect(entries[0]?.src_list_unsubscribe).toMatchObject({
      contactId: '12345',
      campaignId: 'c-42',
      ip: '127.0.0.1',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'suppressed', source: 'list_unsubscribe', campaignId: 'c-42' });
  });

  it('records exactly one list_unsubscribe entry for a multipart one-click POST', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant);

    const response = await oneClickMultipart(url);

    expect(response.status).toBe(200);
    const { entries, events } = await itemsOf(tenant);
    expect(entries.map((entry) => entry.srcs)).toEqual([new Set(['list_unsubscribe'])]);
    expect(events).toHaveLength(1);
  });

  it('keeps one entry and one event when twenty one-click POSTs for the same link arrive at once', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant);

    const responses = await Promise.all(Array.from({ length: 20 }, () => oneClick(url)));

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const { entries, events } = await itemsOf(tenant);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.version).toBe(1);
    expect(events.filter((event) => event.action === 'suppressed')).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('answers a repeated form POST the same and writes nothing the second time', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant);

    const first = await formPost(url, 'unsubscribe');
    const firstBody = await first.text();
    const written = await service.countItems();
    const second = await formPost(url, 'unsubscribe');

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(firstBody);
    expect(firstBody).toContain('You are unsubscribed');
    expect(await service.countItems()).toBe(written);
    const { entries } = await itemsOf(tenant);
    expect(entries.map((entry) => entry.srcs)).toEqual([new Set(['link'])]);
  });

  it('shows the error page for a tampered link and writes nothing, whatever the method', async () => {
    const { url } = await mint(uniqueTenant());
    const tampered = tamperedLink(url);
    const before = await service.countItems();

    const get = await fetch(tampered);
    const post = await oneClick(tampered);
    const form = await formPost(tampered, 'unsubscribe');
    const garbage = await oneClick(`${service.baseUrl}/u/not-a-token`);

    for (const response of [get, post, form, garbage]) {
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('This link does not work');
    }
    expect(await service.countItems()).toBe(before);
  });

  it('answers 400 to a POST that is neither the form nor one-click, and writes nothing', async () => {
    const { url } = await mint(uniqueTenant());
    const before = await service.countItems();
    const response = await fetch(url, { method: 'POST', body: 'hello=world' });
    expect(response.status).toBe(400);
    expect(await service.countItems()).toBe(before);
  });

  it('only ever touches the tenant the link was made for', async () => {
    const tenantA = uniqueTenant();
    const tenantB = uniqueTenant();
    const { url } = await mint(tenantA);
    await mint(tenantB);

    await oneClick(url);
    await formPost(url, 'unsubscribe');

    expect((await itemsOf(tenantA)).entries).toHaveLength(1);
    expect(await itemsOf(tenantB)).toEqual({ entries: [], events: [] });
  });
});

describe('the page language over HTTP', () => {
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });

  it('follows ?lang=, then Accept-Language, and says so in Content-Language and Vary', async () => {
    const { url } = await mint(uniqueTenant());

    const english = await fetch(url);
    const german = await fetch(url, { headers: { 'accept-language': 'ja, de-AT;q=0.9, fr;q=0.8' } });
    const french = await fetch(`${url}?lang=fr`, { headers: { 'accept-language': 'de' } });
    const garbage = await fetch(`${url}?lang=%3Cscript%3E`, { headers: { 'accept-language': 'es' } });

    expect(english.headers.get('content-language')).toBe('en');
    expect(await english.text()).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(german.headers.get('content-language')).toBe('de-AT');
    expect(german.headers.get('vary')).toBe('accept-language');
    expect(await german.text()).toMatch(/<h1>Von [^<]+ abmelden\?<\/h1>/);
    expect(french.headers.get('content-language')).toBe('fr');
    const frenchPage = await french.text();
    expect(frenchPage).toContain('<html lang="fr">');
    expect(frenchPage).toContain('>Se désabonner de tout</button>');
    expect(frenchPage).toContain(
      '<a href="?lang=fr" hreflang="fr" lang="fr" aria-current="true">Français</a>',
    );
    expect(garbage.headers.get('content-language')).toBe('es');
    expect(headersOf(french)).toMatchObject(SECURITY_HEADERS);
  });

  it('answers the form in the language of the URL it was posted to', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant);

    const response = await post(`${url}?lang=nl`, 'action=unsubscribe', { 'accept-language': 'fr' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-language')).toBe('nl');
    expect(await response.text()).toContain('<h1>U bent afgemeld</h1>');
    expect((await itemsOf(tenant)).entries).toHaveLength(1);
  });

  it('refuses a pause length it does not offer with a 400 in the page language, changing nothing', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant);

    const response = await post(url, 'action=pause&days=45', { 'accept-language': 'fr-FR' });

    expect(response.status).toBe(400);
    expect(headersOf(response)).toMatchObject({ ...SECURITY_HEADERS, 'content-language': 'fr-FR' });
    expect(await response.text()).toContain(
      'Une pause de «\u00a045\u00a0» jours n’est pas proposée\u00a0: choisissez 30 ou 90 jours.',
    );
    expect(await itemsOf(tenant)).toEqual({ entries: [], events: [] });
  });

  it('shows the error pages in the asked language too', async () => {
    const { url } = await mint(uniqueTenant());
    const tampered = await fetch(tamperedLink(url), { headers: { 'accept-language': 'it' } });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('<h1>Questo link non funziona</h1>');
    const unknown = await post(`${url}?lang=pt`, 'hello=world');
    expect(await unknown.text()).toContain('<h1>Pedido não reconhecido</h1>');
  });
});

describe('the preference center over HTTP', () => {
  const TOPICS = [
    { id: 'news', name: { en: 'News', fr: 'Actualités' }, defaultSubscribed: true },
    { id: 'deals', name: 'Deals', defaultSubscribed: true },
  ];
  const withTopics = async (tenant: string) => {
    const response = await fetch(`${service.baseUrl}/v1/settings`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ topics: TOPICS }),
    });
    expect(response.status).toBe(200);
  };
  const post = (url: string, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const checkedBoxes = (page: string) =>
    [...page.matchAll(/<input[^>]*name="topic"[^>]*>/g)]
      .filter(([input]) => / checked\b/.test(input))
      .map(([input]) => /value="([^"]*)"/.exec(input)?.[1]);

  it('saves the checkboxes, shows what the recipient now receives, and the page opens with them', async () => {
    const tenant = uniqueTenant();
    await withTopics(tenant);
    const { url } = await mint(tenant);
    expect(checkedBoxes(await (await fetch(url)).text())).toEqual(['news', 'deals']);

    const saved = await post(url, 'action=save&shown=news&shown=deals&topic=deals');
    expect(saved.status).toBe(200);
    const page = await saved.text();
    expect(page).toContain('<h1>Your preferences are saved</h1>');
    expect(checkedBoxes(await (await fetch(url)).text())).toEqual(['deals']);
    const { entries, events } = await itemsOf(tenant);
    expect(entries).toHaveLength(1);
    expect(entries[0]).not.toHaveProperty('srcs');
    expect(events.map((event) => event.action).sort()).toEqual(['preferences_changed', 'settings_changed']);
  });

  it('refuses a topic the workspace does not have with 400, naming it, and writes nothing', async () => {
    const tenant = uniqueTenant();
    await withTopics(tenant);
    const { url } = await mint(tenant);
    const response = await post(url, 'action=save&shown=news&shown=gone&topic=gone');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('gone');
    const { entries, events } = await itemsOf(tenant);
    expect(entries).toEqual([]);
    expect(events.map((event) => event.action)).toEqual(['settings_changed']);
  });

  it('pauses for 30 days with the date in the page language, and resumes', async () => {
    const tenant = uniqueTenant();
    await withTopics(tenant);
    const { url } = await mint(tenant);
    const paused = await post(`${url}?lang=fr`, 'action=pause&days=30');
    expect(paused.status).toBe(200);
    const until = new Date(Date.now() + 30 * 86_400_000);
    const month = new Intl.DateTimeFormat('fr', { month: 'long', timeZone: 'UTC' }).format(until);
    expect(await paused.text()).toContain(`${month} ${until.getUTCFullYear()}`);

    const resumed = await post(url, 'action=resume');
    expect(await resumed.text()).toContain('<h1>Your emails are back on</h1>');
    const actions = (await itemsOf(tenant)).events.map((event) => event.action);
    expect(actions.filter((action) => action === 'preferences_changed')).toHaveLength(2);
  });

  it('answers a pause of a length the page does not offer with 400, changing nothing', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant);
    expect((await post(url, 'action=pause&days=7')).status).toBe(400);
    expect(await itemsOf(tenant)).toEqual({ entries: [], events: [] });
  });

  it('mints links about a topic, whose one-click leaves that topic only and says which', async () => {
    const tenant = uniqueTenant();
    await withTopics(tenant);
    const { url, headers } = await mint(tenant, {
      contactId: '12345',
      email: 'jane@example.com',
      topic: 'news',
    });
    expect(headers['List-Unsubscribe']).toContain(url);

    const response = await oneClick(`${url}?lang=fr`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Actualités');
    const { entries } = await itemsOf(tenant);
    expect(entries[0]).not.toHaveProperty('srcs');
    expect(entries[0]?.tp_news).toMatchObject({ subscribed: false, source: 'list_unsubscribe' });
  });

  it('refuses to mint a link about a topic the workspace does not have, naming the known ones', async () => {
    const tenant = uniqueTenant();
    await withTopics(tenant);
    const response = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'manager')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ contactId: '1', email: 'a@example.com', topic: 'gone' }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toMatch(/gone/);
    expect(error.message).toMatch(/news/);
  });
});

describe('POST /v1/unsubscribe-links', () => {
  const route = () => `${service.baseUrl}/v1/unsubscribe-links`;
  const call = async (role: 'viewer' | 'manager' | 'admin' | undefined, body: unknown) =>
    fetch(route(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(role ? { authorization: `Bearer ${await service.credential('acme', role)}` } : {}),
      },
      body: JSON.stringify(body),
    });

  it('requires a credential', async () => {
    const response = await call(undefined, { contactId: '1', email: 'a@example.com' });
    expect(response.status).toBe(401);
  });

  it('refuses a viewer, who may not build links', async () => {
    const response = await call('viewer', { contactId: '1', email: 'a@example.com' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 'forbidden', message: 'role "viewer" may not build links' },
    });
  });

  it('names the field at fault', async () => {
    const bad = await call('manager', { contactId: '1', email: 'jane@' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: 'body.email: "jane@" is not a valid email: the domain is missing',
        details: {
          issues: [{ field: 'body.email', message: '"jane@" is not a valid email: the domain is missing' }],
        },
      },
    });
    const unknown = await call('manager', { contactId: '1', email: 'a@example.com', tenantId: 'other' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /^body: Unrecognized key: "tenantId"/,
    );
    const missing = await call('manager', { email: 'a@example.com' });
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /^body\.contactId: /,
    );
  });

  it('answers 415 to a body that is not JSON, like every other admin route', async () => {
    const response = await fetch(route(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${await service.credential('acme', 'admin')}`,
      },
      body: 'contactId=1&email=a%40example.com',
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'unsupported_media_type',
    );
  });

  it('answers exactly the URL and the two headers', async () => {
    const response = await call('admin', {
      contactId: '12345',
      email: 'jane.doe@example.com',
      campaignId: 'c-42',
    });
    const body = (await response.json()) as MintedLink;

    expect(response.status).toBe(200);
    expect(Object.keys(body)).toEqual(['url', 'headers']);
    expect(body.url).toMatch(new RegExp(`^${service.baseUrl}/u/[A-Za-z0-9_-]{20,200}$`));
    expect(body.headers).toEqual({
      'List-Unsubscribe': `<${body.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('hands out a URL that works end to end, for the tenant of the credential', async () => {
    const tenant = uniqueTenant();
    const { url } = await mint(tenant, { contactId: 'c-9', email: 'Someone@Example.org' });

    expect(await (await fetch(url)).text()).toContain('s***@example.org');
    expect((await formPost(url, 'unsubscribe')).status).toBe(200);
    const { entries } = await itemsOf(tenant);
    expect(entries).toMatchObject([{ value: 'someone@example.org', srcs: new Set(['link']) }]);
  });
});
