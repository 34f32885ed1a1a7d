import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActivityLog } from '#adapters/dynamodb/activity-log';
import { DynamoDbRecipientChoices } from '#adapters/dynamodb/recipient-choices';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { openUnsubscribeLink } from '#app/open-unsubscribe-link';
import { resubscribeRecipient } from '#app/resubscribe-recipient';
import { suppressValue } from '#app/suppress-value';
import { unsubscribeRecipient } from '#app/unsubscribe-recipient';
import { sealToken, type UnsubscribeTokenPayload } from '#domain/unsubscribe-token';
import { hashValue, keyOf, type TestTable, testTable, uniqueTenant } from '../support/repositories';
import { tamperedInTheMiddle } from '../support/tamper';

const keyring = { activeLinkKey: 'k1', linkKeys: { k1: new Uint8Array(32).fill(9) } };
let table: TestTable;
let repository: DynamoDbSuppressionRepository;
let activity: DynamoDbActivityLog;
let tenantSettings: DynamoDbTenantSettingsRepository;
let deps: {
  keyring: typeof keyring;
  tenantSettings: DynamoDbTenantSettingsRepository;
  suppressions: DynamoDbSuppressionRepository;
  activity: DynamoDbActivityLog;
  choices: DynamoDbRecipientChoices;
  hashValue: typeof hashValue;
};

beforeAll(async () => {
  table = await testTable();
  repository = new DynamoDbSuppressionRepository(table.doc, table.tableName);
  activity = new DynamoDbActivityLog(table.doc, table.tableName);
  tenantSettings = new DynamoDbTenantSettingsRepository(table.doc, table.tableName);
  deps = {
    keyring,
    tenantSettings,
    suppressions: repository,
    activity,
    choices: new DynamoDbRecipientChoices(table.doc, table.tableName),
    hashValue,
  };
});

const linkFor = (overrides: Partial<UnsubscribeTokenPayload> = {}) => {
  const payload: UnsubscribeTokenPayload = {
    tenantId: uniqueTenant(),
    contactId: 'contact-1',
    kind: 'email',
    value: 'jane.doe@example.com',
    campaignId: 'c-42',
    issuedOn: '2026-11-23',
    ...overrides,
  };
  return {
    payload,
    token: sealToken(keyring, payload),
    key: keyOf(payload.tenantId, 'email', payload.value),
  };
};

const proof = { at: new Date('2026-11-23T12:00:00Z'), ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (test)' };
const unsubscribe = (token: string, source: 'link' | 'list_unsubscribe' = 'link') =>
  unsubscribeRecipient(deps)({ token, source, ...proof });
// A minute later, so "newest first" is never decided by the random event id of two events at the same instant.
const resubscribe = (token: string) =>
  resubscribeRecipient(deps)({ token, ...proof, at: new Date(proof.at.getTime() + 60_000) });
const history = async (key: ReturnType<typeof keyOf>) =>
  (await activity.listValueActivityNewestFirst(key, { limit: 50 })).items;

describe('opening a link for the confirmation page', () => {
  it('masks the address and names the tenant by its id when it has no settings', async () => {
    const { token, payload } = linkFor();
    const opened = await openUnsubscribeLink(deps)(token);
    expect(opened.ok && opened.value.view).toEqual({
      tenantName: payload.tenantId,
      kind: 'email',
      shownValue: 'j***@example.com',
    });
  });

  it("uses the tenant's display name, postal address and choice to show the whole address", async () => {
    const { token, payload } = linkFor();
    await tenantSettings.putTenantSettings(payload.tenantId, {
      displayName: 'Acme Outdoor',
      postalAddress: '1 Main St, Springfield',
      addressDisplay: 'full',
    });
    const opened = await openUnsubscribeLink(deps)(token);
    expect(opened.ok && opened.value.view).toEqual({
      tenantName: 'Acme Outdoor',
      postalAddress: '1 Main St, Springfield',
      kind: 'email',
      shownValue: 'jane.doe@example.com',
    });
  });
});

describe('a recipient unsubscribing', () => {
  it('records the source, contact, campaign, IP and user agent on the entry and its event', async () => {
    const { token, key, payload } = linkFor();
    const result = await unsubscribe(token);

    expect(result.ok && result.value.status).toBe('unsubscribed');
    const entry = await repository.getSuppression(key);
    expect(entry?.sources.link).toEqual({
      at: proof.at.toISOString(),
      contactId: payload.contactId,
      campaignId: 'c-42',
      ip: proof.ip,
      userAgent: proof.userAgent,
    });
    const events = await history(key);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'suppressed',
      actor: { type: 'recipient' },
      source: 'link',
      campaignId: 'c-42',
      contactId: payload.contactId,
      ip: proof.ip,
      userAgent: proof.userAgent,
    });
  });

  it('changes nothing the second time and says the same', async () => {
    const { token, key } = linkFor();
    await unsubscribe(token, 'list_unsubscribe');
    const again = await unsubscribe(token, 'list_unsubscribe');

    expect(again.ok && again.value.status).toBe('already_unsubscribed');
    expect((await repository.getSuppression(key))?.version).toBe(1);
    expect(await history(key)).toHaveLength(1);
  });

  it('changes nothing for a token that does not open', async () => {
    const { token, key } = linkFor();
    const result = await unsubscribe(tamperedInTheMiddle(token));
    expect(result.ok).toBe(false);
    expect(await repository.getSuppression(key)).toBeUndefined();
    expect(await history(key)).toHaveLength(0);
  });
});

