import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountSuppressionList } from '#app/ports/account-suppression-list';
import { sesMirrorFromEnv } from '#lambda/ses-feedback-config';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { makeHandler } from '../../functions/queue/ses-feedback';
import { ensureLocalSecrets } from '../../local/keys';
import { testTable, uniqueTenant } from '../support/repositories';
import { type PrepareOptions, prepare, sqsRecords } from '../support/ses-feedback';

/** An account suppression list that remembers what it was asked to list, as SES would (an upsert). */
class RecordingSuppressionList implements AccountSuppressionList {
  readonly calls: [string, 'BOUNCE' | 'COMPLAINT'][] = [];
  readonly listed = new Map<string, 'BOUNCE' | 'COMPLAINT'>();
  async put(address: string, reason: 'BOUNCE' | 'COMPLAINT') {
    this.calls.push([address, reason]);
    this.listed.set(address, reason);
  }
}

let list: RecordingSuppressionList;
let deliver: (message: object) => Promise<string[]>;

beforeAll(async () => {
  const table = await testTable();
  const { keyringFile } = await ensureLocalSecrets(await mkdtemp(join(tmpdir(), 'quietlist-mirror-')));
  list = new RecordingSuppressionList();
  const handler = makeHandler(
    wireSesFeedback(
      { tableName: table.tableName, keysSource: `file:${keyringFile}`, dynamoDbEndpoint: table.endpoint },
      { transientBounces: { threshold: 2, windowDays: 7 }, accountSuppressionList: list },
    ),
  );
  deliver = async (message) => {
    const event: SQSEvent = { Records: sqsRecords(message) };
    return (await handler(event, {} as Context)).batchItemFailures.map((failure) => failure.itemIdentifier);
  };
});

const applied = async (fixture: string, options: Omit<PrepareOptions, 'tenant'> = {}) => {
  const prepared = prepare(fixture, { tenant: uniqueTenant(), ...options });
  expect(await deliver(prepared.message)).toEqual([]);
  return prepared;
};

describe('mirroring to the SES account-level suppression list', () => {
  it('lists a permanently bounced address as BOUNCE', async () => {
    const prepared = await applied('event-bounce.json', { bounceType: 'Permanent' });
    expect(list.listed.get(prepared.address('recipient@example.com'))).toBe('BOUNCE');
  });

  it('lists a complaining address as COMPLAINT', async () => {
    const prepared = await applied('event-complaint.json', { complaintFeedbackType: 'abuse' });
    expect(list.listed.get(prepared.address('recipient@example.com'))).toBe('COMPLAINT');
  });

  it('lists nothing for a not-spam report, a first transient bounce or a delivery', async () => {
    const before = list.calls.length;
    await applied('event-complaint.json', { complaintFeedbackType: 'not-spam' });
    await applied('event-bounce.json', { bounceType: 'Transient', bounceSubType: 'MailboxFull' });
    await applied('event-delivery.json');
    expect(list.calls.slice(before)).toEqual([]);
  });

  it('lists the address again when the same bounce is delivered again, which changes nothing', async () => {
    const prepared = await applied('event-bounce.json', { bounceType: 'Permanent' });
    const address = prepared.address('recipient@example.com');
    expect(await deliver(prepared.message)).toEqual([]);
    expect(list.calls.filter(([listed]) => listed === address)).toEqual([
      [address, 'BOUNCE'],
      [address, 'BOUNCE'],
    ]);
  });
});

describe('the mirror switch (QUIETLIST_SES_MIRROR)', () => {
  it('is off unless set to true, and refuses anything but true or false', () => {
    expect(sesMirrorFromEnv({})).toBe(false);
    expect(sesMirrorFromEnv({ QUIETLIST_SES_MIRROR: 'false' })).toBe(false);
    expect(sesMirrorFromEnv({ QUIETLIST_SES_MIRROR: 'true' })).toBe(true);
    expect(() => sesMirrorFromEnv({ QUIETLIST_SES_MIRROR: 'yes' })).toThrow(/QUIETLIST_SES_MIRROR/);
  });
});
