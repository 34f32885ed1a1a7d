import { ATTR, sourceAttribute, TOPIC_CHOICE_PREFIX } from '#adapters/dynamodb/item-mappers';
import { SOURCES } from '#domain/sources';

/**
 * Where a stored item may hold a person's clear data, and so what erasure removes (docs/privacy.md):
 * - the value itself: `value` and `display` (an entry or a choices item; an event's `value`);
 * - the recipient's IP address and user agent, on a recipient's event and on the records (sources, topic
 *   answers, pause) that kept them as proof;
 * - free text that can quote the address: a teammate's `detail.note`, an SES bounce's `detail.diagnosticCode`
 *   (mail servers' replies often name the recipient).
 * Everything else stays: keys, the keyed hash, kind, sources, scopes, times, actions, actors, campaign and contact
 * ids, reasons and consent — what proves the block and why it is kept (Art. 17(3) with Art. 21).
 */
const PERSONAL_FIELDS = ['ip', 'userAgent'] as const;
const FREE_TEXT_DETAIL = ['note', 'diagnosticCode'] as const;
const SOURCE_ATTRIBUTES = new Set(SOURCES.map(sourceAttribute));

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Set);

/** The paths to remove from one record map (a source's record, a topic answer, a pause, or an event itself). */
const recordPaths = (record: Record<string, unknown>, prefix: readonly string[]): string[][] => {
  const paths: string[][] = [];
  for (const field of PERSONAL_FIELDS) if (record[field] !== undefined) paths.push([...prefix, field]);
  const detail = record.detail;
  if (isMap(detail)) {
    for (const field of FREE_TEXT_DETAIL)
      if (detail[field] !== undefined) paths.push([...prefix, 'detail', field]);
  }
  return paths;
};

/** The clear copies an activity item holds, as attribute paths (empty: nothing to erase). */
export const eventClearPaths = (item: Record<string, unknown>): string[][] => [
  ...(item[ATTR.value] !== undefined ? [[ATTR.value]] : []),
  ...recordPaths(item, []),
];

/** The clear copies a value's item (entry, choices) holds, as attribute paths (empty: nothing to erase). */
export const entryClearPaths = (item: Record<string, unknown>): string[][] => {
  const paths: string[][] = [ATTR.value, ATTR.display].filter((n) => item[n] !== undefined).map((n) => [n]);
  for (const [name, record] of Object.entries(item)) {
    const holdsProof =
      SOURCE_ATTRIBUTES.has(name) || name.startsWith(TOPIC_CHOICE_PREFIX) || name === ATTR.pause;
    if (holdsProof && isMap(record)) paths.push(...recordPaths(record, [name]));
  }
  return paths;
};

/**
 * `REMOVE #p0.#p1, #p2` with its names: every path segment through a placeholder, since attribute names such as
 * `value` are DynamoDB reserved words.
 */
export const removeExpression = (
  paths: readonly (readonly string[])[],
): { readonly expression: string; readonly names: Record<string, string> } => {
  const names: Record<string, string> = {};
  const ids = new Map<string, string>();
  const nameOf = (segment: string) => {
    let id = ids.get(segment);
    if (id === undefined) {
      id = `#c${ids.size}`;
      ids.set(segment, id);
      names[id] = segment;
    }
    return id;
  };
  const removes = paths.map((path) => path.map(nameOf).join('.'));
  return { expression: `REMOVE ${removes.join(', ')}`, names };
};
