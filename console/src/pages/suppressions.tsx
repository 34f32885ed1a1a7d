import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { can } from '#domain/roles';
import { type Api, messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, ListFoot, ResultList, Status } from '../components/results';
import { useSignedIn } from '../context';
import { chunked } from '../lib/csv';
import { describeRemove, formatDateTime, labelsOf, originOf, type ResultLine, tally } from '../lib/describe';
import {
  apiQueryOf,
  type Filters,
  filtersFrom,
  KIND_LABELS,
  NO_FILTERS,
  pageQueryOf,
  TYPE_OPTIONS,
} from '../lib/filters';
import { fetchFilledPage, loadNextPage, type PagedList } from '../lib/paged-list';
import type { RemoveResult, Results, SuppressionItem, SuppressionPage } from '../lib/types';
import { AddDialog } from '../suppressions/add-dialog';
import { CheckDialog } from '../suppressions/check-dialog';
import { ConsentDialog } from '../suppressions/consent-dialog';
import { exportCsv } from '../suppressions/export';

const PAGE_SIZE = 50;
/** A selective filter may answer pages with few or no items and a cursor: follow it a few times per load. */
const MAX_CALLS_PER_LOAD = 5;
const TYPING_DELAY_MS = 300;

/** Items until there are some (or the list ends), following `nextCursor` at most {@link MAX_CALLS_PER_LOAD} times. */
const fetchPages = (api: Api, query: string, cursor: string | null, signal: AbortSignal) =>
  fetchFilledPage<SuppressionItem>(
    (path, options) => api.json<SuppressionPage>(path, options),
    { path: '/v1/suppressions', query, pageSize: PAGE_SIZE, maxCalls: MAX_CALLS_PER_LOAD },
    cursor,
    signal,
  );

/** What Remove and the consent path send: the matched form of the value, the same one bulk add accepts. */
const sentValue = (item: SuppressionItem): string | null => item.normalizedValue;
const keyOf = (item: SuppressionItem, index: number): string =>
  item.normalizedValue === null ? `erased-${index}` : `${item.kind}:${item.normalizedValue}`;

const unique = (values: readonly string[]) => [...new Set(values)];

const addedByOf = (item: SuppressionItem): string =>
  unique(item.sources.map((source) => source.addedBy ?? originOf(source.source))).join(', ');
const campaignsOf = (item: SuppressionItem): string =>
  unique(item.sources.flatMap((source) => (source.campaignId ? [source.campaignId] : []))).join(', ') || '—';

type ListState = PagedList<SuppressionItem>;

interface ActionState {
  readonly busy: boolean;
  readonly status?: string;
  readonly error?: string;
  readonly lines?: readonly ResultLine[];
}

