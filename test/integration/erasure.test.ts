import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbErasureStore } from '#adapters/dynamodb/erasure-store';
import { SUPPRESSION_SK } from '#adapters/dynamodb/keys';
import { erasePersonalData } from '#app/erase-personal-data';
import { sameNormalizeOptions } from '#app/tenant-rules';
import { simulatedSnsEvent } from '../../local/simulate';
import { adminCalls } from '../support/admin-calls';
import { filterFixture, interceptedClient } from '../support/filter-fixture';
import { type LocalService, startLocalService } from '../support/local-service';
import { eventsOf as eventsOfService } from '../support/outbound-events';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 14, part 1: erasure keeps the block. After `POST /v1/erasures` no stored item holds the value's clear text
 * (proved by scanning the whole local table, which only tests do), while the check and the pre-send filter still
 * block it through its keyed hash. Over real HTTP against DynamoDB Local, with the outbound-events stand-in.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService({ events: true });
});

afterAll(() => service?.close());

const USER_AGENT = 'ErasureTest/1.0 (a recipient browser)';

const { send, json, oneClick: mintAndClick } = adminCalls(() => service);

const erase = async (tenant: string, body: unknown) => json(await send(tenant, 'POST', '/v1/erasures', body));

/** Every item of the whole table, as stored. */
const wholeTable = async (): Promise<string> => {
  const items: unknown[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await service.table.doc.send(
      new ScanCommand({ TableName: service.table.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return JSON.stringify(items, (_, value) => (value instanceof Set ? [...value] : value)).toLowerCase();
};

/** A recipient unsubscribes with one-click from a link minted for them (their IP and user agent are kept). */
const oneClick = (tenant: string, contactId: string, email: string) =>
  mintAndClick(tenant, { contactId, email }, { campaignId: 'camp-1', userAgent: USER_AGENT });

const bounce = async (tenant: string, email: string) => {
  const response = await fetch(`${service.baseUrl}/_local/sns/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(simulatedSnsEvent('bounce', email, tenant)),
  });
  expect(response.status).toBeLessThan(300);
};

const check = async (tenant: string, value: string) =>
  (await json(await send(tenant, 'POST', '/v1/suppressions/check', { values: [value] }))).results[0];

const filtered = async (tenant: string, recipient: Record<string, string>) => {
  const fixture = filterFixture(service.table, service.table.doc, { hashValue: service.hashValue });
  const { output } = await fixture.filter({
    tenantId: tenant,
    campaignId: 'c-after-erasure',
    category: 'transactional',
    channels: ['email'],
    recipients: [{ contactId: 'probe', ...recipient }],
  });
  return output.filtered.flatMap((recipient) => recipient.reasons);
};

const erasedEventsOf = async (tenant: string) =>
  (await json(await send(tenant, 'GET', '/v1/activity?action=erased'))).items;

describe('erasing values', () => {
  it('removes every clear copy, keeps the block, and answers per value', async () => {
    const tenant = uniqueTenant();
    const email = 'Jane.Erasure@Example.com';
    await json(
      await send(tenant, 'POST', '/v1/suppressions', {
        values: [email],
        note: 'asked by phone, jane.erasure@example.com',
      }),
    );
    await oneClick(tenant, 'crm-1', 'jane.erasure@example.com');
    await bounce(tenant, 'jane.erasure@example.com');
    expect(await wholeTable()).toContain('jane.erasure');
    expect(await wholeTable()).toContain(USER_AGENT.toLowerCase());

    const events = await eventsOfService(service, tenant, async () => {
      const receipt = await erase(tenant, { values: [email, 'never.stored@example.com', 'not a value'] });
      expect(receipt).toMatchObject({
        erasureId: expect.stringMatching(/^er_[A-Za-z0-9_-]{22}$/),
        ses: 'kept_suppressed',
        stillSuppressed: true,
        erased: [
          { input: email, kind: 'email', status: 'erased', valueHash: expect.any(String) },
          { input: 'never.stored@example.com', kind: 'email', status: 'not_found' },
          { input: 'not a value', kind: null, status: 'invalid', error: expect.any(String) },
        ],
      });
    });

    const table = await wholeTable();
    expect(table).not.toContain('jane.erasure');
    expect(table).not.toContain(USER_AGENT.toLowerCase());
    expect(table).not.toContain('never.stored');
    // Erasing changes stored events in place (no new insert) and writes one audit event: one outbound event.
    const hash = service.hashValue('email', 'jane.erasure@example.com');
    expect(events).toMatchObject([
      {
        detailType: 'Erasure Completed',
        detail: { action: 'erased', values: [{ kind: 'email', value: null, valueHash: hash }] },
      },
    ]);

    // Still blocked: the check, and the pre-send filter, by the keyed hash.
    const checked = await check(tenant, email);
    expect(checked.suppressed).toBe(true);
    expect(checked.matches[0]).toMatchObject({ kind: 'email', value: 'jane.erasure@example.com' });
    expect(await filtered(tenant, { email: 'jane.erasure@example.com' })).not.toEqual([]);

    // The list and the export show the kind and the start of the hash; a search by the value finds nothing.
    const listed = await json(await send(tenant, 'GET', '/v1/suppressions'));
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      kind: 'email',
      value: `[erased] ${hash.slice(0, 6)}…`,
      normalizedValue: null,
    });
    expect(listed.items[0].sources.map((s: { source: string }) => s.source).sort()).toEqual([
      'admin',
      'bounce',
      'list_unsubscribe',
    ]);
    expect((await json(await send(tenant, 'GET', '/v1/suppressions?q=jane'))).items).toEqual([]);
    const csv = await (await send(tenant, 'GET', '/v1/suppressions/export')).text();
    expect(csv).toContain(`[erased] ${hash.slice(0, 6)}…,email,`);
    expect(csv.toLowerCase()).not.toContain('jane');

    // The history keeps every action, time and source, with the value null.
    const history = await json(await send(tenant, 'POST', '/v1/suppressions/history', { value: email }));
    expect(history.items.length).toBeGreaterThanOrEqual(3);
    for (const item of history.items) {
      expect(item.values).toEqual([{ kind: 'email', value: null }]);
      expect(item).not.toHaveProperty('ip');
    }
    expect((await erasedEventsOf(tenant)).map((e: { values: unknown[] }) => e.values)).toEqual([
      [{ kind: 'email', value: null }],
    ]);
  });

  it('is idempotent: a repeat answers erased again, with the same id, and records no second event', async () => {
    const tenant = uniqueTenant();
    await eventsOfService(service, tenant, () =>
      send(tenant, 'POST', '/v1/suppressions', { values: ['again@example.com', '+1 415 555 0177'] }),
    );
    let first: { erasureId: string } = { erasureId: '' };
    const once = await eventsOfService(service, tenant, async () => {
      first = await erase(tenant, { values: ['again@example.com', '+1 415 555 0177'] });
    });
    expect(once.map((event) => event.detailType)).toEqual(['Erasure Completed']);
    const replay = await eventsOfService(service, tenant, async () => {
      const second = await erase(tenant, { values: ['+14155550177', 'Again@Example.com'] });
      expect(second.erasureId).toBe(first.erasureId);
      expect(second.erased.map((r: { status: string }) => r.status)).toEqual(['erased', 'erased']);
    });
    expect(replay).toEqual([]);
    expect(await erasedEventsOf(tenant)).toHaveLength(1);
    expect((await check(tenant, '+14155550177')).suppressed).toBe(true);
  });

  it('answers not_found for a value never stored, and stores nothing about it', async () => {
    const tenant = uniqueTenant();
    const before = await service.countItems();
    const receipt = await erase(tenant, { values: ['nobody@example.com'] });
    expect(receipt).toMatchObject({
      erasureId: null,
      erased: [{ input: 'nobody@example.com', kind: 'email', status: 'not_found' }],
    });
    expect(await service.countItems()).toBe(before);
    expect(await erasedEventsOf(tenant)).toEqual([]);
  });

  it("never reaches another workspace's copy of the same value", async () => {
    const owner = uniqueTenant();
    const other = uniqueTenant();
    await json(await send(owner, 'POST', '/v1/suppressions', { values: ['shared.person@example.com'] }));
    const receipt = await erase(other, { values: ['shared.person@example.com'] });
    expect(receipt.erased).toMatchObject([{ status: 'not_found' }]);
    const ownerList = await json(await send(owner, 'GET', '/v1/suppressions'));
    expect(ownerList.items[0].normalizedValue).toBe('shared.person@example.com');
  });

  it('refuses viewers and managers (403), and bad bodies with a reason (400)', async () => {
    const tenant = uniqueTenant();
    for (const role of ['viewer', 'manager'] as const) {
      const refused = await send(tenant, 'POST', '/v1/erasures', { values: ['x@example.com'] }, role);
      expect(refused.status).toBe(403);
    }
    const refusal = async (body: unknown) =>
      (await json(await send(tenant, 'POST', '/v1/erasures', body), 400)).error.message;
    expect(await refusal({ values: ['x@example.com'], contactId: 'c' })).toContain('not both');
    expect(await refusal({ values: [] })).toContain('nothing to erase');
    expect(await refusal({ contactId: 'has space' })).toContain('"has space" is not a valid contact id');
  });
});

describe('a failure part-way', () => {
  it('leaves the entry for last, so nothing is half-visible, and a re-run finishes with one event', async () => {
    const tenant = uniqueTenant();
    const email = 'throttled.person@example.com';
    await json(await send(tenant, 'POST', '/v1/suppressions', { values: [email] }));
    await oneClick(tenant, 'crm-9', email);
    // DynamoDB throttles the entry's update (after the SDK's own retries): the one fault a local table cannot cause.
    const throttled = interceptedClient(service.table.doc, (command) =>
      command instanceof UpdateCommand && command.input.Key?.sk === SUPPRESSION_SK
        ? Promise.reject(
            new ProvisionedThroughputExceededException({ message: 'throttled (test)', $metadata: {} }),
          )
        : undefined,
    );
    const eraseInProcess = erasePersonalData({
      erasures: new DynamoDbErasureStore(throttled, service.table.tableName),
      activity: new DynamoDbActivityLog(service.table.doc, service.table.tableName),
      hashValue: service.hashValue,
      normalizeOptionsFor: sameNormalizeOptions({}),
    });
    await expect(
      eraseInProcess({
        tenantId: tenant,
        values: [email],
        principal: { tenantId: tenant, userId: 'admin-user', role: 'admin', type: 'person' },
        at: new Date(),
      }),
    ).rejects.toThrow('throttled (test)');

    // The events are erased, the entry (still listed in clear) is not yet, and no erasure event claims it was.
    const history = await json(await send(tenant, 'POST', '/v1/suppressions/history', { value: email }));
    expect(history.items.map((item: { values: unknown }) => item.values)).toEqual([
      [{ kind: 'email', value: null }],
      [{ kind: 'email', value: null }],
    ]);
    expect((await json(await send(tenant, 'GET', '/v1/suppressions'))).items[0].normalizedValue).toBe(email);
    expect(await erasedEventsOf(tenant)).toEqual([]);

    const receipt = await erase(tenant, { values: [email] });
    expect(receipt.erased).toMatchObject([{ status: 'erased' }]);
    expect(await wholeTable()).not.toContain('throttled.person');
    expect(await erasedEventsOf(tenant)).toHaveLength(1);
    expect((await check(tenant, email)).suppressed).toBe(true);
  });

  it('pages through every event of a value with many', async () => {
    const tenant = uniqueTenant();
    const email = 'busy.person@example.com';
    await json(await send(tenant, 'POST', '/v1/suppressions', { values: [email] }));
    // 450 more events of the value (more than two of the erasure's pages), as the activity log writes them.
    const activity = new DynamoDbActivityLog(service.table.doc, service.table.tableName);
    const key = { tenantId: tenant, kind: 'email' as const, valueHash: service.hashValue('email', email) };
    for (let batch = 0; batch < 18; batch++) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          activity.recordActivity(
            {
              eventId: `seed-${batch}-${i}`,
              at: new Date(Date.UTC(2026, 0, 1, 0, batch, i)).toISOString(),
              action: 'restore_refused',
              actor: { type: 'user', userId: 'seed' },
              ...key,
              value: email,
              reason: 'link',
            },
            key,
          ),
        ),
      );
    }
    await erase(tenant, { values: [email] });
    expect(await wholeTable()).not.toContain('busy.person');
    const { events } = await service.tenantItems(tenant);
    expect(events.filter((event) => event.valueHash === key.valueHash)).toHaveLength(451);
  });
});

describe('erasing a contact', () => {
  it("erases every value its events name, and keeps its do-not-contact and its values' blocks", async () => {
    const tenant = uniqueTenant();
    await json(
      await send(tenant, 'POST', '/v1/contacts/crm-77/unsubscribe', {
        doNotContact: true,
        emails: ['lea.contact@example.com'],
        phones: ['+1 415 555 0188'],
      }),
    );
    await oneClick(tenant, 'crm-77', 'lea.second@example.com');
    const receipt = await erase(tenant, { contactId: 'crm-77' });
    expect(receipt.contactStatus).toBe('erased');
    expect(receipt.erased.map((r: { kind: string }) => r.kind).sort()).toEqual(['email', 'email', 'phone']);
    const table = await wholeTable();
    for (const clear of ['lea.contact', 'lea.second', '4155550188']) expect(table).not.toContain(clear);

    expect((await check(tenant, 'lea.contact@example.com')).suppressed).toBe(true);
    expect((await check(tenant, '+14155550188')).suppressed).toBe(true);
    const contact = await json(await send(tenant, 'GET', '/v1/contacts/crm-77'));
    expect(contact.doNotContact).toBe(true);
    expect(contact.values.every((v: { value: unknown }) => v.value === null)).toBe(true);
    const fixture = filterFixture(service.table, service.table.doc, { hashValue: service.hashValue });
    const { output } = await fixture.filter({
      tenantId: tenant,
      campaignId: 'c-after',
      category: 'transactional',
      channels: ['email'],
      recipients: [{ contactId: 'crm-77', email: 'new.address@example.com' }],
    });
    expect(output.filtered).toMatchObject([{ contactId: 'crm-77' }]);

    const erased = await erasedEventsOf(tenant);
    expect(erased).toHaveLength(1);
    const timeline = await json(await send(tenant, 'GET', '/v1/contacts/crm-77/activity'));
    expect(timeline.items[0]).toMatchObject({ action: 'erased', reason: 'contact' });
  });

  it('erases a contact whose events name no value: nothing to remove, the erasure still recorded', async () => {
    const tenant = uniqueTenant();
    // A viewer's refused action about the contact: an event naming the contact and no value.
    const refused = await send(
      tenant,
      'POST',
      '/v1/contacts/crm-88/unsubscribe',
      { emails: ['x@example.com'] },
      'viewer',
    );
    expect(refused.status).toBe(403);
    const receipt = await erase(tenant, { contactId: 'crm-88' });
    expect(receipt).toMatchObject({ contactStatus: 'erased', erased: [], erasureId: expect.any(String) });
    expect(await erasedEventsOf(tenant)).toMatchObject([{ values: [] }]);
  });

  it('answers not_found for a contact nothing names, writing nothing', async () => {
    const tenant = uniqueTenant();
    const before = await service.countItems();
    expect(await erase(tenant, { contactId: 'ghost-1' })).toMatchObject({
      erasureId: null,
      contactStatus: 'not_found',
      erased: [],
    });
    expect(await service.countItems()).toBe(before);
  });
});
