import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { OUTBOUND_DETAIL_TYPES, type OutboundDetailType } from '#domain/outbound-events';
import type { LocalOutboundEvent } from '../../local/outbound-events';
import { EVENTS_DOC_DIR, schemaFileOf } from '../../scripts/event-schemas';

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
