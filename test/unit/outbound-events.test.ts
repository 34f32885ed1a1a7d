import { readFileSync } from 'node:fs';
import path from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { activityEventOfStreamRecord } from '#adapters/dynamodb/activity-stream-record';
import { toActivityItem } from '#adapters/dynamodb/item-mappers';
import { ACTIVITY_ACTIONS, type ActivityEvent } from '#domain/activity';
import {
  DETAIL_TYPE_OF_ACTION,
  MalformedActivityRecordError,
  OUTBOUND_DETAIL_TYPES,
  PUBLISHED_ACTIONS,
  toOutboundEvent,
} from '#domain/outbound-events';
import { ACTIVITY_INSERT_PATTERN } from '#shared/events-contract';
import { wireOutboundEvents } from '#wiring/outbound-events';
import { matchesPattern } from '../../local/outbound-events';
import { EVENTS_DOC_DIR, schemaFiles } from '../../scripts/event-schemas';
import { expectDocumentedEvent } from '../support/outbound-events';

const event = (overrides: Partial<ActivityEvent> = {}): ActivityEvent => ({
  eventId: 'ev-1',
  tenantId: 'acme',
  at: '2026-01-02T03:04:05.678Z',
  action: 'suppressed',
  actor: { type: 'user', userId: 'maria', displayName: 'Maria' },
  source: 'admin',
  kind: 'email',
  valueHash: 'AAAAAAAAAAAAAAAAAAAAAA',
  value: 'ann@example.com',
  before: [],
  after: ['admin'],
  ip: '192.0.2.1',
  userAgent: 'Mail/1.0',
  ...overrides,
});

/** A stream record as DynamoDB Streams gives it for the insert of `activity`'s item. */
const recordOf = (activity: ActivityEvent, eventName = 'INSERT') => ({
  eventID: 'rec-1',
  eventName,
  dynamodb: {
    NewImage: marshall(toActivityItem(activity, 'SUP#acme#email#x'), { removeUndefinedValues: true }),
  },
});

describe('the JSON Schemas in docs/events/', () => {
  it('are the ones scripts/event-schemas.ts builds (npm run -s schemas:events rewrites them)', () => {
    for (const { name, text } of schemaFiles()) {
      expect(JSON.parse(readFileSync(path.join(EVENTS_DOC_DIR, name), 'utf8')), name).toEqual(
        JSON.parse(text),
      );
    }
  });
});

describe('toOutboundEvent', () => {
  it('publishes every action but the audit-only permission refusal, each as a documented detail type', () => {
    expect(PUBLISHED_ACTIONS).toEqual(ACTIVITY_ACTIONS.filter((action) => action !== 'action_refused'));
    for (const action of ACTIVITY_ACTIONS) {
      const mapped = toOutboundEvent(event({ action }));
      if (action === 'action_refused') expect(mapped).toBeUndefined();
      else {
        expect(mapped?.detailType).toBe(DETAIL_TYPE_OF_ACTION[action]);
        expectDocumentedEvent({ ...(mapped as NonNullable<typeof mapped>), source: 'quietlist' });
      }
    }
  });

  it('publishes an erasure as Erasure Completed naming each erased value by hash, never in clear', () => {
    expect(OUTBOUND_DETAIL_TYPES).toContain('Erasure Completed');
    expect(DETAIL_TYPE_OF_ACTION.erased).toBe('Erasure Completed');
    const { kind: _k, valueHash: _h, value: _v, ...rest } = event({ action: 'erased' });
    const mapped = toOutboundEvent({
      ...rest,
      reason: 'values',
      erasedValues: [
        { kind: 'email', valueHash: 'AAAAAAAAAAAAAAAAAAAAAA' },
        { kind: 'phone', valueHash: 'BBBBBBBBBBBBBBBBBBBBBB' },
      ],
    });
    expect(mapped?.detailType).toBe('Erasure Completed');
    expect(mapped?.detail.values).toEqual([
      { kind: 'email', value: null, valueHash: 'AAAAAAAAAAAAAAAAAAAAAA' },
      { kind: 'phone', value: null, valueHash: 'BBBBBBBBBBBBBBBBBBBBBB' },
    ]);
    expectDocumentedEvent({ ...(mapped as NonNullable<typeof mapped>), source: 'quietlist' });
  });

  it('gives value null, with its hash, when the clear value is gone; leaves the IP and user agent out', () => {
    const { value: _erased, ...withoutValue } = event();
    const mapped = toOutboundEvent(withoutValue);
    expect(mapped?.detail.values).toEqual([
      { kind: 'email', value: null, valueHash: 'AAAAAAAAAAAAAAAAAAAAAA' },
    ]);
    expect(JSON.stringify(mapped)).not.toMatch(/192\.0\.2\.1|Mail\/1\.0/);
    expectDocumentedEvent({ ...(mapped as NonNullable<typeof mapped>), source: 'quietlist' });
  });

  it('gives a contact-level event no values', () => {
    const { kind: _k, valueHash: _h, value: _v, ...contactOnly } = event({ action: 'do_not_contact_set' });
    expect(toOutboundEvent({ ...contactOnly, contactId: 'c-1' })?.detail).toMatchObject({
      contactId: 'c-1',
      values: [],
    });
  });
});

