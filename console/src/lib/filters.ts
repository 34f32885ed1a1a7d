import type { Kind } from '#domain/kinds';
import { SOURCE_RULES, SOURCES, type Source, type SourceRule } from '#domain/sources';

/** The list's filters as the page holds them: what the fields show. */
export interface Filters {
  /** Searchbox: a prefix of the value (the API's `q`). */
  readonly q: string;
  /** Days, `YYYY-MM-DD` (UTC), or empty. */
  readonly from: string;
  readonly to: string;
  /** One of {@link TYPE_OPTIONS}' values, or empty for every type. */
  readonly type: string;
  readonly addedBy: string;
}

export const NO_FILTERS: Filters = { q: '', from: '', to: '', type: '', addedBy: '' };

type Label = SourceRule['label'];

/** The sources behind a label (Lead = link + list_unsubscribe), from the one table that defines them. */
const sourcesLabelled = (label: Label): Source[] =>
  SOURCES.filter((source) => SOURCE_RULES[source].label === label);

export interface TypeOption {
  readonly value: string;
  readonly label: string;
  readonly group: 'Source' | 'Kind';
  readonly query: { readonly source: readonly Source[] } | { readonly kind: readonly Kind[] };
}

const sourceOption = (value: string, label: Label): TypeOption => ({
  value,
  label,
  group: 'Source',
  query: { source: sourcesLabelled(label) },
});
const kindOption = (kind: Kind, label: string): TypeOption => ({
  value: kind,
  label,
  group: 'Kind',
  query: { kind: [kind] },
});

/**
 * The Type filter: the labels admins know (as the outreach products name them), mapped onto `source=` sets,
 * then the kind of value. Another branch adds `type=` aliases to the API; `source=` needs nothing new.
 */
export const TYPE_OPTIONS: readonly TypeOption[] = [
  sourceOption('api', 'API'),
  sourceOption('not-delivered', 'Not delivered'),
  sourceOption('lead', 'Lead'),
  sourceOption('user', 'User'),
  sourceOption('abuse', 'Abuse'),
  kindOption('email', 'Email'),
  kindOption('domain', 'Domain'),
  kindOption('phone', 'Phone'),
  kindOption('linkedin', 'LinkedIn'),
];

export const KIND_LABELS: Readonly<Record<Kind, string>> = {
  email: 'Email',
  domain: 'Domain',
  phone: 'Phone',
  linkedin: 'LinkedIn',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The admin API's query for these filters (list and export take the same), blank fields left out. */
export const apiQueryOf = (filters: Filters): URLSearchParams => {
  const query = new URLSearchParams();
  const q = filters.q.trim();
  if (q) query.set('q', q);
  if (DAY.test(filters.from)) query.set('from', filters.from);
  if (DAY.test(filters.to)) query.set('to', filters.to);
  const type = TYPE_OPTIONS.find((option) => option.value === filters.type);
  if (type && 'source' in type.query) query.set('source', type.query.source.join(','));
  if (type && 'kind' in type.query) query.set('kind', type.query.kind.join(','));
  const addedBy = filters.addedBy.trim();
  if (addedBy) query.set('addedBy', addedBy);
  return query;
};

/** The filters kept in the page's own address (`?q=…&type=lead`), so a reload or a shared link keeps them. */
export const pageQueryOf = (filters: Filters): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
};

export const filtersFrom = (search: string): Filters => {
  const query = new URLSearchParams(search);
  const text = (name: keyof Filters) => query.get(name) ?? '';
  const type = text('type');
  return {
    q: text('q'),
    from: DAY.test(text('from')) ? text('from') : '',
    to: DAY.test(text('to')) ? text('to') : '',
    type: TYPE_OPTIONS.some((option) => option.value === type) ? type : '',
    addedBy: text('addedBy'),
  };
};
