import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { encodeTagValue } from '#domain/ses-tags';
import { wireSesFeedback } from '#wiring/ses-feedback';
import { makeHandler } from '../../functions/queue/ses-feedback';
import { ensureLocalSecrets } from '../../local/keys';
import { snsEventSchema, toSqsEvent } from '../../local/sns-to-sqs';
import { type TestAdapters, testAdapters } from './adapters';
import { testTable } from './repositories';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ses');

/** A fixture from test/fixtures/ses, parsed afresh (callers may change it). */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are free-form JSON that tests reshape.
export const fixture = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** The addresses AWS's examples use, replaced per test so that tests never share an address. */
const FIXTURE_ADDRESS = /\b(jane|mary|richard|recipient1|recipient2|recipient)@example\.com\b/g;

export interface Prepared {
  // biome-ignore lint/suspicious/noExplicitAny: see fixture().
  readonly message: any;
  /** Fixture address (`jane@example.com`) → the unique one this message uses instead. */
  readonly address: (original: string) => string;
}

export interface PrepareOptions {
  /**
   * The tenant the sender tagged: in `mail.tags` for event publishing, as an `X-Quietlist-Tenant` header for
   * classic notifications. `null` removes every Quietlist tag and header (untagged feedback).
   */
  readonly tenant: string | null;
  readonly bounceType?: string;
  readonly bounceSubType?: string;
  /** `null` removes the feedback type (a complaint without a feedback report). */
  readonly complaintFeedbackType?: string | null;
}

/**
 * A fixture made unique: fresh addresses, feedback id and message id, the tenant set as a sender would set it.
 * Preparing once and delivering the result twice is a replay.
 */
export const prepare = (name: string, options: PrepareOptions): Prepared => {
  const suffix = randomBytes(4).toString('hex');
  const rename = (original: string) => original.replace('@example.com', `.${suffix}@example.com`);
  const message = JSON.parse(
    readFileSync(join(FIXTURES, name), 'utf8').replace(FIXTURE_ADDRESS, (original) => rename(original)),
  );
  message.mail.messageId = `${randomUUID()}-000000`;
  for (const part of [message.bounce, message.complaint])
    if (part) part.feedbackId = `${randomUUID()}-000000`;
  if (message.bounce && options.bounceType) message.bounce.bounceType = options.bounceType;
  if (message.bounce && options.bounceSubType) message.bounce.bounceSubType = options.bounceSubType;
  if (message.complaint && options.complaintFeedbackType !== undefined) {
    if (options.complaintFeedbackType === null) delete message.complaint.complaintFeedbackType;
    else message.complaint.complaintFeedbackType = options.complaintFeedbackType;
  }
  if (message.mail.tags) {
    for (const tag of Object.keys(message.mail.tags))
      if (tag.startsWith('quietlist-')) delete message.mail.tags[tag];
    if (options.tenant !== null) message.mail.tags['quietlist-tenant'] = [encodeTagValue(options.tenant)];
  } else if (options.tenant !== null) {
    message.mail.headers = [
      ...(message.mail.headers ?? []),
      { name: 'X-Quietlist-Tenant', value: encodeTagValue(options.tenant) },
    ];
  }
  return { message, address: rename };
};

/** SQS records as SNS → SQS delivers SES messages (raw delivery off): one per message, in order. */
export const sqsRecords = (...messages: readonly (object | string)[]): SQSRecord[] =>
  toSqsEvent(
    snsEventSchema.parse({
      Records: messages.map((message) => ({
        EventSource: 'aws:sns',
        Sns: { Message: typeof message === 'string' ? message : JSON.stringify(message) },
      })),
    }),
  ).Records;

/** An SQS record whose body is given as is (control messages, poison). */
export const rawSqsRecord = (body: string): SQSRecord => ({
  ...(sqsRecords('{}')[0] as SQSRecord),
  messageId: randomUUID(),
  body,
});

export interface FeedbackHarness {
  readonly services: TestAdapters;
  readonly tableName: string;
  /** Runs the queue handler on these records and returns the ids it reported as failed. */
  deliver(...records: SQSRecord[]): Promise<string[]>;
  /** Every item of the table, sorted by key: the state replays must not change. */
  snapshot(): Promise<Record<string, unknown>[]>;
}

/**
 * The feedback handler wired exactly as deployed (its composition root, a keyring file), against a fresh table in
 * DynamoDB Local.
 */
export const feedbackHarness = async (
  transientBounces = { threshold: 3, windowDays: 7 },
  /** Harnesses given the same folder share a keyring, so their tables hold the same keys. */
  secretsDir?: string,
): Promise<FeedbackHarness> => {
  const table = await testTable();
  const { keyringFile } = await ensureLocalSecrets(
    secretsDir ?? (await mkdtemp(join(tmpdir(), 'quietlist-ses-'))),
  );
  const config = {
    tableName: table.tableName,
    keysSource: `file:${keyringFile}`,
    dynamoDbEndpoint: table.endpoint,
  };
  const services = await testAdapters(config);
  // The handler shares the adapters' client, so a test may inject faults into what the handler sends.
  const handler = makeHandler(
    wireSesFeedback({ ...config, documentClient: services.doc }, { transientBounces }),
  );
  return {
    services,
    tableName: table.tableName,
    deliver: async (...records) => {
      const event: SQSEvent = { Records: records };
      const response = await handler(event, {} as Context);
      return response.batchItemFailures.map((failure) => failure.itemIdentifier);
    },
    snapshot: async () => {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(
          new ScanCommand({
            TableName: table.tableName,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items.sort((a, b) => `${a.pk}\u0000${a.sk}`.localeCompare(`${b.pk}\u0000${b.sk}`));
    },
  };
};
