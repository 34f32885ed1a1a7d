import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { maskValue } from '#domain/mask';
import { parseValue } from '#domain/normalize';
import { encodeTagValue, FEEDBACK_TAGS } from '#domain/ses-tags';
import { parseTenantId } from '#domain/tenant';

const USAGE = `Usage: npm run simulate -- bounce|complaint|soft-bounce <address> [--tenant T] [--url http://127.0.0.1:3000]
       npm run simulate -- sms-stop|sms-help <from +E.164> --to <+E.164> [--tenant T] [--text "..."]

Posts a realistic SES event (configuration-set event publishing, as SNS delivers it) to the running local server
(npm start), which hands it to the feedback handler exactly as SNS -> SQS -> Lambda would.
  bounce        a permanent bounce (Permanent/General): the address is suppressed at once
  complaint     a spam complaint (abuse): the address is suppressed
  soft-bounce   a transient bounce (Transient/MailboxFull): the workspace's rule (3 within 7 days unless its
                settings say otherwise) suppresses the address
Without --tenant the feedback is untagged and goes to the global list.

  sms-stop      an inbound SMS "STOP" (as AWS End User Messaging publishes it to SNS) from <from> to --to: the
                workspace that lists --to in its smsNumbers setting suppresses <from> (source sms_stop)
  sms-help      an inbound "HELP": recorded, never suppresses
With --tenant, --to is first added to that workspace's smsNumbers (PUT /v1/settings with a dev credential), as
its admin would; a number another workspace holds answers 409. Without it, a number no workspace lists sends
the reply to the global list.`;

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

/** The SNS Lambda event `POST /_local/sns/sms` takes: one inbound SMS, shaped like AWS's documented example. */
export const simulatedSmsEvent = (from: string, to: string, text: string, now = new Date()) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:local:000000000000:quietlist-sms-replies:local',
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: 'arn:aws:sns:local:000000000000:quietlist-sms-replies',
        Subject: null,
        Message: JSON.stringify({
          originationNumber: from,
          destinationNumber: to,
          messageKeyword: text.trim().split(/\s+/, 1)[0]?.toUpperCase() ?? '',
          messageBody: text,
          previousPublishedMessageId: randomUUID(),
          inboundMessageId: randomUUID(),
        }),
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

/** Adds `number` to the tenant's smsNumbers through the admin API, as its admin would (local credential). */
const claimForTenant = async (base: string, tenant: string, number: string): Promise<void> => {
  const { ensureLocalSecrets } = await import('./keys');
  const { mintDevCredential } = await import('./dev-credentials');
  const { devJwtSecret } = await ensureLocalSecrets();
  const token = await mintDevCredential({ tenant, role: 'admin', user: 'simulate' }, devJwtSecret);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const current = (await (await fetch(`${base}/v1/settings`, { headers })).json()) as {
    smsNumbers?: string[] | null;
  };
  const numbers = current.smsNumbers ?? [];
  if (numbers.includes(number)) return;
  const response = await fetch(`${base}/v1/settings`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ smsNumbers: [...numbers, number] }),
  });
  if (!response.ok) fail(`Could not add ${number} to ${tenant}'s smsNumbers: ${await response.text()}`);
};

const simulateSms = async (
  kind: 'sms-stop' | 'sms-help',
  from: string | undefined,
  values: {
    to?: string | undefined;
    tenant?: string | undefined;
    text?: string | undefined;
    url?: string | undefined;
  },
): Promise<void> => {
  const e164 = /^\+[1-9]\d{6,14}$/;
  if (from === undefined || !e164.test(from))
    fail(`The sender ${JSON.stringify(from ?? '')} is not an E.164 number.`);
  if (values.to === undefined || !e164.test(values.to)) {
    fail(`--to ${JSON.stringify(values.to ?? '')} is not an E.164 number.`);
  }
  const base = (values.url ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(/\/+$/, '');
  try {
    if (values.tenant !== undefined) await claimForTenant(base, values.tenant, values.to as string);
    const text = values.text ?? (kind === 'sms-stop' ? 'STOP' : 'HELP');
    const response = await fetch(`${base}/_local/sns/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(simulatedSmsEvent(from as string, values.to as string, text)),
    });
    const body = await response.text();
    if (!response.ok) fail(`The local server answered ${response.status}: ${body}`);
    console.log(
      `Delivered a simulated SMS "${text}" to ${values.to} (${values.tenant ?? 'whichever workspace lists it, else the global list'}).`,
    );
    console.log(`Handler result: ${body}`);
    if (((JSON.parse(body) as { batchItemFailures?: unknown[] }).batchItemFailures ?? []).length > 0) {
      console.log(
        'The record failed: see the server log for the reason; SQS would retry it, then park it in the DLQ.',
      );
      process.exitCode = 1;
    }
  } catch (error) {
    fail(`Could not reach ${base} (${(error as Error).message}). Is \`npm start\` running?`);
  }
};

const main = async (): Promise<void> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      url: { type: 'string' },
      to: { type: 'string' },
      text: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [kind, address] = positionals;
  if (kind === 'sms-stop' || kind === 'sms-help') {
    if (values.tenant !== undefined) {
      const tenant = parseTenantId(values.tenant);
      if (!tenant.ok) fail(tenant.ok ? '' : tenant.error);
    }
    await simulateSms(kind, address, values);
    return;
  }
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
