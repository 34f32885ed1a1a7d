import { beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStack } from '../../infra/stacks/feedback-stack';
import { prefixesOf, requestsOutside, synthesizedTableGrants, type TableGrant } from '../support/iam-grants';
import { uniqueTenant } from '../support/repositories';
import { type FeedbackHarness, feedbackHarness, prepare, sqsRecords } from '../support/ses-feedback';
import { recordRequests, type TableRequest } from '../support/table-requests';

/**
 * IAM is not checked by DynamoDB Local (test/support/iam-grants.ts): this runs every kind of feedback through the
 * function's composition root, records each item action and partition key it sends, and holds them to the policy
 * the feedback stack synthesizes.
 */
const grantsOfFeedbackFunction = (): TableGrant[] =>
  synthesizedTableGrants(
    (app, data) =>
      new FeedbackStack(app, 'Feedback', { ...data, transientBounces: { threshold: 3, windowDays: 7 } }),
    'Handler',
  );

let harness: FeedbackHarness;
let grants: TableGrant[];
const sent: TableRequest[] = [];

beforeAll(async () => {
  grants = grantsOfFeedbackFunction();
  harness = await feedbackHarness({ threshold: 3, windowDays: 7 });
  // The function's composition root shares this client (test/support/ses-feedback.ts): record what it sends.
  recordRequests(harness.services.doc, sent);
}, 120_000);

describe("the SES feedback function's table grants", () => {
  it('cover every item it reads and writes, for every kind of feedback, and no index', async () => {
    const tenant = uniqueTenant();
    const transient = () =>
      prepare('event-bounce.json', { tenant, bounceType: 'Transient', bounceSubType: 'MailboxFull' });
    const first = transient();
    const address = first.address('recipient@example.com');
    const transients = [first, transient(), transient(), transient()] as const;
    transients.forEach((bounce, day) => {
      bounce.message.bounce.bouncedRecipients[0].emailAddress = address;
      bounce.message.bounce.timestamp = `2024-05-0${day + 1}T10:00:00.000Z`;
    });
    const delivery = prepare('event-delivery.json', { tenant });
    delivery.message.delivery.recipients = [address];
    delivery.message.mail.destination = [address];
    delivery.message.delivery.timestamp = '2024-05-02T12:00:00.000Z';
    const messages = [
      prepare('event-send.json', { tenant }),
      prepare('event-bounce.json', { tenant }),
      prepare('notification-bounce-dsn.json', { tenant }),
      transients[0],
      transients[1],
      delivery,
      transients[2],
      transients[3],
      prepare('event-complaint.json', { tenant }),
      prepare('notification-complaint-feedback.json', { tenant, complaintFeedbackType: 'not-spam' }),
      prepare('event-reject.json', { tenant }),
      prepare('event-delivery-delay.json', { tenant }),
    ].map((prepared) => prepared.message);
    // Twice: a replay takes the claims' refused paths.
    for (let pass = 0; pass < 2; pass++) {
      for (const message of messages) expect(await harness.deliver(...sqsRecords(message))).toEqual([]);
    }

    expect(sent.filter((request) => request.index !== undefined)).toEqual([]);
    expect(requestsOutside(sent, grants)).toEqual([]);
    // The scenario reached every partition the function is granted, so the check above covered each of them.
    expect(prefixesOf(sent)).toEqual(['BNC', 'IDEM', 'STAT', 'SUP', 'TEN']);
    // And no statement allows every partition.
    for (const grant of grants)
      expect(grant.partitions.some((pattern) => pattern.test('ERA#t#x'))).toBe(false);
  });
});
