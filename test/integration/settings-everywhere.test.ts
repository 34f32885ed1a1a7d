import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedSnsEvent } from '../../local/simulate';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';

/*
 * The settings a workspace admin saves through `PUT /v1/settings`, read by the other functions of the service:
 * the whole local runtime (`npm start`), each function behind its own composition root (and so its own cache), as
 * when deployed. Each test saves its settings before the function first reads that tenant.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService();
});

afterAll(() => service?.close());

const admin = async (tenant: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read the answer field by field.
  return { status: response.status, body: (await response.json()) as any };
};

const saveSettings = async (tenant: string, settings: Record<string, unknown>) =>
  expect((await admin(tenant, 'PUT', '/v1/settings', settings)).status).toBe(200);

const post = (path: string, body: unknown) =>
  fetch(`${service.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the pre-send filter', () => {
  const filter = async (tenant: string, phone: string) => {
    const response = await post('/_local/invoke/filter', {
      tenantId: tenant,
      campaignId: 'c-1',
      category: 'marketing',
      channels: ['phone'],
      template: COMPLIANT_TEMPLATE,
      recipients: [{ contactId: 'c1', phones: [phone] }],
    });
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: see admin().
    return (await response.json()) as any;
  };

  it("reads national numbers with the tenant's default phone country, and blocks what that tenant suppressed", async () => {
    const fr = uniqueTenant();
    await saveSettings(fr, { defaultPhoneCountry: 'FR' });
    const kept = await filter(fr, '06 12 34 56 78');
    expect(kept.eligible).toEqual([expect.objectContaining({ contactId: 'c1', phones: ['+33612345678'] })]);

    await admin(fr, 'POST', '/v1/suppressions', { values: ['+33 6 12 34 56 78'] });
    const blocked = await filter(fr, '06 12 34 56 78');
    expect(blocked.eligible).toEqual([]);
    expect(blocked.filtered).toEqual([expect.objectContaining({ contactId: 'c1' })]);
  });

  it("uses the deployment's country (US locally) for a tenant that set none", async () => {
    const other = uniqueTenant();
    const us = await filter(other, '(201) 555-0123');
    expect(us.eligible).toEqual([expect.objectContaining({ phones: ['+12015550123'] })]);
    const french = await filter(other, '06 12 34 56 78');
    expect(french.filtered).toEqual([{ contactId: 'c1', reasons: ['invalid_phone'] }]);
  });
});

describe('SES feedback', () => {
  const softBounce = async (tenant: string, address: string) => {
    const response = await post('/_local/sns/feedback', simulatedSnsEvent('soft-bounce', address, tenant));
    expect(await response.json()).toEqual({ batchItemFailures: [] });
  };
  const check = async (tenant: string, address: string) =>
    (await admin(tenant, 'POST', '/v1/suppressions/check', { values: [address] })).body.results[0];

  it("suppresses after the tenant's own number of transient bounces", async () => {
    const strict = uniqueTenant();
    await saveSettings(strict, { transientBounceThreshold: 1, transientBounceWindowDays: 2 });
    await softBounce(strict, 'soft@example.com');
    const checked = await check(strict, 'soft@example.com');
    expect(checked.suppressed).toBe(true);
    expect(checked.matches[0]).toMatchObject({ source: 'bounce' });
    const entries = (await service.tenantItems(strict)).entries;
    expect(entries[0]?.src_bounce).toMatchObject({ detail: { reason: '1 transient bounce within 2 days' } });
  });

  it("keeps the deployment's rule (3 within 7 days) for a tenant that set none, and for a field left unset", async () => {
    const lenient = uniqueTenant();
    await saveSettings(lenient, { transientBounceThreshold: 2 });
    const plain = uniqueTenant();
    for (let bounce = 1; bounce <= 3; bounce++) {
      await softBounce(lenient, 'soft@example.com');
      await softBounce(plain, 'soft@example.com');
      expect((await check(lenient, 'soft@example.com')).suppressed).toBe(bounce >= 2);
      expect((await check(plain, 'soft@example.com')).suppressed).toBe(bounce >= 3);
    }
    const [entry] = (await service.tenantItems(lenient)).entries;
    expect(entry?.src_bounce).toMatchObject({ detail: { reason: '2 transient bounces within 7 days' } });
  });
});

describe('the unsubscribe page', () => {
  const mint = async (tenant: string) =>
    (
      await admin(tenant, 'POST', '/v1/unsubscribe-links', {
        contactId: '12345',
        email: 'jane.doe@example.com',
      })
    ).body.url as string;

  it('shows the display name, the postal address and the privacy link saved through the admin API', async () => {
    const tenant = uniqueTenant();
    await saveSettings(tenant, {
      displayName: 'Acme & Sons',
      postalAddress: '1 Main Street\nSpringfield, IL 62701',
      privacyUrl: 'https://acme.example/privacy?a=1&b=2',
    });
    const page = await (await fetch(await mint(tenant))).text();
    expect(page).toContain('<h1>Unsubscribe from Acme &amp; Sons?</h1>');
    expect(page).toContain('<address>1 Main Street\nSpringfield, IL 62701</address>');
    expect(page).toContain('<a href="https://acme.example/privacy?a=1&amp;b=2">Privacy policy</a>');
  });

  it('shows the tenant id, and no postal address, privacy link or logo, for a tenant that set nothing', async () => {
    const tenant = uniqueTenant();
    const page = await (await fetch(await mint(tenant))).text();
    expect(page).toContain(`<h1>Unsubscribe from ${tenant}?</h1>`);
    // The footer now always holds the language switcher; nothing of the tenant's is in it.
    expect(page).toMatch(/<footer><nav aria-label="Language">/);
    expect(page).not.toMatch(/<address>|Privacy policy|<img/);
  });
});
