import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SuppressionListFilter } from '#app/ports/suppressions';
import { INDEXES } from '#shared/table-contract';
import { ATTR, tenantTimelineOf } from './item-mappers';

/** Each value list becomes `:<prefix>0, :<prefix>1, …` in the expression values. */
const placeholders = (values: Record<string, unknown>, prefix: string, items: readonly string[]): string[] =>
  items.map((item, i) => {
    values[`:${prefix}${i}`] = item;
    return `:${prefix}${i}`;
  });

/**
 * R3's Query on GSI1 (a tenant's suppressions timeline, newest first): the date range in the key condition, the
 * other filters in a filter expression (sources and value prefixes: any of them; kinds: one of them; all
 * combined with AND).
 */
export const suppressionListQuery = (
  tenantId: string,
  filter: SuppressionListFilter,
): Omit<QueryCommandInput, 'TableName'> => {
  const index = INDEXES.byTenantTimeline;
  const names: Record<string, string> = { '#pk': index.partitionKey };
  const values: Record<string, unknown> = { ':pk': tenantTimelineOf(tenantId) };
  let keyCondition = '#pk = :pk';
  if (filter.from !== undefined || filter.to !== undefined) names['#sk'] = index.sortKey;
  if (filter.from !== undefined) values[':from'] = filter.from;
  // Sort keys continue past the instant (`<instant>#<kind>#<hash>`), so the upper bound extends past any suffix.
  if (filter.to !== undefined) values[':to'] = `${filter.to}#\uffff`;
  if (filter.from !== undefined && filter.to !== undefined) keyCondition += ' AND #sk BETWEEN :from AND :to';
  else if (filter.from !== undefined) keyCondition += ' AND #sk >= :from';
  else if (filter.to !== undefined) keyCondition += ' AND #sk <= :to';

  const conditions: string[] = [];
  if (filter.sources?.length) {
    names['#srcs'] = ATTR.sources;
    const any = placeholders(values, 'src', filter.sources).map((name) => `contains(#srcs, ${name})`);
    conditions.push(`(${any.join(' OR ')})`);
  }
  if (filter.kinds?.length) {
    names['#kind'] = ATTR.kind;
    conditions.push(`#kind IN (${placeholders(values, 'kind', filter.kinds).join(', ')})`);
  }
  if (filter.addedBy !== undefined) {
    names['#addedBys'] = ATTR.addedBy;
    values[':addedBy'] = filter.addedBy;
    conditions.push('contains(#addedBys, :addedBy)');
  }
  if (filter.valuePrefixes?.length) {
    names['#value'] = ATTR.value;
    const any = placeholders(values, 'q', filter.valuePrefixes).map((name) => `begins_with(#value, ${name})`);
    conditions.push(`(${any.join(' OR ')})`);
  }
  return {
    IndexName: index.indexName,
    KeyConditionExpression: keyCondition,
    ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
};
