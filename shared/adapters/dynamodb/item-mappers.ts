import {
  activitySk,
  contactPk,
  contactTimeline,
  SUPPRESSION_SK,
  suppressionPk,
  tenantActivityTimeline,
  tenantSuppressionsTimeline,
  timelineSk,
} from '#adapters/dynamodb/keys';
import type { ActivityEvent } from '#domain/activity';
import type { Kind } from '#domain/kinds';
import type { PauseRecord, RecipientChoices, TopicChoiceRecord } from '#domain/recipient-choices';
import { SOURCES, type Source } from '#domain/sources';
import type { SourceRecord, SuppressionEntry, SuppressionKey } from '#domain/suppression';

/** Each source's record is its own top-level attribute, so one UpdateItem can add it with a condition on it alone. */
export const sourceAttribute = (source: Source): string => `src_${source}`;

/**
 * A recipient's answer for one topic is its own top-level attribute, like a source's record, so one-click can
 * set it with a condition on it alone. Topic ids are `[a-z0-9-]`, which makes every such name distinct.
 */
export const TOPIC_CHOICE_PREFIX = 'tp_';
export const topicChoiceAttribute = (topic: string): string => `${TOPIC_CHOICE_PREFIX}${topic}`;

/** Attribute names the stored items use; kept here so expressions and mappers cannot drift apart. */
export const ATTR = {
  entity: 'entity',
  tenantId: 'tenantId',
  kind: 'kind',
  valueHash: 'valueHash',
  value: 'value',
  display: 'display',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  /** String set of the sources holding the entry: filterable with contains(). */
  sources: 'srcs',
  /** String set of the people who added it: the added-by filter. */
  addedBy: 'addedBys',
  version: 'version',
  /** A recipient's latest pause (shared/domain/recipient-choices.ts). */
  pause: 'pause',
} as const;

export const entryTableKey = (tenantId: string, kind: Kind, valueHash: string) => ({
  pk: suppressionPk(tenantId, kind, valueHash),
  sk: SUPPRESSION_SK,
});

export const timelineSortKey = (createdAt: string, kind: Kind, valueHash: string) =>
  timelineSk(createdAt, `${kind}#${valueHash}`);

export const tenantTimelineOf = tenantSuppressionsTimeline;

/** A recipient's choices kept on a value's item; undefined when it holds none. */
export const toRecipientChoices = (item: Record<string, unknown>): RecipientChoices | undefined => {
  let topics: Record<string, TopicChoiceRecord> | undefined;
  for (const name in item) {
    if (!name.startsWith(TOPIC_CHOICE_PREFIX)) continue;
    topics ??= {};
    topics[name.slice(TOPIC_CHOICE_PREFIX.length)] = item[name] as TopicChoiceRecord;
  }
  const pause = item[ATTR.pause] as PauseRecord | undefined;
  if (topics === undefined && pause === undefined) return undefined;
  return { topics: topics ?? {}, ...(pause === undefined ? {} : { pause }) };
};

/** Does a stored item hold at least one source? An item holding only a recipient's choices is no suppression. */
export const holdsSources = (item: Record<string, unknown>): boolean =>
  SOURCES.some((source) => item[sourceAttribute(source)] !== undefined);

/** Rebuilds an entry from a stored item (whole or projected to what the filter needs). */
export const toSuppressionEntry = (item: Record<string, unknown>): SuppressionEntry => {
  const sources: Partial<Record<Source, SourceRecord>> = {};
  for (const source of SOURCES) {
    const record = item[sourceAttribute(source)];
    if (record !== undefined) sources[source] = record as SourceRecord;
  }
  const choices = toRecipientChoices(item);
  return {
    tenantId: String(item[ATTR.tenantId]),
    kind: item[ATTR.kind] as Kind,
    valueHash: String(item[ATTR.valueHash]),
    ...(typeof item[ATTR.value] === 'string' ? { value: item[ATTR.value] as string } : {}),
    ...(typeof item[ATTR.display] === 'string' ? { display: item[ATTR.display] as string } : {}),
    createdAt: String(item[ATTR.createdAt]),
    updatedAt: String(item[ATTR.updatedAt] ?? item[ATTR.createdAt]),
    sources,
    version: Number(item[ATTR.version] ?? 0),
    ...(choices === undefined ? {} : { choices }),
  };
};

/**
 * An activity event lives in the partition of the value it concerns (so a value's history is one Query), or of
 * its contact when it concerns no single value; GSI1 gives the tenant timeline and GSI2 the contact timeline.
 */
export const toActivityItem = (event: ActivityEvent, partition: string): Record<string, unknown> => ({
  pk: partition,
  sk: activitySk(event.at, event.eventId),
  [ATTR.entity]: 'activity',
  ...event,
  gsi1pk: tenantActivityTimeline(event.tenantId),
  gsi1sk: timelineSk(event.at, event.eventId),
  ...(event.contactId !== undefined
    ? {
        gsi2pk: contactTimeline(event.tenantId, event.contactId),
        gsi2sk: timelineSk(event.at, event.eventId),
      }
    : {}),
});

const ACTIVITY_STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  ATTR.entity,
]);

export const toActivityEvent = (item: Record<string, unknown>): ActivityEvent =>
  Object.fromEntries(
    Object.entries(item).filter(([name]) => !ACTIVITY_STORAGE_ATTRIBUTES.has(name)),
  ) as unknown as ActivityEvent;

/** The partition an event is stored in: its value's entry, or its contact when it concerns no single value. */
export const activityPartitionOf = (
  tenantId: string,
  concerning: SuppressionKey | { readonly contactId: string },
): string =>
  'contactId' in concerning
    ? contactPk(tenantId, concerning.contactId)
    : suppressionPk(concerning.tenantId, concerning.kind, concerning.valueHash);

/** The put of an event, in a transaction or alone; events are never overwritten (a repeated id is refused). */
export const activityPut = (tableName: string, event: ActivityEvent, partition: string) => ({
  Put: {
    TableName: tableName,
    Item: toActivityItem(event, partition),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
