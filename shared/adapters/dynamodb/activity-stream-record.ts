import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ACTIVITY_ACTIONS, type ActivityEvent } from '#domain/activity';
import { MalformedActivityRecordError } from '#domain/outbound-events';
import { toActivityEvent } from './item-mappers';

/**
 * A DynamoDB Streams record as Lambda, EventBridge Pipes and the DynamoDBStreams API give it: only the fields read
 * here. The image is in DynamoDB's attribute-value JSON (`{"S": "…"}`).
 */
export interface TableStreamRecord {
  readonly eventID?: string;
  readonly eventName?: string;
  readonly dynamodb?: { readonly NewImage?: Record<string, unknown> };
}

/** Sets come back from `unmarshall` as `Set`s; the event's lists are plain arrays, sorted for stable output. */
const plain = (value: unknown): unknown =>
  value instanceof Set ? [...value].sort() : Array.isArray(value) ? value.map(plain) : value;

/**
 * The activity event a stream record inserted (its new image, stripped of keys as `toActivityEvent` does for a
 * read). Throws {@link MalformedActivityRecordError}, naming the record, when the record is not an insert of an
 * activity item with an id, a tenant, an instant, a known action and an actor, so the caller fails the batch (the
 * pipe retries it, then parks it in its dead-letter queue) rather than publish half an event.
 */
export const activityEventOfStreamRecord = (record: TableStreamRecord): ActivityEvent => {
  const name = `stream record ${record.eventID ?? '(no eventID)'}`;
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image === undefined) {
    throw new MalformedActivityRecordError(`${name}: not an INSERT with a new image (${record.eventName})`);
  }
  let item: Record<string, unknown>;
  try {
    item = unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    throw new MalformedActivityRecordError(`${name}: the new image is not DynamoDB JSON`, { cause: error });
  }
  if (item.entity !== 'activity') {
    throw new MalformedActivityRecordError(`${name}: entity ${JSON.stringify(item.entity)} is not activity`);
  }
  for (const field of ['eventId', 'tenantId', 'at', 'action'] as const) {
    if (typeof item[field] !== 'string' || item[field] === '') {
      throw new MalformedActivityRecordError(`${name}: the activity item has no ${field}`);
    }
  }
  if (!ACTIVITY_ACTIONS.includes(item.action as ActivityEvent['action'])) {
    throw new MalformedActivityRecordError(`${name}: unknown action ${JSON.stringify(item.action)}`);
  }
  const actor = item.actor as { type?: unknown } | undefined;
  if (typeof actor !== 'object' || actor === null || typeof actor.type !== 'string') {
    throw new MalformedActivityRecordError(`${name}: the activity item has no actor`);
  }
  return toActivityEvent(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, plain(v)])));
};
