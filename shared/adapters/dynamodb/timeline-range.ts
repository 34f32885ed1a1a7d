/** Instants bounding a timeline read, both included, in the `toISOString` form timeline sort keys start with. */
export interface TimelineRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * The sort-key part of a timeline's key condition (` AND #sk BETWEEN :from AND :to`, `>=`, `<=`, or nothing),
 * adding its names and values to the expression's. Timeline sort keys are `<instant>#<tiebreaker>`
 * (`timelineSk`), so the upper bound runs past any suffix of its instant.
 */
export const sortKeyRange = (
  range: TimelineRange,
  names: Record<string, string>,
  values: Record<string, unknown>,
  sortKey: string,
): string => {
  if (range.from === undefined && range.to === undefined) return '';
  names['#sk'] = sortKey;
  if (range.from !== undefined) values[':from'] = range.from;
  if (range.to !== undefined) values[':to'] = `${range.to}#\uffff`;
  if (range.from !== undefined && range.to !== undefined) return ' AND #sk BETWEEN :from AND :to';
  return range.from !== undefined ? ' AND #sk >= :from' : ' AND #sk <= :to';
};
