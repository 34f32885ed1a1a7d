import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedSmsEvent } from '../../local/simulate';
import { type LocalService, startLocalService } from '../support/local-service';
import { eventsOf } from '../support/outbound-events';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 14, part 3: STOP replies to a workspace's SMS number, through `POST /_local/sns/sms` (SNS → SQS → the
 * same handler as deployed), against DynamoDB Local; their outbound events through part 2's stand-in.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService({ events: true });
});

afterAll(() => service?.close());

const uniqueNumber = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
/** A valid French mobile number of its own (+33 6 …), so tests never share a sender. */
const uniqueMobile = () => `+336${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const claim = async (tenant: string, number: string) => {
  const response = await fetch(`${service.baseUrl}/v1/settings`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ smsNumbers: [number] }),
  });
  expect(response.status).toBe(200);
};

const deliver = async (event: unknown) => {
  const response = await fetch(`${service.baseUrl}/_local/sns/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { batchItemFailures: { itemIdentifier: string }[] };
};

const phoneEntries = async (tenant: string) =>
  (await service.tenantItems(tenant)).entries.filter((entry) => entry.kind === 'phone');

describe('an SMS STOP reply', () => {
  it('suppresses the sender for the workspace that claimed the number, once, with one event', async () => {
    const tenant = uniqueTenant();
    const to = uniqueNumber();
    const from = uniqueMobile();
    // Within a fence, so the claim's own Settings Changed event is not counted below.
    await eventsOf(service, tenant, () => claim(tenant, to));
    const stop = simulatedSmsEvent(from, to, 'STOP');
    const events = await eventsOf(service, tenant, async () => {
      expect((await deliver(stop)).batchItemFailures).toEqual([]);
    });
    expect(events).toMatchObject([
      {
        detailType: 'Suppression Added',
        detail: {
          source: 'sms_stop',
          actor: { type: 'system', name: 'sms' },
          values: [{ kind: 'phone', value: from }],
        },
      },
    ]);
    const [entry, ...others] = await phoneEntries(tenant);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ value: from, srcs: new Set(['sms_stop']) });
    // The same message again (SQS redelivery): nothing written, no event.
    expect(
      await eventsOf(service, tenant, async () => {
        expect((await deliver(stop)).batchItemFailures).toEqual([]);
      }),
    ).toEqual([]);
    expect(await phoneEntries(tenant)).toHaveLength(1);
  });

  it.each([
    ['a localized keyword with an accent, no keyword from AWS', 'Arrêt, merci'],
    ['a keyword in lower case in a sentence', 'unsubscribe me please'],
    ['STOPP', 'STOPP'],
    ['BAJA', 'baja'],
  ])('suppresses on %s', async (_name, text) => {
    const tenant = uniqueTenant();
    const to = uniqueNumber();
    await claim(tenant, to);
    const event = simulatedSmsEvent(uniqueMobile(), to, text);
    const message = JSON.parse(event.Records[0]?.Sns.Message ?? '{}');
    delete message.messageKeyword;
    (event.Records[0] as { Sns: { Message: string } }).Sns.Message = JSON.stringify(message);
    expect((await deliver(event)).batchItemFailures).toEqual([]);
    expect(await phoneEntries(tenant)).toHaveLength(1);
  });

  it('goes to the global list when no workspace claimed the number, never to a guessed one', async () => {
    const from = uniqueMobile();
    expect((await deliver(simulatedSmsEvent(from, uniqueNumber(), 'STOP'))).batchItemFailures).toEqual([]);
    expect((await phoneEntries('_global')).map((entry) => entry.value)).toContain(from);
  });
});

describe('other SMS replies', () => {
  it.each([
    ['HELP', 'HELP'],
    ['a question', 'When is the sale?'],
  ])('%s is recorded, as one Feedback Applied event, and suppresses nothing', async (_name, text) => {
    const tenant = uniqueTenant();
    const to = uniqueNumber();
    await eventsOf(service, tenant, () => claim(tenant, to));
    const reply = simulatedSmsEvent(uniqueMobile(), to, text);
    const events = await eventsOf(service, tenant, () => deliver(reply));
    expect(events).toMatchObject([
      {
        detailType: 'Feedback Applied',
        detail: { action: 'feedback_recorded', values: [{ kind: 'phone' }] },
      },
    ]);
    expect(await phoneEntries(tenant)).toEqual([]);
    expect(await eventsOf(service, tenant, () => deliver(reply))).toEqual([]);
  });
});

describe('a malformed inbound message', () => {
  it.each([
    ['not JSON', 'STOP'],
    [
      'no inboundMessageId',
      JSON.stringify({
        originationNumber: '+33612345678',
        destinationNumber: '+15550100',
        messageBody: 'STOP',
      }),
    ],
    [
      'a sender that is not E.164',
      JSON.stringify({
        originationNumber: '0612345678',
        destinationNumber: '+15550100',
        messageBody: 'STOP',
        inboundMessageId: randomUUID(),
      }),
    ],
  ])(
    '(%s) fails its record, so SQS parks it in the dead-letter queue, and writes nothing',
    async (_name, message) => {
      const before = await service.countItems();
      const event = simulatedSmsEvent('+33612345678', '+15550100', 'STOP');
      (event.Records[0] as { Sns: { Message: string } }).Sns.Message = message;
      const { batchItemFailures } = await deliver(event);
      expect(batchItemFailures).toHaveLength(1);
      expect(await service.countItems()).toBe(before);
    },
  );
});
