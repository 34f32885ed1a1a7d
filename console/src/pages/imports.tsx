import { useEffect, useId, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { ImportMode } from '#domain/import-job';
import { can } from '#domain/roles';
import { type Api, messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, ListFoot, Status } from '../components/results';
import { useSignedIn } from '../context';
import { formatDateTime } from '../lib/describe';
import {
  type CreatedImport,
  countsOf,
  type ImportPage,
  type ImportView,
  isFinal,
  progressOf,
  STATUS_LABELS,
} from '../lib/imports';
import { loadNextPage, type PagedList } from '../lib/paged-list';
import { PAGES } from '../paths';
import './imports.css';

const PAGE_SIZE = 25;
/** How often a running import is read again: the job moves chunk by chunk, seconds apart. */
const POLL_MS = 1_000;

const fetchImports = (api: Api, cursor: string | null, signal: AbortSignal) => {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return api.json<ImportPage>('/v1/imports', { query, signal });
};

const importPath = (importId: string) => `${PAGES.imports.path}?${new URLSearchParams({ import: importId })}`;

/**
 * Imports (docs/jobs.md): a file of values added to the list, or checked against it, as a job. The browser sends
 * the file straight to the jobs bucket through the presigned PUT the API signs, then follows the job until it
 * finishes, with a link to its per-line result file. Managers and admins only (the routes' `add` permission):
 * the navigation hides the page from viewers, and a viewer who opens it is told why there is nothing to do.
 */
export function ImportsPage() {
  const { session } = useSignedIn();
  const { role } = session.identity;
  const { query } = useLocation();
  const [reloads, setReloads] = useState(0);
  if (!can(role, 'add')) {
    return (
      <Page title="Imports">
        <p class="lede">
          Imports add a file of values to the suppression list, or check a file against it. Your role ({role})
          cannot import; ask a manager or an admin of your workspace.
        </p>
      </Page>
    );
  }
  return (
    <Page title="Imports">
      <p class="lede">
        Bring a file of values into the suppression list, or check a file against it without changing
        anything: one value a line, or a CSV with an <code>email</code>, <code>value</code>,{' '}
        <code>domain</code>, <code>phone</code> or <code>linkedin</code> column. Every line is accounted for
        in a result file.
      </p>
      <NewImport />
      {query.import ? (
        <CurrentImport importId={query.import} onFinished={() => setReloads((n) => n + 1)} />
      ) : null}
      <ImportList reloads={reloads} />
    </Page>
  );
}

function NewImport() {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const { route } = useLocation();
  const ids = useId();
  const [file, setFile] = useState<File>();
  const [mode, setMode] = useState<ImportMode>('add');
  const [source, setSource] = useState<'own' | 'legacy'>('own');
  const [note, setNote] = useState('');
  const [state, setState] = useState<{ busy: boolean; status?: string; error?: string }>({ busy: false });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) {
      setState({ busy: false, error: 'Choose a file to import.' });
      return;
    }
    setState({ busy: true, status: `Creating the import of ${file.name}…` });
    let created: CreatedImport;
    try {
      created = await api.json<CreatedImport>('/v1/imports', {
        method: 'POST',
        json: {
          mode,
          fileName: file.name,
          // Without a source the API records the caller's own (admin for a person).
          ...(source === 'legacy' ? { source: 'legacy' } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
    } catch (cause) {
      setState({ busy: false, error: messageOf(cause, role, 'import files') });
      return;
    }
    setState({ busy: true, status: `Uploading ${file.name}…` });
    try {
      // Straight to the bucket: the file never passes through the API (no size ceiling of a call).
      const response = await fetch(created.upload.url, {
        method: created.upload.method,
        headers: created.upload.headers,
        body: file,
        credentials: 'omit',
      });
      if (!response.ok) throw new Error(`the storage answered HTTP ${response.status}`);
    } catch (cause) {
      setState({
        busy: false,
        error: `The file could not be uploaded (${(cause as Error).message}). Try again; nothing was imported.`,
      });
      return;
    }
    setState({ busy: false, status: `${file.name} uploaded; the import has started.` });
    route(importPath(created.importId));
  };

  return (
    <section class="section" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>New import</h2>
      <form class="import-form" onSubmit={(event) => void submit(event)}>
        <div class="field">
          <label for={`${ids}-file`}>File</label>
          <input
            id={`${ids}-file`}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            required
            aria-describedby={`${ids}-file-hint`}
            onChange={(event) => setFile(event.currentTarget.files?.[0])}
          />
          <p class="hint" id={`${ids}-file-hint`}>
            UTF-8 text, up to 100 MB.
          </p>
        </div>
        <fieldset class="field">
          <legend>Mode</legend>
          <label>
            <input
              type="radio"
              name={`${ids}-mode`}
              value="add"
              checked={mode === 'add'}
              onChange={() => setMode('add')}
            />{' '}
            Add to the suppression list
          </label>
          <label>
            <input
              type="radio"
              name={`${ids}-mode`}
              value="check"
              checked={mode === 'check'}
              onChange={() => setMode('check')}
            />{' '}
            Check only (changes nothing)
          </label>
        </fieldset>
        <div class="field">
          <label for={`${ids}-source`}>Source</label>
          <select
            id={`${ids}-source`}
            value={source}
            onChange={(event) => setSource(event.currentTarget.value as 'own' | 'legacy')}
          >
            <option value="own">Added by you</option>
            <option value="legacy">A list from another tool (legacy)</option>
          </select>
        </div>
        <div class="field">
          <label for={`${ids}-note`}>Note</label>
          <input
            id={`${ids}-note`}
            type="text"
            maxLength={1000}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </div>
        <div class="field field-action">
          <button type="submit" disabled={state.busy}>
            Upload and import
          </button>
        </div>
      </form>
      <Status text={state.status} />
      <ErrorText text={state.error} />
    </section>
  );
}

/** One import, read again every second until it finishes; then its counts and the result file's link. */
function CurrentImport(props: { importId: string; onFinished: () => void }) {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const ids = useId();
  const [state, setState] = useState<{ view?: ImportView; error?: string }>({});

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({});
    const read = () =>
      api
        .json<ImportView>(`/v1/imports/${encodeURIComponent(props.importId)}`, { signal: controller.signal })
        .then(
          (view) => {
            setState({ view });
            if (isFinal(view.status)) props.onFinished();
            else timer = setTimeout(read, POLL_MS);
          },
          (cause: unknown) => {
            if (controller.signal.aborted) return;
            setState({ error: messageOf(cause, role, 'read imports') });
          },
        );
    void read();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, props.importId, role]);

  const { view } = state;
  return (
    <section
      class="section"
      aria-labelledby={`${ids}-title`}
      aria-busy={view && isFinal(view.status) ? 'false' : 'true'}
    >
      <h2 id={`${ids}-title`}>{view ? `Import of ${view.fileName}` : 'Import'}</h2>
      <Status text={view ? progressOf(view) : state.error ? undefined : 'Loading the import…'} />
      <ErrorText text={state.error} />
      {view ? (
        <>
          <dl class="import-counts" aria-label="Counts">
            <div>
              <dt>Status</dt>
              <dd>{STATUS_LABELS[view.status]}</dd>
            </div>
            <div>
              <dt>Mode</dt>
              <dd>{view.mode === 'check' ? 'Check only' : 'Add'}</dd>
            </div>
            {countsOf(view.mode, view.counts).map(({ label, value }) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value.toLocaleString('en')}</dd>
              </div>
            ))}
          </dl>
          {view.results ? (
            <p>
              <a href={view.results.url} download={`${view.fileName}-results.csv`}>
                Download the results (CSV)
              </a>{' '}
              <span class="muted">
                one row per line of the file; the link works until {formatDateTime(view.results.expiresAt)}
              </span>
            </p>
          ) : null}
          {view.filesErased ? (
            <p class="muted">
              The result file was deleted by an erasure on {formatDateTime(view.filesErased.at)}; the counts
              above stay.
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

type ListState = PagedList<ImportView>;

function ImportList(props: { reloads: number }) {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const ids = useId();
  const [list, setList] = useState<ListState>({ items: [], cursor: null, loading: 'first' });

  useEffect(() => {
    const controller = new AbortController();
    setList((current) => ({ items: current.items, cursor: current.cursor, loading: 'first' }));
    fetchImports(api, null, controller.signal).then(
      (page) => setList({ items: page.items, cursor: page.nextCursor, loading: false }),
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setList({ items: [], cursor: null, loading: false, error: messageOf(cause, role, 'read imports') });
      },
    );
    return () => controller.abort();
  }, [api, role, props.reloads]);

  const loadMore = () =>
    loadNextPage(
      list,
      setList,
      (cursor) => fetchImports(api, cursor, new AbortController().signal),
      (cause) => messageOf(cause, role, 'read imports'),
    );

  const count = list.items.length;
  const status =
    list.loading === 'first'
      ? 'Loading…'
      : list.error
        ? undefined
        : count === 0
          ? 'No imports yet.'
          : `Showing ${count} import${count === 1 ? '' : 's'}${list.cursor ? '; more can be loaded' : ''}.`;

  return (
    <>
      <h2 id={`${ids}-title`}>Past imports</h2>
      <ErrorText text={list.error} />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section class="table-wrap" aria-labelledby={`${ids}-caption`} tabIndex={0}>
        <table aria-busy={list.loading === 'first' ? 'true' : 'false'}>
          <caption id={`${ids}-caption`}>Imports, newest first (times in UTC)</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Created</th>
              <th scope="col">Mode</th>
              <th scope="col">Status</th>
              <th scope="col">Lines</th>
              <th scope="col">Added or blocked</th>
              <th scope="col">Invalid</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={item.importId}>
                <th scope="row">
                  <a href={importPath(item.importId)}>{item.fileName}</a>
                </th>
                <td>
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                </td>
                <td>{item.mode === 'check' ? 'Check only' : 'Add'}</td>
                <td>{STATUS_LABELS[item.status]}</td>
                <td>{item.counts.lines.toLocaleString('en')}</td>
                <td>
                  {(item.mode === 'check' ? (item.counts.blocked ?? 0) : item.counts.added).toLocaleString(
                    'en',
                  )}
                </td>
                <td>{item.counts.invalid.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ListFoot
        status={status}
        cursor={list.cursor}
        loading={list.loading}
        error={list.moreError}
        onMore={() => void loadMore()}
      />
    </>
  );
}
