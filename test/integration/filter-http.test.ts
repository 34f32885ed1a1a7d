import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterAudienceOutput } from '#app/filter-answer';
import type { FilterRunRecord } from '#app/ports/filter-runs';
import { suppressValue } from '#app/suppress-value';
import type { Role } from '#domain/roles';
import type { InvokeErrorResult } from '#lambda/invoke-errors';
import { mintDevCredential } from '../../local/dev-credentials';
import { createLocalServer, localServerUrl } from '../../local/http-adapter';
import { ensureLocalSecrets } from '../../local/keys';
import { localRoutes } from '../../local/routes';
import { testAdapters } from '../support/adapters';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';
import { type TestTable, testTable, uniqueTenant } from '../support/repositories';

let table: TestTable;
let secretsDir: string;
let server: Server;
let url: string;
let devJwtSecret: string;
let suppress: (tenantId: string, email: string) => Promise<unknown>;

beforeAll(async () => {
  table = await testTable();
  secretsDir = await mkdtemp(path.join(tmpdir(), 'quietlist-filter-'));
  const secrets = await ensureLocalSecrets(secretsDir);
  devJwtSecret = secrets.devJwtSecret;
  const context = { tableName: table.tableName, endpoint: table.endpoint, baseUrl: 'http://127.0.0.1:3000' };
  server = createLocalServer(await localRoutes({ ...context, secretsDir }));
  await once(server, 'listening');
  url = localServerUrl(server);
  // Seeds through services built like the server's, so value hashes match.
  const services = await testAdapters({
    tableName: table.tableName,
    keysSource: `file:${secrets.keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
  });
  const record = suppressValue({ suppressions: services.suppressions, hashValue: services.hashValue });
  suppress = (tenantId, email) =>
    record({
      tenantId,
      value: { kind: 'email', value: email, display: email },
      source: 'link',
      actor: { type: 'recipient' },
      at: new Date(),
    });
});

afterAll(async () => {
  server?.close();
  await rm(secretsDir, { recursive: true, force: true });
});

/** What the route answers: the filter's output or its error. */
type InvokeBody = Partial<FilterAudienceOutput> & Partial<InvokeErrorResult>;
type RunBody = Partial<FilterRunRecord> & Partial<InvokeErrorResult>;

const invoke = async (payload: unknown) => {
  const response = await fetch(`${url}/_local/invoke/filter`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as InvokeBody };
};

const payload = (tenantId: string, overrides: Record<string, unknown> = {}) => ({
  tenantId,
  campaignId: 'c-42',
  category: 'marketing',
  channels: ['email'],
  template: COMPLIANT_TEMPLATE,
  recipients: [
    { contactId: 'c1', email: 'kept@example.com' },
    { contactId: 'c2', email: 'gone@example.com' },
  ],
  ...overrides,
});

const token = (tenant: string, role: Role = 'viewer') =>
  mintDevCredential({ tenant, role, user: 'u-1' }, devJwtSecret);

const filteredContacts = async (campaignId: string, runId: string, bearer?: string) => {
  const response = await fetch(`${url}/v1/campaigns/${campaignId}/runs/${runId}/filtered`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  return { status: response.status, body: (await response.json()) as RunBody };
};

describe('POST /_local/invoke/filter', () => {
  it('answers 200 with the filter result, links pointing at the local service', async () => {
    const tenant = uniqueTenant();
    await suppress(tenant, 'gone@example.com');
    const { status, body } = await invoke(payload(tenant));
    expect(status).toBe(200);
    expect(body.summary).toEqual({ received: 2, eligible: 1, filtered: 1, byReason: { unsubscribed: 1 } });
    expect(body.filtered).toEqual([{ contactId: 'c2', reasons: ['unsubscribed'] }]);
    expect(body.eligible?.[0]?.emails[0]?.unsubscribeUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/u\//);
  });

  it('answers 400 naming the field of an invalid payload', async () => {
    const { status, body } = await invoke(
      payload(uniqueTenant(), { recipients: [{ contactId: 'c1', emails: [7] }] }),
    );
    expect(status).toBe(400);
    expect(body.error?.code).toBe('invalid_input');
    expect(body.error?.message).toMatch(/^recipients\[0\]\.emails\[0\]: /);
  });

  it('answers 400 naming the shortcode a marketing template lacks', async () => {
    const { status, body } = await invoke(
      payload(uniqueTenant(), { template: { html: '[[unsubscribe_link]]' } }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'template_refused',
      details: { missing: ['[[postal_address]]'] },
    });
    expect(body.error?.message).toContain('[[postal_address]]');
  });

  it('answers 400 for a batch over 10,000 recipients, saying the limit', async () => {
    const recipients = Array.from({ length: 10_001 }, (_, i) => ({ contactId: `c${i}` }));
    const { status, body } = await invoke(payload(uniqueTenant(), { recipients }));
    expect(status).toBe(400);
    expect(body.error?.code).toBe('payload_too_large');
    expect(body.error?.message).toContain('the limit is 10000');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { status, body } = await invoke('{"tenantId":');
    expect(status).toBe(400);
    // The one request layer's code for a body that does not parse, as on every admin route.
    expect(body.error?.code).toBe('invalid_json');
  });
});

describe('GET /v1/campaigns/{campaignId}/runs/{runId}/filtered', () => {
  it("returns a stored run's summary and filtered contacts to a viewer of the tenant", async () => {
    const tenant = uniqueTenant();
    await suppress(tenant, 'gone@example.com');
    const run = await invoke(payload(tenant));
    const { status, body } = await filteredContacts('c-42', String(run.body.runId), await token(tenant));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      runId: String(run.body.runId),
      campaignId: 'c-42',
      summary: run.body.summary,
      filtered: [{ contactId: 'c2', reasons: ['unsubscribed'] }],
    });
    expect(Date.parse(String(body.createdAt))).not.toBeNaN();
  });

  it('answers 404 for a run of another campaign, another tenant, or no run at all', async () => {
    const tenant = uniqueTenant();
    const run = await invoke(payload(tenant));
    const mine = await token(tenant);
    for (const attempt of [
      await filteredContacts('c-43', String(run.body.runId), mine),
      await filteredContacts('c-42', String(run.body.runId), await token(uniqueTenant())),
      await filteredContacts('c-42', '01JUNKJUNKJUNKJUNKJUNKJUNK', mine),
    ]) {
      expect(attempt.status).toBe(404);
      expect(attempt.body.error?.code).toBe('not_found');
    }
  });

  it('answers 401 without a credential', async () => {
    const run = await invoke(payload(uniqueTenant()));
    expect((await filteredContacts('c-42', String(run.body.runId))).status).toBe(401);
  });
});
