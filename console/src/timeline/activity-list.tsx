import { useEffect, useState } from 'preact/hooks';
import { type Api, messageOf } from '../api';
import { ErrorText, ListFoot } from '../components/results';
import { useSignedIn } from '../context';
import { type ActivityItem, type ActivityPage, activitySentence } from '../lib/activity';
import './timeline.css';
import { fetchFilledPage, loadNextPage, type PagedList } from '../lib/paged-list';

const PAGE_SIZE = 25;
/** `action` and `actor` are filters: a page may be short, even empty, with a cursor. Follow it a few times. */
const MAX_CALLS_PER_LOAD = 5;

const fetchEvents = (api: Api, path: string, query: string, cursor: string | null, signal: AbortSignal) =>
  fetchFilledPage<ActivityItem>(
    (route, options) => api.json<ActivityPage>(route, options),
    { path, query, pageSize: PAGE_SIZE, maxCalls: MAX_CALLS_PER_LOAD },
    cursor,
    signal,
  );

type EventsState = PagedList<ActivityItem>;

/**
 * A timeline (the workspace's or a contact's), newest first, one event a sentence, with **Load more**. `path` and
 * `query` say what to read; `reloads` reads it again (after a change on the page).
 */
export function ActivityList(props: {
  path: string;
  query?: string;
  label: string;
  empty: string;
  reloads?: number;
}) {
  const { api, session } = useSignedIn();
  const { role } = session.identity;
  const query = props.query ?? '';
  const [state, setState] = useState<EventsState>({ items: [], cursor: null, loading: 'first' });

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ items: current.items, cursor: current.cursor, loading: 'first' }));
    fetchEvents(api, props.path, query, null, controller.signal).then(
      (page) => setState({ items: page.items, cursor: page.nextCursor, loading: false }),
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          items: [],
          cursor: null,
          loading: false,
          error: messageOf(cause, role, 'read the activity'),
        });
      },
    );
    return () => controller.abort();
  }, [api, props.path, query, props.reloads, role]);

  const loadMore = () =>
    loadNextPage(
      state,
      setState,
      (cursor) => fetchEvents(api, props.path, query, cursor, new AbortController().signal),
      (cause) => messageOf(cause, role, 'read the activity'),
    );

  const count = state.items.length;
  const status =
    state.loading === 'first'
      ? 'Loading activity…'
      : state.error
        ? undefined
        : count === 0
          ? props.empty
          : `Showing ${count.toLocaleString('en')} event${count === 1 ? '' : 's'}${state.cursor ? '; more can be loaded' : ''}.`;
  const now = new Date();

  return (
    <>
      <ErrorText text={state.error} />
      <ol class="timeline" aria-label={props.label} aria-busy={state.loading === 'first' ? 'true' : 'false'}>
        {state.items.map((item) => (
          <li key={item.id} class={`event event-${item.action}`}>
            <span class="event-text">{activitySentence(item, now)}</span>
            {item.userAgent ? <span class="event-detail">Browser: {item.userAgent}</span> : null}
          </li>
        ))}
      </ol>
      <ListFoot
        status={status}
        cursor={state.cursor}
        loading={state.loading}
        error={state.moreError}
        onMore={() => void loadMore()}
      />
    </>
  );
}
