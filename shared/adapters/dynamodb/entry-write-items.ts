import type { AddSuppressionCommand, RemoveSourcesCommand } from '#app/ports/suppressions';
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

/** W1's two items: the entry update, conditioned on the source being absent, and the event put. */
export const addSourceItems = (tableName: string, command: AddSuppressionCommand): TransactItem[] => {
  const { key, source, record, event } = command;
  const createdAt = record.at;
  const names: Record<string, string> = {
    '#src': sourceAttribute(source),
    '#entity': ATTR.entity,
    '#tenantId': ATTR.tenantId,
    '#kind': ATTR.kind,
    '#valueHash': ATTR.valueHash,
    '#value': ATTR.value,
    '#display': ATTR.display,
    '#createdAt': ATTR.createdAt,
    '#updatedAt': ATTR.updatedAt,
    '#srcs': ATTR.sources,
    '#version': ATTR.version,
  };
  const values: Record<string, unknown> = {
    ':rec': record,
    ':entity': 'suppression',
    ':tenantId': key.tenantId,
    ':kind': key.kind,
    ':valueHash': key.valueHash,
    ':value': command.value,
    ':display': command.display,
    ':at': createdAt,
    ':g1pk': tenantTimelineOf(key.tenantId),
    ':g1sk': timelineSortKey(createdAt, key.kind, key.valueHash),
    ':srcs': new Set([source]),
    ':one': 1,
  };
  let addedBy = '';
  if (record.addedBy !== undefined) {
    names['#addedBys'] = ATTR.addedBy;
    values[':addedBy'] = new Set([record.addedBy]);
    addedBy = ', #addedBys :addedBy';
  }
  return [
    {
      Update: {
        TableName: tableName,
        Key: entryTableKey(key.tenantId, key.kind, key.valueHash),
        UpdateExpression:
          'SET #src = :rec, #entity = :entity, #tenantId = :tenantId, #kind = :kind, #valueHash = :valueHash, ' +
          '#value = if_not_exists(#value, :value), #display = if_not_exists(#display, :display), ' +
          '#createdAt = if_not_exists(#createdAt, :at), #updatedAt = :at, gsi1pk = :g1pk, ' +
          `gsi1sk = if_not_exists(gsi1sk, :g1sk) ADD #srcs :srcs, #version :one${addedBy}`,
        ConditionExpression: 'attribute_not_exists(#src)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    activityPut(tableName, event, suppressionPk(key.tenantId, key.kind, key.valueHash)),
  ];
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
  const change: TransactItem =
    remaining.length === 0
      ? { Delete: { TableName: tableName, Key: tableKey, ...guard } }
      : {
          Update: {
            TableName: tableName,
            Key: tableKey,
            UpdateExpression: `REMOVE ${sources.map((_, i) => `#r${i}`).join(', ')} SET #updatedAt = :at DELETE #srcs :gone ADD #version :one`,
            ConditionExpression: guard.ConditionExpression,
            ExpressionAttributeNames: {
              ...guard.ExpressionAttributeNames,
              ...Object.fromEntries(sources.map((source, i) => [`#r${i}`, sourceAttribute(source)])),
              '#updatedAt': ATTR.updatedAt,
              '#srcs': ATTR.sources,
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