describe('a recipient undoing their unsubscribe', () => {
  it('removes their own entry and records the resubscribe with before and after', async () => {
    const { token, key } = linkFor();
    await unsubscribe(token);
    const result = await resubscribe(token);

    expect(result.ok && result.value).toMatchObject({ status: 'resubscribed', stillSuppressed: false });
    expect(await repository.getSuppression(key)).toBeUndefined();
    const [latest] = await history(key);
    expect(latest).toMatchObject({
      action: 'resubscribed',
      actor: { type: 'recipient' },
      source: 'link',
      before: ['link'],
      after: [],
      ip: proof.ip,
    });
  });

  it('lifts both of their own sources, the one-click included', async () => {
    const { token, key } = linkFor();
    await unsubscribe(token, 'link');
    await unsubscribe(token, 'list_unsubscribe');
    const result = await resubscribe(token);

    expect(result.ok && result.value.status).toBe('resubscribed');
    expect(await repository.getSuppression(key)).toBeUndefined();
  });

  it('leaves a bounce that holds the same address, and says the address stays blocked', async () => {
    const { token, key, payload } = linkFor();
    await unsubscribe(token);
    await suppressValue({ suppressions: repository, hashValue })({
      tenantId: payload.tenantId,
      value: { kind: 'email', value: payload.value, display: payload.value },
      source: 'bounce',
      actor: { type: 'system', name: 'ses' },
      at: new Date(),
    });
    const result = await resubscribe(token);

    expect(result.ok && result.value).toMatchObject({ status: 'resubscribed', stillSuppressed: true });
    const entry = await repository.getSuppression(key);
    expect(Object.keys(entry?.sources ?? {})).toEqual(['bounce']);
  });

  it("refuses to lift another contact's unsubscribe of a shared address, and records the refusal", async () => {
    const mine = linkFor({ contactId: 'contact-1' });
    const theirs = sealToken(keyring, { ...mine.payload, contactId: 'contact-2' });
    await unsubscribe(theirs);
    const result = await resubscribe(mine.token);

    expect(result.ok && result.value.status).toBe('nothing_to_undo');
    expect(Object.keys((await repository.getSuppression(mine.key))?.sources ?? {})).toEqual(['link']);
    const [latest] = await history(mine.key);
    expect(latest).toMatchObject({
      action: 'resubscribe_refused',
      actor: { type: 'recipient' },
      contactId: 'contact-1',
      before: ['link'],
    });
  });

  it('records a refusal when there is nothing to undo at all', async () => {
    const { token, key } = linkFor();
    const result = await resubscribe(token);

    expect(result.ok && result.value.status).toBe('nothing_to_undo');
    expect(await repository.getSuppression(key)).toBeUndefined();
    expect((await history(key)).map((event) => event.action)).toEqual(['resubscribe_refused']);
  });

  it('never lifts an entry an admin added, even for the same contact', async () => {
    const { token, key, payload } = linkFor();
    await suppressValue({ suppressions: repository, hashValue })({
      tenantId: payload.tenantId,
      value: { kind: 'email', value: payload.value, display: payload.value },
      source: 'admin',
      actor: { type: 'user', userId: 'u-1' },
      at: new Date(),
      contactId: payload.contactId,
    });
    const result = await resubscribe(token);

    expect(result.ok && result.value.status).toBe('nothing_to_undo');
    expect(Object.keys((await repository.getSuppression(key))?.sources ?? {})).toEqual(['admin']);
  });
});
