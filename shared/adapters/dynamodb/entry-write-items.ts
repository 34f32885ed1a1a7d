import type { AddSuppressionCommand, RemoveSourcesCommand } from '#app/ports/suppressions';
import { hasChoices } from '#domain/recipient-choices';
import { entrySources } from '#domain/suppression';
import {
  ATTR,
  activityPut,
  entryTableKey,
  sourceAttribute,
  tenantTimelineOf,
  timelineSortKey,
} from './item-mappers';
import { suppressionPk } from './keys';
import type { TransactItem } from './transact';

/*
 * The transaction items of the entry writes (W1, W2): each changes the entry and puts its audit event, so an
 * entry never changes without a trace and a repeat is refused by the entry's own condition.
 */

/**
 * How W1 writes a value's entry. `create` puts the whole new entry, on the condition that none exists; `join`
 * adds the source to the entry that exists, on the condition that the source is not there yet. Which one succeeded
 * is the outcome (`added` or `source_added`), so W1 never reads the entry back; a failed condition returns the
 * entry as it is (ALL_OLD), which says whether the source already held it or the other form must be tried.
 */
export type EntryWrite = 'create' | 'join';

/** The item a value's first source leaves: what `join` would find, and what `create` puts whole. */
export const newEntryItem = (command: AddSuppressionCommand): Record<string, unknown> => {
  const { key, source, record } = command;
  return {
    ...entryTableKey(key.tenantId, key.kind, key.valueHash),
    [ATTR.entity]: 'suppression',
    [ATTR.tenantId]: key.tenantId,
    [ATTR.kind]: key.kind,
    [ATTR.valueHash]: key.valueHash,
    [ATTR.value]: command.value,
    [ATTR.display]: command.display,
    [ATTR.createdAt]: record.at,
    [ATTR.updatedAt]: record.at,
    [sourceAttribute(source)]: record,
    [ATTR.sources]: new Set([source]),
    [ATTR.version]: 1,
    ...(record.addedBy === undefined ? {} : { [ATTR.addedBy]: new Set([record.addedBy]) }),
    gsi1pk: tenantTimelineOf(key.tenantId),
    gsi1sk: timelineSortKey(record.at, key.kind, key.valueHash),
  };
};

/** The `join` update: the source's record, the value kept unless present, the source and version counted. */
const joinEntryUpdate = (tableName: string, command: AddSuppressionCommand): TransactItem => {
  const { key, source, record } = command;
  const names: Record<string, string> = {
    '#src': sourceAttribute(source),
    '#value': ATTR.value,
    '#display': ATTR.display,
    '#updatedAt': ATTR.updatedAt,
    '#srcs': ATTR.sources,
    '#version': ATTR.version,
    '#createdAt': ATTR.createdAt,
  };
  const values: Record<string, unknown> = {
    ':rec': record,
    ':value': command.value,
    ':display': command.display,
    ':at': record.at,
    ':srcs': new Set([source]),
    ':one': 1,
    ':g1pk': tenantTimelineOf(key.tenantId),
    ':g1sk': timelineSortKey(record.at, key.kind, key.valueHash),
  };
  let addedBy = '';
  if (record.addedBy !== undefined) {
    names['#addedBys'] = ATTR.addedBy;
    values[':addedBy'] = new Set([record.addedBy]);
    addedBy = ', #addedBys :addedBy';
  }
  return {
    Update: {
      TableName: tableName,
      Key: entryTableKey(key.tenantId, key.kind, key.valueHash),
      // The clear value comes back with a new source when it was erased: the new source's request carries it.
      // An item that held only a recipient's choices becomes an entry here: it gets its creation time and its
      // place on the tenant's list (GSI1) from this first source; an entry keeps the ones it has.
      UpdateExpression:
        'SET #src = :rec, #value = if_not_exists(#value, :value), #display = if_not_exists(#display, :display), ' +
        '#createdAt = if_not_exists(#createdAt, :at), gsi1pk = if_not_exists(gsi1pk, :g1pk), ' +
        `gsi1sk = if_not_exists(gsi1sk, :g1sk), #updatedAt = :at ADD #srcs :srcs, #version :one${addedBy}`,
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#src)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
};

/** W1's two items: the entry written as `write` says, and the event put. */
export const addSourceItems = (
  tableName: string,
  command: AddSuppressionCommand,
  write: EntryWrite,
): TransactItem[] => {
  const { key, event } = command;
  const entry: TransactItem =
    write === 'create'
      ? {
          Put: {
            TableName: tableName,
            Item: newEntryItem(command),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        }
      : joinEntryUpdate(tableName, command);
  return [entry, activityPut(tableName, event, suppressionPk(key.tenantId, key.kind, key.valueHash))];
};

/**
 * W2's two items: the entry update taking the sources off (or its delete when none is left), guarded by the
 * version the caller read, and the event put.
 */
export const removeSourcesItems = (tableName: string, command: RemoveSourcesCommand): TransactItem[] => {
  const { key, sources, current, event } = command;
  const expectedVersion = current.version;
  const remaining = entrySources(current).filter((source) => !sources.includes(source));
  const tableKey = entryTableKey(key.tenantId, key.kind, key.valueHash);
  const guard = {
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': ATTR.version } as Record<string, string>,
    ExpressionAttributeValues: { ':expected': expectedVersion } as Record<string, unknown>,
  };
  // The last source going leaves a recipient's choices in place: the item stays, off the tenant's list.
  const keepChoices = remaining.length === 0 && hasChoices(current.choices);
  const leaveList = keepChoices ? ', #createdAt, gsi1pk, gsi1sk' : '';
  const change: TransactItem =
    remaining.length === 0 && !keepChoices
      ? { Delete: { TableName: tableName, Key: tableKey, ...guard } }
      : {
          Update: {
            TableName: tableName,
            Key: tableKey,
            UpdateExpression: `REMOVE ${sources.map((_, i) => `#r${i}`).join(', ')}${leaveList} SET #updatedAt = :at DELETE #srcs :gone ADD #version :one`,
            ConditionExpression: guard.ConditionExpression,
            ExpressionAttributeNames: {
              ...guard.ExpressionAttributeNames,
              ...Object.fromEntries(sources.map((source, i) => [`#r${i}`, sourceAttribute(source)])),
              '#updatedAt': ATTR.updatedAt,
              '#srcs': ATTR.sources,
              ...(keepChoices ? { '#createdAt': ATTR.createdAt } : {}),
            },
            ExpressionAttributeValues: {
              ...guard.ExpressionAttributeValues,
              ':at': event.at,
              ':gone': new Set(sources),
              ':one': 1,
            },
          },
        };
  return [change, activityPut(tableName, event, suppressionPk(key.tenantId, key.kind, key.valueHash))];
};
