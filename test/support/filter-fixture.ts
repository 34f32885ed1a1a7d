import { randomUUID } from 'node:crypto';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { createUnsubscribeLinkBuilder } from '#app/build-unsubscribe-link';
import { type FilterAudienceDeps, type FilterAudienceResult, filterAudience } from '#app/filter-audience';
import { suppressValue } from '#app/suppress-value';
import { sameNormalizeOptions } from '#app/tenant-rules';
import type { Kind } from '#domain/kinds';
import { parseValue } from '#domain/normalize';
import type { Source } from '#domain/sources';
import type { SuppressionDetail } from '#domain/suppression';
import { hashValue, type TestTable } from './repositories';

export const LINK_BASE_URL = 'https://unsubscribe.example.test';
const linkKeyring = { linkKeys: { k1: new Uint8Array(32).fill(9) }, activeLinkKey: 'k1' };
export const buildUnsubscribeLink = createUnsubscribeLinkBuilder({
  keyring: linkKeyring,
  publicBaseUrl: LINK_BASE_URL,
});

/** A template every marketing run may use. */
export const COMPLIANT_TEMPLATE = {
  subject: 'News',
  html: '<p>Hello</p><a href="[[unsubscribe_link]]">Unsubscribe</a><p>[[postal_address]]</p>',
} as const;

/** Retries without waiting: the tests exercise the retry logic, not the clock. */
const noWait = { sleep: async () => {}, maxAttempts: 3 };

export interface FilterFixture {
  readonly filter: (payload: unknown) => Promise<FilterAudienceResult>;
  readonly filterRuns: DynamoDbFilterRunRepository;
  readonly suppress: (
    tenantId: string,
    kind: Kind,
    raw: string,
    source: Source,
    detail?: SuppressionDetail,
  ) => Promise<void>;
  readonly setDoNotContact: (tenantId: string, contactId: string) => Promise<void>;
}

/**
 * The filter wired as the deployed function wires it, over `doc` (the table's client, or a faulty wrapper); `extra`
 * adds the tenant's topics or a clock, or another value hasher (the local service's, to read what it wrote).
 */
export const filterFixture = (
  table: TestTable,
  doc: DynamoDBDocumentClient = table.doc,
  extra: Pick<FilterAudienceDeps, 'topicsFor' | 'now'> & Partial<Pick<FilterAudienceDeps, 'hashValue'>> = {},
): FilterFixture => {
  const suppressions = new DynamoDbSuppressionRepository(doc, table.tableName, noWait);
  const contacts = new DynamoDbContactRepository(doc, table.tableName, noWait);
  const filterRuns = new DynamoDbFilterRunRepository(doc, table.tableName);
  // Seeding always goes through the healthy client.
  const seedSuppressions = new DynamoDbSuppressionRepository(table.doc, table.tableName);
  const seedContacts = new DynamoDbContactRepository(table.doc, table.tableName);
  const { hashValue: hasher = hashValue, ...rest } = extra;
  const record = suppressValue({ suppressions: seedSuppressions, hashValue: hasher });
  return {
    filter: filterAudience({
      suppressions,
      contacts,
      filterRuns,
      hashValue: hasher,
      buildUnsubscribeLink,
      reportTtlSeconds: 90 * 24 * 3600,
      normalizeOptionsFor: sameNormalizeOptions({ defaultPhoneCountry: 'US' }),
      ...rest,
    }),
    filterRuns,
    suppress: async (tenantId, kind, raw, source, detail) => {
      const value = parseValue(kind, raw, { defaultPhoneCountry: 'US' });
      if (!value.ok) throw new Error(`test value ${raw} is invalid: ${value.error.reason}`);
      await record({
        tenantId,
        value: value.value,
        source,
        actor: { type: 'system', name: 'test' },
        at: new Date(),
        ...(detail ? { detail } : {}),
      });
    },
    setDoNotContact: async (tenantId, contactId) => {
      const at = new Date().toISOString();
      await seedContacts.setDoNotContact(
        { tenantId, contactId, since: at, setBy: { type: 'user', userId: 'u-1' }, liftable: true },
        {
          eventId: randomUUID(),
          tenantId,
          at,
          action: 'do_not_contact_set',
          actor: { type: 'user', userId: 'u-1' },
          contactId,
        },
      );
    },
  };
};

type Send = DynamoDBDocumentClient['send'];

/**
 * A document client whose `send` is intercepted: `intercept` answers a command itself or returns undefined to let
 * the real client answer. Only for faults DynamoDB Local cannot produce (unprocessed keys, outages).
 */
export const interceptedClient = (
  doc: DynamoDBDocumentClient,
  intercept: (command: unknown, send: (command: unknown) => Promise<unknown>) => Promise<unknown> | undefined,
): DynamoDBDocumentClient => {
  const real = ((command: unknown) => (doc.send as (c: unknown) => Promise<unknown>)(command)) as (
    command: unknown,
  ) => Promise<unknown>;
  const wrapped = Object.create(doc) as DynamoDBDocumentClient;
  wrapped.send = ((command: unknown) => intercept(command, real) ?? real(command)) as Send;
  return wrapped;
};

/**
 * A client on which DynamoDB keeps handing back the keys whose partition key `stuck` accepts as UnprocessedKeys,
 * on every call, forever; the other keys are read normally.
 */
export const stuckKeysClient = (
  doc: DynamoDBDocumentClient,
  tableName: string,
  stuck: (pk: string) => boolean,
  calls: { batchGets: number } = { batchGets: 0 },
): DynamoDBDocumentClient =>
  interceptedClient(doc, (command, send) => {
    if (!(command instanceof BatchGetCommand)) return undefined;
    calls.batchGets++;
    const request = command.input.RequestItems?.[tableName];
    const keys = request?.Keys ?? [];
    const held = keys.filter((key) => stuck(String(key.pk)));
    const passed = keys.filter((key) => !stuck(String(key.pk)));
    return (async () => {
      const output =
        passed.length > 0
          ? ((await send(
              new BatchGetCommand({
                ...command.input,
                RequestItems: { [tableName]: { ...request, Keys: passed } },
              }),
            )) as { Responses?: Record<string, unknown[]> })
          : { Responses: { [tableName]: [] } };
      return { ...output, UnprocessedKeys: held.length > 0 ? { [tableName]: { Keys: held } } : {} };
    })();
  });

/** Counts the BatchGetItem calls a client makes. */
export const countingClient = (doc: DynamoDBDocumentClient, counts: { batchGets: number; other: number }) =>
  interceptedClient(doc, (command) => {
    if (command instanceof BatchGetCommand) counts.batchGets++;
    else counts.other++;
    return undefined;
  });
