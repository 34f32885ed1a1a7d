import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIVITY_ACTIONS } from '#domain/activity';
import { KINDS } from '#domain/kinds';
import {
  DETAIL_TYPE_OF_ACTION,
  OUTBOUND_DETAIL_TYPES,
  OUTBOUND_EVENT_SOURCE,
  type OutboundDetailType,
} from '#domain/outbound-events';
import { SOURCES } from '#domain/sources';

/**
 * The JSON Schemas of docs/events/: one per detail type, each self-contained (consumers load one file), built
 * here from the domain's tables so that the kinds, sources and actions they list are the code's.
 * `npm run -s schemas:events` rewrites the files; test/unit/outbound-event-schemas.test.ts fails when they are
 * stale and validates real emitted events against them.
 */

type Schema = Record<string, unknown>;

const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const text = { type: 'string', minLength: 1 };
const instant = {
  type: 'string',
  description: 'ISO 8601 instant, UTC',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
};
const sources = { type: 'array', items: { enum: [...SOURCES] } };
const person = { displayName: { type: 'string' }, email: { type: 'string' } };
const actor = {
  description: 'Who acted: a teammate, an API client, the recipient, or the system (e.g. SES feedback).',
  oneOf: [
    {
      type: 'object',
      properties: { type: { const: 'user' }, userId: text, ...person },
      required: ['type', 'userId'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { type: { const: 'api' }, clientId: text, ...person },
      required: ['type', 'clientId'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { type: { const: 'recipient' } },
      required: ['type'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { type: { const: 'system' }, name: text },
      required: ['type', 'name'],
      additionalProperties: false,
    },
  ],
};
const value = {
  type: 'object',
  properties: {
    kind: { enum: [...KINDS] },
    value: {
      ...nullable({ type: 'string' }),
      description: 'The normalized clear value; null once erased (or when never known).',
    },
    valueHash: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{22}$',
      description:
        "Keyed hash of kind and normalized value: the service's key for it, the same in every event.",
    },
  },
  required: ['kind', 'value', 'valueHash'],
  additionalProperties: false,
};
const sourceDetail = nullable({
  type: 'object',
  description: 'What the source recorded about why (SES bounce type, feedback id, a note, ...).',
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
});
const settings = {
  type: 'object',
  description: 'The settings that changed, by name; null: unset.',
  additionalProperties: true,
};

const actionsOf = (detailType: OutboundDetailType): string[] =>
  ACTIVITY_ACTIONS.filter((action) => DETAIL_TYPE_OF_ACTION[action] === detailType);

const base = (detailType: OutboundDetailType): Schema => ({
  tenantId: text,
  eventId: { ...text, description: 'Stable across redeliveries: deduplicate on (tenantId, eventId).' },
  occurredAt: instant,
  action: { enum: actionsOf(detailType) },
  actor,
  source: nullable({ enum: [...SOURCES] }),
  campaignId: nullable({ type: 'string' }),
  contactId: nullable({ type: 'string' }),
  values: { type: 'array', items: value },
});

/** A recipient's choices that changed: topics by id (`true` subscribed), and the end of a pause (`null`: none). */
const choices: Schema = {
  type: 'object',
  properties: {
    topics: { type: 'object', additionalProperties: { type: 'boolean' } },
    pausedUntil: nullable(instant),
  },
  additionalProperties: false,
};

const EXTRA: Readonly<Record<OutboundDetailType, Schema>> = {
  'Suppression Added': {
    sourcesBefore: nullable(sources),
    sourcesAfter: nullable(sources),
    sourceDetail,
  },
  'Suppression Removed': {
    sourcesBefore: nullable(sources),
    sourcesAfter: nullable(sources),
    reason: nullable({ type: 'string' }),
    consentObtainedAt: nullable(instant),
  },
  'Recipient Resubscribed': {
    sourcesBefore: nullable(sources),
    sourcesAfter: nullable(sources),
    reason: nullable({ type: 'string' }),
    consentObtainedAt: nullable(instant),
  },
  'Suppression Refused': { reason: nullable({ type: 'string' }) },
  'Contact Do-Not-Contact Set': { reason: nullable({ type: 'string' }) },
  'Contact Do-Not-Contact Lifted': { reason: nullable({ type: 'string' }) },
  'Feedback Applied': { reason: nullable({ type: 'string' }), sourceDetail },
  'Erasure Completed': { reason: nullable({ type: 'string' }) },
  'Settings Changed': { settingsBefore: settings, settingsAfter: settings },
  'Preferences Changed': { choicesBefore: choices, choicesAfter: choices },
};

/** `Suppression Added` → `suppression-added`: the file name of its schema. */
export const schemaFileOf = (detailType: OutboundDetailType): string =>
  `${detailType.toLowerCase().replace(/[^a-z]+/g, '-')}.schema.json`;

/** The JSON Schema (draft 2020-12) of one detail type's `detail`. */
export const detailSchemaOf = (detailType: OutboundDetailType): Schema => {
  const properties = { ...base(detailType), ...EXTRA[detailType] };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://quietlist.dev/events/${schemaFileOf(detailType)}`,
    title: `${detailType} (detail)`,
    description:
      `The detail of an event of source "${OUTBOUND_EVENT_SOURCE}", detail-type "${detailType}". ` +
      'docs/events/README.md is the contract. Exact for this version: later versions may add properties, so ' +
      'consumers should ignore the ones they do not know.',
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
};

export const EVENTS_DOC_DIR = fileURLToPath(new URL('../docs/events/', import.meta.url));

/** Every schema file's name and text, as written. */
export const schemaFiles = (): { name: string; text: string }[] =>
  OUTBOUND_DETAIL_TYPES.map((detailType) => ({
    name: schemaFileOf(detailType),
    text: `${JSON.stringify(detailSchemaOf(detailType), null, 2)}\n`,
  }));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = schemaFiles().map(({ name, text }) => {
    writeFileSync(path.join(EVENTS_DOC_DIR, name), text);
    return path.join(EVENTS_DOC_DIR, name);
  });
  // In the repository's JSON style, so that `biome check` stays clean; the test compares parsed JSON.
  execFileSync('npx', ['biome', 'format', '--write', ...written], { stdio: 'ignore' });
  console.log(`wrote ${OUTBOUND_DETAIL_TYPES.length} schemas to docs/events/`);
}