export function SuppressionsPage() {
  const { api, session } = useSignedIn();
  const { role, tenant } = session.identity;
  const canAdd = can(role, 'add');
  const canRemove = can(role, 'remove');
  const canConsent = can(role, 'lift_with_consent');

  const [filters, setFilters] = useState<Filters>(() => filtersFrom(location.search));
  const [list, setList] = useState<ListState>({ items: [], cursor: null, loading: 'first' });
  const [reloads, setReloads] = useState(0);
  const [selected, setSelected] = useState<ReadonlyMap<string, string>>(new Map());
  const [dialog, setDialog] = useState<'add' | 'check' | 'consent' | null>(null);
  const [consentValues, setConsentValues] = useState<readonly string[]>([]);
  const [removal, setRemoval] = useState<ActionState>({ busy: false });
  const [exporting, setExporting] = useState<ActionState>({ busy: false });
  const delay = useRef(0);
  const query = apiQueryOf(filters).toString();

  /** The list shows itself busy from the first keystroke, not only once the (debounced) request leaves. */
  const markLoading = () =>
    setList((current) => ({ items: current.items, cursor: current.cursor, loading: 'first' }));
  const changeFilter = (name: keyof Filters, value: string, typing = false) => {
    const next = { ...filters, [name]: value };
    delay.current = typing ? TYPING_DELAY_MS : 0;
    // A change the query does not see (a trailing space) loads nothing, so it must not show the list busy.
    if (apiQueryOf(next).toString() !== query) markLoading();
    setFilters(next);
  };
  const reload = useCallback(() => {
    delay.current = 0;
    setList((current) => ({ items: current.items, cursor: current.cursor, loading: 'first' }));
    setReloads((count) => count + 1);
  }, []);

  // The page's address keeps the filters, so a reload or a shared link shows the same list.
  useEffect(() => {
    history.replaceState(history.state, '', `${location.pathname}${pageQueryOf(filters)}`);
  }, [filters]);

  // `reloads` asks for the same query again (after an add or a removal).
  useEffect(() => {
    const controller = new AbortController();
    setList((current) => ({ items: current.items, cursor: current.cursor, loading: 'first' }));
    setSelected(new Map());
    const timer = setTimeout(() => {
      fetchPages(api, query, null, controller.signal).then(
        (page) => setList({ items: page.items, cursor: page.nextCursor, loading: false }),
        (cause: unknown) => {
          if (controller.signal.aborted) return;
          setList({
            items: [],
            cursor: null,
            loading: false,
            error: messageOf(cause, role, 'read the list'),
          });
        },
      );
    }, delay.current);
    delay.current = 0;
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, query, reloads, role]);

  const loadMore = () =>
    loadNextPage(
      list,
      setList,
      (cursor) => fetchPages(api, query, cursor, new AbortController().signal),
      (cause) => messageOf(cause, role, 'read the list'),
    );

  const toggle = (item: SuppressionItem, index: number, on: boolean) => {
    const value = sentValue(item);
    if (value === null) return;
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(keyOf(item, index), value);
      else next.delete(keyOf(item, index));
      return next;
    });
  };
  const selectable = list.items.flatMap((item, index) => {
    const value = sentValue(item);
    return value === null ? [] : [[keyOf(item, index), value] as const];
  });
  const allSelected = selectable.length > 0 && selectable.every(([key]) => selected.has(key));
  const toggleAll = (on: boolean) => setSelected(on ? new Map(selectable) : new Map());

  const remove = async () => {
    const values = unique([...selected.values()]);
    if (values.length === 0) return;
    setRemoval({ busy: true, status: `Removing ${values.length} value${values.length === 1 ? '' : 's'}…` });
    const lines: ResultLine[] = [];
    try {
      for (const chunk of chunked(values, 1_000)) {
        const { results } = await api.json<Results<RemoveResult>>('/v1/suppressions/remove', {
          method: 'POST',
          json: { values: chunk },
        });
        lines.push(...results.map((result) => describeRemove(result, canConsent)));
      }
      setRemoval({ busy: false, status: `Remove: ${tally(lines)}.`, lines });
    } catch (cause) {
      setRemoval({
        busy: false,
        ...(lines.length > 0 ? { status: `Stopped after ${lines.length} values: ${tally(lines)}.` } : {}),
        error: messageOf(cause, role, 'remove suppressions'),
        lines,
      });
    }
    if (lines.length > 0) reload();
  };

  const openConsent = () => {
    setConsentValues(unique([...selected.values()]));
    setDialog('consent');
  };

  const download = async () => {
    setExporting({ busy: true, status: 'Exporting…' });
    try {
      const { rows, fileName } = await exportCsv({
        api,
        query: new URLSearchParams(query),
        fallbackName: `quietlist-suppressions-${tenant}-${new Date().toISOString().slice(0, 10)}.csv`,
        onProgress: (rowsSoFar, parts) =>
          setExporting({
            busy: true,
            status: `Exporting… ${rowsSoFar.toLocaleString('en')} rows${parts > 1 ? ` in ${parts} parts` : ''}`,
          }),
      });
      setExporting({
        busy: false,
        status: `Exported ${rows.toLocaleString('en')} row${rows === 1 ? '' : 's'} to ${fileName}.`,
      });
    } catch (cause) {
      setExporting({ busy: false, error: messageOf(cause, role, 'export the list') });
    }
  };

  const closeDialog = useCallback(() => setDialog(null), []);
  const filtered = Object.values(filters).some(Boolean);
  const count = list.items.length;
  const listStatus =
    list.loading === 'first'
      ? 'Loading…'
      : list.error
        ? undefined
        : count === 0
          ? filtered
            ? 'No suppressions match these filters.'
            : 'No suppressions yet.'
          : `Showing ${count.toLocaleString('en')} suppression${count === 1 ? '' : 's'}${list.cursor ? '; more can be loaded' : ''}.`;

  return (
    <Page title="Suppressions">
      <p class="lede">
        Every value your workspace may not contact, newest first: recipients' unsubscribes, bounces,
        complaints, and what teammates and the API added.
      </p>

      <search aria-label="Filter suppressions">
        <form class="filters" onSubmit={(event) => event.preventDefault()}>
          <div class="field field-search">
            <label for="filter-q">Search</label>
            <input
              id="filter-q"
              type="search"
              maxLength={256}
              placeholder="Starts with…"
              spellcheck={false}
              value={filters.q}
              onInput={(event) => changeFilter('q', event.currentTarget.value, true)}
            />
          </div>
          <div class="field">
            <label for="filter-from">From</label>
            <input
              id="filter-from"
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onInput={(event) => changeFilter('from', event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="filter-to">To</label>
            <input
              id="filter-to"
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onInput={(event) => changeFilter('to', event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="filter-type">Type</label>
            <select
              id="filter-type"
              value={filters.type}
              onChange={(event) => changeFilter('type', event.currentTarget.value)}
            >
              <option value="">All types</option>
              {(['Source', 'Kind'] as const).map((group) => (
                <optgroup key={group} label={group === 'Source' ? 'How it was added' : 'Kind of value'}>
                  {TYPE_OPTIONS.filter((option) => option.group === group).map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-added-by">Added by</label>
            <input
              id="filter-added-by"
              type="text"
              maxLength={128}
              placeholder="User id"
              spellcheck={false}
              value={filters.addedBy}
              onInput={(event) => changeFilter('addedBy', event.currentTarget.value, true)}
            />
          </div>
          {filtered ? (
            <div class="field field-action">
              <button
                type="button"
                class="quiet"
                onClick={() => {
                  delay.current = 0;
                  if (query !== '') markLoading();
                  setFilters(NO_FILTERS);
                }}
              >
                Clear filters
              </button>
            </div>
          ) : null}
        </form>
      </search>
      <ErrorText text={list.error} />

      <div class="toolbar">
        <div class="row">
          {canAdd ? (
            <button type="button" class="primary" onClick={() => setDialog('add')}>
              Add
            </button>
          ) : null}
          {canRemove ? (
            <button
              type="button"
              class="secondary"
              disabled={selected.size === 0 || removal.busy}
              aria-describedby="selection-count"
              onClick={() => void remove()}
            >
              Remove
            </button>
          ) : null}
          {canConsent ? (
            <button
              type="button"
              class="secondary"
              disabled={selected.size === 0}
              aria-describedby="selection-count"
              onClick={openConsent}
            >
              Re-subscribe with consent
            </button>
          ) : null}
          {canRemove ? (
            <span class="muted" id="selection-count">
              {selected.size === 0 ? 'Select entries to remove them' : `${selected.size} selected`}
            </span>
          ) : null}
        </div>
        <div class="row">
          <button type="button" class="secondary" disabled={exporting.busy} onClick={() => void download()}>
            Export CSV
          </button>
          <button type="button" class="secondary" onClick={() => setDialog('check')}>
            Check a list
          </button>
        </div>
      </div>
      <div class="action-feedback">
        <Status text={exporting.status} />
        <ErrorText text={exporting.error} />
      </div>

      {removal.status || removal.error || (removal.lines?.length ?? 0) > 0 ? (
        <section class="panel" aria-labelledby="remove-results-title">
          <div class="panel-head">
            <h2 id="remove-results-title">Remove results</h2>
            <button
              type="button"
              class="quiet"
              onClick={() => setRemoval({ busy: false })}
              disabled={removal.busy}
            >
              Dismiss
            </button>
          </div>
          <Status text={removal.status} />
          <ErrorText text={removal.error} />
          <ResultList label="Remove results" lines={removal.lines ?? []} />
        </section>
      ) : null}

      {/* Focusable so that a keyboard can scroll the table sideways on a narrow screen (it may hold no control). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section class="table-wrap" aria-labelledby="list-caption" tabIndex={0}>
        <table aria-busy={list.loading === 'first' ? 'true' : 'false'}>
          <caption id="list-caption">Suppressed values, newest first (times in UTC)</caption>
          <thead>
            <tr>
              {canRemove ? (
                <th scope="col" class="select">
                  <input
                    type="checkbox"
                    aria-label="Select all shown"
                    checked={allSelected}
                    disabled={selectable.length === 0}
                    onChange={(event) => toggleAll(event.currentTarget.checked)}
                  />
                </th>
              ) : null}
              <th scope="col">Value</th>
              <th scope="col">Type</th>
              <th scope="col">Date</th>
              <th scope="col">Added by</th>
              <th scope="col">Campaign</th>
              <th scope="col">Restorable</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item, index) => {
              const key = keyOf(item, index);
              const shown = item.value ?? item.normalizedValue;
              return (
                <tr key={key}>
                  {canRemove ? (
                    <td class="select">
                      <input
                        type="checkbox"
                        aria-label={`Select ${shown ?? 'erased value'}`}
                        checked={selected.has(key)}
                        disabled={sentValue(item) === null}
                        onChange={(event) => toggle(item, index, event.currentTarget.checked)}
                      />
                    </td>
                  ) : null}
                  <th scope="row" class="value">
                    {shown ?? <span class="muted">(erased)</span>}
                  </th>
                  <td>
                    {labelsOf(item.sources.map((source) => source.source))}
                    <span class="muted"> · {KIND_LABELS[item.kind]}</span>
                  </td>
                  <td>
                    <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                  </td>
                  <td>{addedByOf(item)}</td>
                  <td>{campaignsOf(item)}</td>
                  <td>{item.restorable ? 'Yes' : 'No'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <ListFoot
        status={listStatus}
        cursor={list.cursor}
        loading={list.loading}
        error={list.moreError}
        onMore={() => void loadMore()}
      />

      {dialog === 'add' ? <AddDialog onClose={closeDialog} onAdded={reload} /> : null}
      {dialog === 'check' ? <CheckDialog onClose={closeDialog} /> : null}
      {dialog === 'consent' ? (
        <ConsentDialog values={consentValues} onClose={closeDialog} onDone={reload} />
      ) : null}
    </Page>
  );
}
