import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BackoffOptions } from '#adapters/dynamodb/backoff';
import { batchGetAll, tableKeyId } from '#adapters/dynamodb/batch-get';
import { activityPut } from '#adapters/dynamodb/item-mappers';
import { contactPk, DO_NOT_CONTACT_SK } from '#adapters/dynamodb/keys';
import { transactWrite } from '#adapters/dynamodb/transact';
import type { DoNotContactLookup, DoNotContactState, DoNotContactStore } from '#app/ports/contacts';
import type { ActivityEvent } from '#domain/activity';

const dncKey = (tenantId: string, contactId: string) => ({
  pk: contactPk(tenantId, contactId),
  sk: DO_NOT_CONTACT_SK,
});

/** Do-not-contact state per contact (AP5); its events share the contact's partition. */
export class DynamoDbContactRepository implements DoNotContactStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: BackoffOptions = {},
  ) {}

  /** W4: sets do-not-contact with its event; a repeat returns `already_set` and writes nothing. */
  async setDoNotContact(state: DoNotContactState, event: ActivityEvent): Promise<'set' | 'already_set'> {
    const outcome = await transactWrite(
      this.client,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...dncKey(state.tenantId, state.contactId), entity: 'do_not_contact', ...state },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        activityPut(this.tableName, event, contactPk(state.tenantId, state.contactId)),
      ],
      this.retry,
    );
    return outcome.committed ? 'set' : 'already_set';
  }

  /** W5: lifts do-not-contact with its event; `not_set` when there was none. */
  async liftDoNotContact(
    tenantId: string,
    contactId: string,
    event: ActivityEvent,
  ): Promise<'lifted' | 'not_set'> {
    const outcome = await transactWrite(
      this.client,
      [
        {
          Delete: {
            TableName: this.tableName,
            Key: dncKey(tenantId, contactId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        activityPut(this.tableName, event, contactPk(tenantId, contactId)),
      ],
      this.retry,
    );
    return outcome.committed ? 'lifted' : 'not_set';
  }

  /** R7: the do-not-contact state of many contacts of one tenant, batched like every other lookup. */
  async batchGetDoNotContact(
    tenantId: string,
    contactIds: readonly string[],
    options: { readonly distinct?: boolean } = {},
  ): Promise<DoNotContactLookup> {
    const result = await batchGetAll(
      this.client,
      this.tableName,
      contactIds.map((contactId) => dncKey(tenantId, contactId)),
      options.distinct ? { ...this.retry, distinct: true } : this.retry,
    );
    const blocked = new Map<string, DoNotContactState>();
    for (const item of result.items.values()) {
      const state = item as unknown as DoNotContactState;
      blocked.set(state.contactId, {
        tenantId: state.tenantId,
        contactId: state.contactId,
        since: state.since,
        setBy: state.setBy,
        liftable: state.liftable,
      });
    }
    // Keys are rarely left unprocessed: only then is it worth keying every contact again.
    const unprocessed = new Set(result.unprocessed.map(tableKeyId));
    const unchecked =
      unprocessed.size === 0
        ? []
        : contactIds.filter((contactId) => unprocessed.has(tableKeyId(dncKey(tenantId, contactId))));
    return { blocked, unchecked };
  }
}
