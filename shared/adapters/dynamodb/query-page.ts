import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PageRequest } from '#app/ports/paging';

/** A Query reads at most this many filtered-out items for one page before handing back a cursor. */
const MAX_QUERY_CALLS_PER_PAGE = 10;

export interface RawPage {
  readonly items: Record<string, unknown>[];
  readonly nextKey?: Record<string, string>;
}

const keyOf = (item: Record<string, unknown>, indexKeys: readonly string[]): Record<string, string> =>
  Object.fromEntries(['pk', 'sk', ...indexKeys].map((name) => [name, String(item[name])]));

/**
 * Reads one page of at most `limit` matching items. When it stops inside a DynamoDB page, the next key is the
 * last returned item's key, so the next page starts right after it and no item is skipped or repeated. With a
 * filter expression it reads on until the page is full or ten calls were spent, then hands back a key to go on.
 *
 * @param indexKeys - the key attributes of the index queried (none for the table), part of every position.
 */
export const queryPage = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  input: Omit<QueryCommandInput, 'TableName'>,
  page: PageRequest,
  indexKeys: readonly string[],
): Promise<RawPage> => {
  const items: Record<string, unknown>[] = [];
  let startKey = page.startKey;
  for (let call = 0; call < MAX_QUERY_CALLS_PER_PAGE; call++) {
    const output = await client.send(
      new QueryCommand({
        ...input,
        TableName: tableName,
        Limit: input.FilterExpression ? Math.max(page.limit, 200) : page.limit - items.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of output.Items ?? []) {
      items.push(item);
      if (items.length === page.limit) {
        const more = output.LastEvaluatedKey !== undefined || item !== output.Items?.at(-1);
        return more ? { items, nextKey: keyOf(item, indexKeys) } : { items };
      }
    }
    if (!output.LastEvaluatedKey) return { items };
    startKey = output.LastEvaluatedKey as Record<string, string>;
  }
  return startKey ? { items, nextKey: startKey } : { items };
};
