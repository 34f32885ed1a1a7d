import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueTenant } from '../support/repositories';
import { feedbackHarness, type Prepared, prepare, sqsRecords } from '../support/ses-feedback';

let secretsDir: string;

beforeAll(async () => {
  secretsDir = await mkdtemp(join(tmpdir(), 'quietlist-ses-replay-'));
});

/** One message of each kind that writes something; every message names its own addresses. */
const pool = (): Prepared[] => {
  const tenant = uniqueTenant();
  return [
    prepare('event-bounce.json', { tenant }),
    prepare('event-bounce.json', { tenant, bounceType: 'Transient', bounceSubType: 'MailboxFull' }),
    prepare('event-complaint.json', { tenant }),
    prepare('event-complaint.json', { tenant, complaintFeedbackType: 'not-spam' }),
    prepare('event-send.json', { tenant }),
    prepare('event-delivery.json', { tenant }),
    prepare('notification-bounce-no-dsn.json', { tenant: null }),
    prepare('notification-bounce-mixed-dsn.json', { tenant }),
    prepare('notification-complaint-no-feedback.json', { tenant: null }),
  ];
};

/** Idempotency claims record when they were claimed; nothing else about them may differ. */
const comparable = (items: Record<string, unknown>[]) =>
  items.map((item) =>
    item.entity === 'idempotency' ? { pk: item.pk, sk: item.sk, entity: item.entity } : item,
  );

describe('SES feedback delivered at least once', () => {
  it('leaves the same state as delivering every message exactly once, whatever the duplicates, order and batches', async () => {
    const messages = pool();
    const once = await feedbackHarness(undefined, secretsDir);
    expect(await once.deliver(...sqsRecords(...messages.map((prepared) => prepared.message)))).toEqual([]);
    const expected = comparable(await once.snapshot());

    await fc.assert(
      fc.asyncProperty(
        // Every message at least once, some again, in any order.
        fc.array(fc.nat({ max: messages.length - 1 }), { maxLength: 20 }).chain((extra) => {
          const all = [...messages.keys(), ...extra];
          return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
        }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 20 }),
        async (schedule, batchSizes) => {
          const harness = await feedbackHarness(undefined, secretsDir);
          let start = 0;
          for (let batch = 0; start < schedule.length; batch++) {
            const size = batchSizes[batch % batchSizes.length] as number;
            const slice = schedule.slice(start, start + size);
            start += size;
            const records = sqsRecords(...slice.map((index) => (messages[index] as Prepared).message));
            expect(await harness.deliver(...records)).toEqual([]);
          }
          expect(comparable(await harness.snapshot())).toEqual(expected);
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);
});