describe('the enrichment mapping over stream records', () => {
  it('maps an inserted activity item to the same event as the item itself', async () => {
    const { toOutboundEvents } = await wireOutboundEvents();
    expect(toOutboundEvents([recordOf(event())])).toEqual([toOutboundEvent(event())]);
  });

  it('throws, naming the record, for a record that is not an activity insert', () => {
    expect(() => activityEventOfStreamRecord(recordOf(event(), 'MODIFY'))).toThrow(
      MalformedActivityRecordError,
    );
    const broken = recordOf(event());
    delete (broken.dynamodb.NewImage as Record<string, unknown>).tenantId;
    expect(() => activityEventOfStreamRecord(broken)).toThrow(/rec-1: the activity item has no tenantId/);
    const unknown = recordOf(event({ action: 'teleported' as ActivityEvent['action'] }));
    expect(() => activityEventOfStreamRecord(unknown)).toThrow(/unknown action "teleported"/);
  });
});

describe('the source filter (the pipe and the local stand-in apply the same pattern)', () => {
  it('admits inserts of published activity items only', () => {
    expect(matchesPattern(ACTIVITY_INSERT_PATTERN, recordOf(event()))).toBe(true);
    expect(matchesPattern(ACTIVITY_INSERT_PATTERN, recordOf(event(), 'MODIFY'))).toBe(false);
    expect(matchesPattern(ACTIVITY_INSERT_PATTERN, recordOf(event({ action: 'action_refused' })))).toBe(
      false,
    );
    const entry = recordOf(event());
    entry.dynamodb.NewImage.entity = { S: 'suppression' };
    expect(matchesPattern(ACTIVITY_INSERT_PATTERN, entry)).toBe(false);
  });
});

describe('the enrichment function', () => {
  it('answers the pipe with one { detailType, detail } per published record, in order, and none for others', async () => {
    const { makeHandler } = await import('../../functions/pipe/outbound-events');
    const handler = makeHandler(wireOutboundEvents());
    const context = { functionName: 'outbound-events', awsRequestId: 'r-1' } as never;
    const records = [
      recordOf(event({ eventId: 'a' })),
      recordOf(event({ eventId: 'b', action: 'action_refused' })),
      recordOf(event({ eventId: 'c', action: 'restored' })),
    ];
    const answer = await handler(records, context);
    expect(answer.map((e) => [e.detailType, e.detail.eventId])).toEqual([
      ['Suppression Added', 'a'],
      ['Suppression Removed', 'c'],
    ]);
  });

  it('fails the whole batch for a malformed record, so the pipe retries it and then parks it', async () => {
    const { makeHandler } = await import('../../functions/pipe/outbound-events');
    const handler = makeHandler(wireOutboundEvents());
    const context = { functionName: 'outbound-events', awsRequestId: 'r-2' } as never;
    await expect(
      handler([recordOf(event()), { eventID: 'x', eventName: 'REMOVE' }], context),
    ).rejects.toThrow(/stream record x: not an INSERT/);
  });
});
