import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { maskValue } from '#domain/mask';
import { parseValue } from '#domain/normalize';
import { encodeTagValue, FEEDBACK_TAGS } from '#domain/ses-tags';
import { parseTenantId } from '#domain/tenant';

const USAGE = `Usage: npm run simulate -- bounce|complaint|soft-bounce <address> [--tenant T] [--url http://127.0.0.1:3000]

Posts a realistic SES event (configuration-set event publishing, as SNS delivers it) to the running local server
(npm start), which hands it to the feedback handler exactly as SNS -> SQS -> Lambda would.
  bounce        a permanent bounce (Permanent/General): the address is suppressed at once
  complaint     a spam complaint (abuse): the address is suppressed
  soft-bounce   a transient bounce (Transient/MailboxFull): the workspace's rule (3 within 7 days unless its
                settings say otherwise) suppresses the address
Without --tenant the feedback is untagged and goes to the global list.`;

const KINDS = ['bounce', 'complaint', 'soft-bounce'] as const;
type Kind = (typeof KINDS)[number];

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(1);
};

/** The SES event for one simulated outcome, shaped like AWS's documented examples. */
const sesEvent = (kind: Kind, address: string, tenant: string | undefined, now: Date) => {
  const sent = new Date(now.getTime() - 60_000).toISOString();
  const feedbackId = `0100019${randomUUID().replaceAll('-', '')}-000000`;
  const mail = {
    timestamp: sent,
    source: 'Quietlist Local <sender@example.com>',
    sourceArn: 'arn:aws:ses:local:000000000000:identity/example.com',
    sendingAccountId: '000000000000',
    messageId: `0100019${randomUUID().replaceAll('-', '')}-000000`,
    destination: [address],
    headersTruncated: false,
    headers: [
      { name: 'From', value: 'Quietlist Local <sender@example.com>' },
      { name: 'To', value: address },
      { name: 'Subject', value: 'Simulated message' },
    ],
    commonHeaders: {
      from: ['Quietlist Local <sender@example.com>'],
      to: [address],
      subject: 'Simulated message',
    },
    tags: {
      'ses:configuration-set': ['quietlist-local'],
      'ses:from-domain': ['example.com'],
      ...(tenant === undefined ? {} : { [FEEDBACK_TAGS.tenant]: [encodeTagValue(tenant)] }),
    },
  };
  switch (kind) {
    case 'bounce':
      return {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [
            {
              emailAddress: address,
              action: 'failed',
              status: '5.1.1',
              diagnosticCode: 'smtp; 550 5.1.1 user unknown',
            },
          ],
          timestamp: now.toISOString(),
          feedbackId,
          reportingMTA: 'dsn; mta.example.com',
        },
        mail,
      };
    case 'soft-bounce':
      return {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Transient',
          bounceSubType: 'MailboxFull',
          bouncedRecipients: [
            {
              emailAddress: address,
              action: 'failed',
              status: '4.2.2',
              diagnosticCode: 'smtp; 452 4.2.2 Mailbox full',
            },
          ],
          timestamp: now.toISOString(),
          feedbackId,
          reportingMTA: 'dsn; mta.example.com',
        },
        mail,
      };
    case 'complaint':
      return {
        eventType: 'Complaint',
        complaint: {
          complainedRecipients: [{ emailAddress: address }],
          timestamp: now.toISOString(),
          feedbackId,
          userAgent: 'ExampleCorp Feedback Loop (V0.01)',
          complaintFeedbackType: 'abuse',
          arrivalDate: now.toISOString(),
        },
        mail,
      };
  }
};

/** The SNS Lambda event `POST /_local/sns/feedback` takes. */
export const simulatedSnsEvent = (kind: Kind, address: string, tenant?: string, now = new Date()) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:local:000000000000:quietlist-ses-feedback:local',
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: 'arn:aws:sns:local:000000000000:quietlist-ses-feedback',
        Subject: null,
        Message: JSON.stringify(sesEvent(kind, address, tenant, now)),
        Timestamp: now.toISOString(),
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.local.amazonaws.com/SimpleNotificationService-local.pem',
        UnsubscribeUrl: 'https://sns.local.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
});

const main = async (): Promise<void> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [kind, address] = positionals;
  if (!KINDS.includes(kind as Kind)) fail(`Unknown outcome ${JSON.stringify(kind ?? '')}.`);
  if (address === undefined) fail('The address is missing.');
  const email = parseValue('email', address);
  if (!email.ok)
    fail(`${JSON.stringify(address)} is not an email address: ${email.ok ? '' : email.error.reason}.`);
  if (values.tenant !== undefined) {
    const tenant = parseTenantId(values.tenant);
    if (!tenant.ok) fail(tenant.ok ? '' : tenant.error);
  }
  const base = (values.url ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(/\/+$/, '');
  const event = simulatedSnsEvent(kind as Kind, address as string, values.tenant);
  let response: Response;
  try {
    response = await fetch(`${base}/_local/sns/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
  } catch (error) {
    fail(`Could not reach ${base} (${(error as Error).message}). Is \`npm start\` running?`);
    return;
  }
  const text = await response.text();
  if (!response.ok) fail(`The local server answered ${response.status}: ${text}`);
  const masked = email.ok ? maskValue('email', email.value.value) : '';
  console.log(`Delivered a simulated ${kind} for ${masked} to ${values.tenant ?? 'the global list'}.`);
  console.log(`Handler result: ${text}`);
  const { batchItemFailures = [] } = JSON.parse(text) as { batchItemFailures?: unknown[] };
  if (batchItemFailures.length > 0) {
    console.log(
      'The record failed: see the server log for the reason; SQS would retry it, then park it in the DLQ.',
    );
    process.exitCode = 1;
  }
};

// Run as a script (npm run simulate), not when a test imports the event builder.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
