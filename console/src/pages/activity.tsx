import { useEffect, useRef, useState } from 'preact/hooks';
import { Page } from '../components/page';
import { ACTION_LABELS, ACTIONS } from '../lib/activity';
import { ActivityList } from '../timeline/activity-list';

interface ActivityFilters {
  readonly action: string;
  readonly actor: string;
  readonly from: string;
  readonly to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TYPING_DELAY_MS = 300;

/** The API's query for these filters, blank fields left out; kept in the page's address too. */
export const activityQueryOf = (filters: ActivityFilters): string => {
  const query = new URLSearchParams();
  if ((ACTIONS as readonly string[]).includes(filters.action)) query.set('action', filters.action);
  const actor = filters.actor.trim();
  if (actor) query.set('actor', actor);
  if (DAY.test(filters.from)) query.set('from', filters.from);
  if (DAY.test(filters.to)) query.set('to', filters.to);
  return query.toString();
};

const filtersFromAddress = (): ActivityFilters => {
  const query = new URLSearchParams(location.search);
  const text = (name: string) => query.get(name) ?? '';
  return { action: text('action'), actor: text('actor'), from: text('from'), to: text('to') };
};

export function ActivityPage() {
  const [filters, setFilters] = useState<ActivityFilters>(filtersFromAddress);
  const query = activityQueryOf(filters);
  // The Actor box is debounced: the list follows the query once typing pauses.
  const [applied, setApplied] = useState(query);
  const delay = useRef(0);

  useEffect(() => {
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}`);
    const timer = setTimeout(() => setApplied(query), delay.current);
    delay.current = 0;
    return () => clearTimeout(timer);
  }, [query]);

  const change = (name: keyof ActivityFilters, value: string, typing = false) => {
    delay.current = typing ? TYPING_DELAY_MS : 0;
    setFilters({ ...filters, [name]: value });
  };
  const filtered = query !== '';

  return (
    <Page title="Activity">
      <p class="lede">
        The workspace's audit trail, newest first: every change and every refused change, who or what made it,
        and when (times in UTC).
      </p>
      <search aria-label="Filter activity">
        <form class="filters filters-compact" onSubmit={(event) => event.preventDefault()}>
          <div class="field">
            <label for="activity-action">Action</label>
            <select
              id="activity-action"
              value={filters.action}
              onChange={(event) => change('action', event.currentTarget.value)}
            >
              <option value="">All actions</option>
              {ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABELS[action]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="activity-actor">Actor</label>
            <input
              id="activity-actor"
              type="text"
              maxLength={128}
              spellcheck={false}
              placeholder="user, api, recipient, system or an id"
              aria-describedby="activity-actor-hint"
              value={filters.actor}
              onInput={(event) => change('actor', event.currentTarget.value, true)}
            />
            <span id="activity-actor-hint" class="visually-hidden">
              user, api, recipient or system for every actor of that type, or a user id, API client id or
              system name such as ses
            </span>
          </div>
          <div class="field">
            <label for="activity-from">From</label>
            <input
              id="activity-from"
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onInput={(event) => change('from', event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="activity-to">To</label>
            <input
              id="activity-to"
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onInput={(event) => change('to', event.currentTarget.value)}
            />
          </div>
          {filtered ? (
            <div class="field field-action">
              <button
                type="button"
                class="quiet"
                onClick={() => setFilters({ action: '', actor: '', from: '', to: '' })}
              >
                Clear filters
              </button>
            </div>
          ) : null}
        </form>
      </search>
      <ActivityList
        path="/v1/activity"
        query={applied}
        label="Activity, newest first"
        empty={applied ? 'No activity matches these filters.' : 'No activity yet.'}
      />
    </Page>
  );
}
