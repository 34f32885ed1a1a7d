import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  LeaveTopicCommand,
  RecipientChoiceStore,
  ValueChoicesRead,
  WriteChoicesCommand,
} from '#app/ports/recipient-choices';
import type { SuppressionKey } from '#domain/suppression';
import type { BackoffOptions } from './backoff';
import {
  ATTR,
  activityPut,
  entryTableKey,
  holdsSources,
  topicChoiceAttribute,
  toRecipientChoices,
  toSuppressionEntry,
} from './item-mappers';
import { suppressionPk } from './keys';
import { type TransactItem, transactWrite } from './transact';

/**
 * The attributes every value item carries, set only when the item is new: a recipient's first choice can create
 * the item their later unsubscribe joins (W1's join gives it its place on the tenant's list).
 */
const identityOnCreate = (command: { key: SuppressionKey; value: string; display: string }) => ({
  names: {
    '#entity': ATTR.entity,
    '#tenantId': ATTR.tenantId,
    '#kind': ATTR.kind,
    '#valueHash': ATTR.valueHash,
    '#value': ATTR.value,
    '#display': ATTR.display,
    '#updatedAt': ATTR.updatedAt,
    '#version': ATTR.version,
  },
  values: {
    ':entity': 'suppression',
    ':tenantId': command.key.tenantId,
    ':kind': command.key.kind,
    ':valueHash': command.key.valueHash,
    ':value': command.value,
    ':display': command.display,
    ':zero': 0,
    ':one': 1,
  },
  set:
    '#entity = if_not_exists(#entity, :entity), #tenantId = if_not_exists(#tenantId, :tenantId), ' +
    '#kind = if_not_exists(#kind, :kind), #valueHash = if_not_exists(#valueHash, :valueHash), ' +
    '#value = if_not_exists(#value, :value), #display = if_not_exists(#display, :display), ' +
    '#version = if_not_exists(#version, :zero) + :one',
});

/**
 * A recipient's choices (topics left or joined, pauses) on the item of the value they chose them for: the same
 * item as the value's suppression entry, so the filter reads one key per value. Every write carries its event in
 * the same transaction and bumps the item's version, like an entry's.
 */
export class DynamoDbRecipientChoices implements RecipientChoiceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: BackoffOptions = {},
  ) {}

  /** R1c: `GetItem` `pk = SUP#<tenant>#<kind>#<hash>, sk = ENTRY`, `ConsistentRead`. */
  async readValueChoices(key: SuppressionKey): Promise<ValueChoicesRead> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: entryTableKey(key.tenantId, key.kind, key.valueHash),
        ConsistentRead: true,
      }),
    );
    if (item === undefined) return { version: 0 };
    const choices = toRecipientChoices(item);
    return {
      version: Number(item[ATTR.version] ?? 0),
      ...(holdsSources(item) ? { entry: toSuppressionEntry(item) } : {}),
      ...(choices === undefined ? {} : { choices }),
    };
  }

  /**
   * W12: `TransactWriteItems` of an `UpdateItem` setting the topic answers and the pause (or removing it), with
   * `attribute_not_exists(pk)` when the caller read no item and `version = :read` otherwise, and the event put.
   */
  async writeChoices(command: WriteChoicesCommand): Promise<'written' | 'conflict'> {
    const base = identityOnCreate(command);
    const names: Record<string, string> = { ...base.names };
    const values: Record<string, unknown> = { ...base.values, ':at': command.event.at };
    const sets = [base.set, '#updatedAt = :at'];
    Object.entries(command.topics).forEach(([topic, record], i) => {
      names[`#t${i}`] = topicChoiceAttribute(topic);
      values[`:t${i}`] = record;
      sets.push(`#t${i} = :t${i}`);
    });
    let remove = '';
    if (command.pause !== undefined) {
      names['#pause'] = ATTR.pause;
      if (command.pause === null) remove = ' REMOVE #pause';
      else {
        values[':pause'] = command.pause;
        sets.push('#pause = :pause');
      }
    }
    let condition = 'attribute_not_exists(pk)';
    if (command.expectedVersion > 0) {
      condition = '#version = :expected';
      values[':expected'] = command.expectedVersion;
    }
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: entryTableKey(command.key.tenantId, command.key.kind, command.key.valueHash),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
    const outcome = await transactWrite(
      this.client,
      [update, this.eventPut(command.key, command.event)],
      this.retry,
    );
    if (outcome.committed) return 'written';
    if (!outcome.failedConditions.has(0)) {
      throw new Error(`activity event ${command.event.eventId} already exists`);
    }
    return 'conflict';
  }

  /**
   * W13: `TransactWriteItems` of an `UpdateItem` setting the topic's answer to "left" on the condition that the
   * recipient had not left it already (`attribute_not_exists(tp_<topic>) OR tp_<topic>.subscribed = true`), and
   * the event put: one request, nothing read first; a repeat changes nothing and writes no event.
   */
  async leaveTopic(command: LeaveTopicCommand): Promise<'left' | 'already_left'> {
    const base = identityOnCreate(command);
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: entryTableKey(command.key.tenantId, command.key.kind, command.key.valueHash),
        UpdateExpression: `SET ${base.set}, #updatedAt = :at, #topic = :record`,
        ConditionExpression: 'attribute_not_exists(#topic) OR #topic.subscribed = :true',
        ExpressionAttributeNames: { ...base.names, '#topic': topicChoiceAttribute(command.topic) },
        ExpressionAttributeValues: {
          ...base.values,
          ':at': command.event.at,
          ':record': command.record,
          ':true': true,
        },
      },
    };
    const outcome = await transactWrite(
      this.client,
      [update, this.eventPut(command.key, command.event)],
      this.retry,
    );
    if (outcome.committed) return 'left';
    if (!outcome.failedConditions.has(0)) {
      throw new Error(`activity event ${command.event.eventId} already exists`);
    }
    return 'already_left';
  }

  private eventPut(key: SuppressionKey, event: WriteChoicesCommand['event']) {
    return activityPut(this.tableName, event, suppressionPk(key.tenantId, key.kind, key.valueHash));
  }
}
