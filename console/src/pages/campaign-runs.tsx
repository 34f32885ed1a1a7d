import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { type Api, messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, ListFoot, Status } from '../components/results';
import { useSignedIn } from '../context';
import { formatDateTime } from '../lib/describe';
import { type FilteredReport, groupByReason, type RunItem, type RunPage, reasonLabel } from '../lib/runs';
import { PAGES } from '../paths';
import '../timeline/timeline.css';
import { loadNextPage, type PagedList } from '../lib/paged-list';

const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const fetchRuns = (
  api: Api,
  range: { from: string; to: string },
  cursor: string | null,
  signal: AbortSignal,
) => {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (DAY.test(range.from)) query.set('from', range.from);
  if (DAY.test(range.to)) query.set('to', range.to);
  if (cursor) query.set('cursor', cursor);
  return api.json<RunPage>('/v1/runs', { query, signal });
};

type ListState = PagedList<RunItem>;

const reportPath = (run: Pick<RunItem, 'campaignId' | 'runId'>) =>
  `${PAGES.campaignRuns.path}?${new URLSearchParams({ campaign: run.campaignId, run: run.runId })}`;

export function CampaignRunsPage() {
  const { query } = useLocation();
  const campaign = query.campaign;
  const run = query.run;
  return (
    <Page title="Campaign runs">
      {campaign && run ? <RunReport campaignId={campaign} runId={run} /> : <RunList />}
    </Page>
  );
}

function RunList() {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const [range, setRange] = useState({ from: '', to: '' });
  const [list, setList] = useState<ListState>({ items: [], cursor: null, loading: 'first' });

  useEffect(() => {
    const controller = new AbortController();
    setList((current) => ({ items: current.items, cursor: current.cursor, loading: 'first' }));
    fetchRuns(api, range, null, controller.signal).then(
      (page) => setList({ items: page.items, cursor: page.nextCursor, loading: false }),
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setList({
          items: [],
          cursor: null,
          loading: false,
          error: messageOf(cause, role, 'read campaign runs'),
        });
      },
    );
    return () => controller.abort();
  }, [api, range, role]);

  const loadMore = () =>
    loadNextPage(
      list,
      setList,
      (cursor) => fetchRuns(api, range, cursor, new AbortController().signal),
      (cause) => messageOf(cause, role, 'read campaign runs'),
    );

  const count = list.items.length;
  const status =
    list.loading === 'first'
      ? 'Loading…'
      : list.error
        ? undefined
        : count === 0
          ? range.from || range.to
            ? 'No runs in these dates.'
            : 'No campaign runs yet.'
          : `Showing ${count} run${count === 1 ? '' : 's'}${list.cursor ? '; more can be loaded' : ''}.`;

  return (
    <>
      <p class="lede">
        Every run of the pre-send filter, newest first: how many recipients each campaign sent in, how many
        could be contacted, and how many were filtered out. Open a run to see its filtered contacts by reason.
      </p>
      <search aria-label="Filter runs">
        <form class="filters filters-compact" onSubmit={(event) => event.preventDefault()}>
          <div class="field">
            <label for="runs-from">From</label>
            <input
              id="runs-from"
              type="date"
              value={range.from}
              max={range.to || undefined}
              onInput={(event) => setRange({ ...range, from: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="runs-to">To</label>
            <input
              id="runs-to"
              type="date"
              value={range.to}
              min={range.from || undefined}
              onInput={(event) => setRange({ ...range, to: event.currentTarget.value })}
            />
          </div>
        </form>
      </search>
      <ErrorText text={list.error} />

      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section class="table-wrap" aria-labelledby="runs-caption" tabIndex={0}>
        <table aria-busy={list.loading === 'first' ? 'true' : 'false'}>
          <caption id="runs-caption">Campaign runs, newest first (times in UTC)</caption>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Date</th>
              <th scope="col">Category</th>
              <th scope="col">Received</th>
              <th scope="col">Eligible</th>
              <th scope="col">Filtered</th>
              <th scope="col">Report</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={item.runId}>
                <th scope="row" class="value">
                  {item.campaignId}
                </th>
                <td>
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                </td>
                <td>{item.category ?? '—'}</td>
                <td>{item.summary.received.toLocaleString('en')}</td>
                <td>{item.summary.eligible.toLocaleString('en')}</td>
                <td>{item.summary.filtered.toLocaleString('en')}</td>
                <td>
                  <a href={reportPath(item)}>
                    Open run <span class="run-id">{item.runId}</span>
                  </a>
                </td>
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

function RunReport(props: { campaignId: string; runId: string }) {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const [state, setState] = useState<{ report?: FilteredReport; error?: string; loading: boolean }>({
    loading: true,
  });

  useEffect(() => {
    const controller = new AbortController();
    setState({ loading: true });
    api
      .json<FilteredReport>(
        `/v1/campaigns/${encodeURIComponent(props.campaignId)}/runs/${encodeURIComponent(props.runId)}/filtered`,
        { signal: controller.signal },
      )
      .then(
        (report) => setState({ report, loading: false }),
        (cause: unknown) => {
          if (controller.signal.aborted) return;
          setState({ loading: false, error: messageOf(cause, role, "read a run's filtered contacts") });
        },
      );
    return () => controller.abort();
  }, [api, props.campaignId, props.runId, role]);

  const { report } = state;
  const groups = report ? groupByReason(report.filtered) : [];
  return (
    <section class="section" aria-labelledby="report-title" aria-busy={state.loading ? 'true' : 'false'}>
      <p>
        <a href={PAGES.campaignRuns.path}>Back to all runs</a>
      </p>
      <h2 id="report-title">
        Filtered contacts: campaign {props.campaignId}
        {report ? `, ${formatDateTime(report.createdAt)}` : ''}
      </h2>
      <Status
        text={
          state.loading
            ? 'Loading the report…'
            : report
              ? `${report.summary.received.toLocaleString('en')} received, ${report.summary.eligible.toLocaleString('en')} eligible, ${report.summary.filtered.toLocaleString('en')} filtered.`
              : undefined
        }
      />
      <ErrorText text={state.error} />
      {report && groups.length === 0 ? <p class="muted">No contact was filtered out of this run.</p> : null}
      {groups.map((group) => (
        <div class="report-reason" key={group.reason}>
          <h3>
            {reasonLabel(group.reason)} ({group.contactIds.length.toLocaleString('en')})
          </h3>
          <ul class="id-list" aria-label={`Contacts filtered as ${reasonLabel(group.reason)}`}>
            {group.contactIds.map((contactId) => (
              <li key={contactId}>
                <a href={`${PAGES.contacts.path}?${new URLSearchParams({ id: contactId })}`}>{contactId}</a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
