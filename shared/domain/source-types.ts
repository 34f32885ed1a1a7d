import { SOURCE_RULES, SOURCES, type Source, type SourceRule } from '#domain/sources';

/**
 * The source filters as admins know them (the console's "Type" filter, lemlist's names), each the `label` of
 * {@link SOURCE_RULES}: `type=lead` is every source labelled Lead. The list, the export and the statistics take
 * `type` as an alias of those sources; docs/admin-api.md quotes this table (a test holds the two together).
 */
export const SOURCE_TYPES = {
  lead: 'Lead',
  user: 'User',
  api: 'API',
  not_delivered: 'Not delivered',
  abuse: 'Abuse',
  legacy: 'Legacy',
  sms: 'SMS',
} as const satisfies Readonly<Record<string, SourceRule['label']>>;
export type SourceType = keyof typeof SOURCE_TYPES;

export const SOURCE_TYPE_NAMES = Object.keys(SOURCE_TYPES) as SourceType[];

export const isSourceType = (value: unknown): value is SourceType =>
  typeof value === 'string' && Object.hasOwn(SOURCE_TYPES, value);

/** The sources a type stands for: every source whose label it is, in the order of {@link SOURCES}. */
export const sourcesOfType = (type: SourceType): Source[] =>
  SOURCES.filter((source) => SOURCE_RULES[source].label === SOURCE_TYPES[type]);
