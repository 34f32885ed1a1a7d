import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { OUTBOUND_DETAIL_TYPES, type OutboundDetailType } from '#domain/outbound-events';
import type { LocalOutboundEvent } from '../../local/outbound-events';
import { EVENTS_DOC_DIR, schemaFileOf } from '../../scripts/event-schemas';
import type { LocalService } from './local-service';

/** The checked-in JSON Schemas of docs/events/, compiled once: what consumers validate with. */
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validators = new Map(
  OUTBOUND_DETAIL_TYPES.map((detailType) => [
    detailType,
    ajv.compile(JSON.parse(readFileSync(path.join(EVENTS_DOC_DIR, schemaFileOf(detailType)), 'utf8'))),
  ]),
);

/** Fails, naming the schema's complaints, unless `event` is of a documented detail type and its detail fits. */
export const expectDocumentedEvent = (event: LocalOutboundEvent): void => {
  expect(event.source).toBe('quietlist');
  const validate = validators.get(event.detailType as OutboundDetailType);
  expect(validate, `no schema for detail type ${event.detailType}`).toBeDefined();
  const valid = validate?.(event.detail);
  expect(valid, `${event.detailType}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
};

/** `GET /_local/events`, as a consumer reads it. */
export const readEvents = async (service: LocalService, after?: string): Promise<LocalOutboundEvent[]> => {
  const query = after === undefined ? '' : `?after=${encodeURIComponent(after)}`;
  const response = await fetch(`${service.baseUrl}/_local/events${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: LocalOutboundEvent[] }).items;
};

/**
 * Writes a settings change of `tenant` (a fence) and waits for its outbound event: every event written before it
 * has then been read too (one stream, in write order). Returns the events of `tenant` after `cursor` up to, not
 * including, the fence's, and the fence's own event id.
 */
const fence = async (
  service: LocalService,
  tenant: string,
  cursor: string | undefined,
): Promise<{ before: LocalOutboundEvent[]; eventId: string }> => {
  const marker = `fence ${randomUUID()}`;
  const response = await fetch(`${service.baseUrl}/v1/settings`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ displayName: marker }),
  });
  expect(response.status).toBe(200);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = (await readEvents(service, cursor)).filter((event) => event.detail.tenantId === tenant);
    const at = events.findIndex(
      (event) =>
        event.detailType === 'Settings Changed' &&
        'settingsAfter' in event.detail &&
        event.detail.settingsAfter.displayName === marker,
    );
    const found = events[at];
    if (found !== undefined) return { before: events.slice(0, at), eventId: found.detail.eventId };
    if (Date.now() > deadline) throw new Error(`the fence event never came; got ${JSON.stringify(events)}`);
    await sleep(50);
  }
};

/**
 * The outbound events of `tenant` that `change` caused, and nothing else, each checked against its schema: a
 * fence before the change (so events of earlier changes still on their way are not counted) and one after it.
 */
export const eventsOf = async (
  service: LocalService,
  tenant: string,
  change: () => Promise<unknown>,
): Promise<LocalOutboundEvent[]> => {
  const start = await fence(service, tenant, (await readEvents(service)).at(-1)?.detail.eventId);
  await change();
  const { before } = await fence(service, tenant, start.eventId);
  for (const event of before) expectDocumentedEvent(event);
  return before;
};
