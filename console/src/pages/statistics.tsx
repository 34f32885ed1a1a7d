import { useEffect, useMemo, useState } from 'preact/hooks';
import { SOURCES } from '#domain/sources';
import { messageOf } from '../api';
import { Page } from '../components/page';
import { ErrorText, Status } from '../components/results';
import { useSignedIn } from '../context';
import { Chart, type ChartSpec } from '../statistics/chart';
import {
  alertSentence,
  COMPLAINT_LINES,
  count,
  defaultRange,
  line,
  percent,
  SOURCE_NAMES,
  type Stats,
} from '../statistics/format';
import './statistics.css';

/** One colour per source, distinguishable and readable on white. */
const SOURCE_COLORS = ['#2f5d62', '#1d6fd6', '#8a5300', '#6b4fbb', '#b42318', '#c2185b', '#59606a'];

const chartsOf = (stats: Stats) => {
  const days = stats.days.map((day) => day.date);
  const unsubscribes: ChartSpec = {
    days,
    unit: 'count',
    series: SOURCES.map((source, index) => ({
      label: SOURCE_NAMES[source],
      color: SOURCE_COLORS[index] ?? '#59606a',
      values: stats.days.map((day) => day.bySource[source]),
    })),
  };
  const feedback: ChartSpec = {
    days,
    unit: 'count',
    series: [
      { label: 'Bounces', color: '#8a5300', values: stats.days.map((day) => day.bounces) },
      { label: 'Complaints', color: '#b42318', values: stats.days.map((day) => day.complaints) },
    ],
  };
  const rate: ChartSpec = {
    days,
    unit: 'percent',
    minMax: (COMPLAINT_LINES.critical ?? 0.003) * 100 * 1.25,
    series: [
      {
        label: 'Complaint rate',
        color: '#b42318',
        values: stats.days.map((day) => (day.complaintRate === null ? null : day.complaintRate * 100)),
      },
      ...(['warning', 'critical'] as const).map((level) => ({
        label: `${level === 'warning' ? 'Warning' : 'Limit'} ${line(COMPLAINT_LINES[level])}`,
        color: level === 'warning' ? '#8a5300' : '#1f2328',
        values: days.map(() => COMPLAINT_LINES[level] * 100),
        constant: true,
      })),
    ],
  };
  return { unsubscribes, feedback, rate };
};

/** Campaigns seen so far, for the Campaign filter: the narrowed answer only lists the one asked for. */
const mergeCampaigns = (known: readonly string[], stats: Stats) =>
  [...new Set([...known, ...stats.campaigns.map((campaign) => campaign.campaignId)])].sort();

export function StatisticsPage() {
  const { api, session } = useSignedIn();
  const [range, setRange] = useState(defaultRange);
  const [campaignId, setCampaignId] = useState('');
  const [stats, setStats] = useState<Stats>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [campaigns, setCampaigns] = useState<readonly string[]>([]);

  useEffect(() => {
    if (!range.from || !range.to) return undefined;
    const controller = new AbortController();
    const query = new URLSearchParams({ from: range.from, to: range.to });
    if (campaignId) query.set('campaignId', campaignId);
    setLoading(true);
    api.json<Stats>('/v1/stats', { query, signal: controller.signal }).then(
      (answer) => {
        setStats(answer);
        setCampaigns((known) => mergeCampaigns(known, answer));
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(messageOf(failure, session.identity.role, 'read the statistics'));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, range.from, range.to, campaignId]);

  const charts = useMemo(() => (stats ? chartsOf(stats) : undefined), [stats]);
  const sent = stats?.days.reduce((sum, day) => sum + day.sends, 0) ?? 0;
  const peakRate = stats?.days.reduce<number | null>(
    (peak, day) => (day.complaintRate === null ? peak : Math.max(peak ?? 0, day.complaintRate)),
    null,
  );

  return (
    <Page title="Statistics">
      <p class="lede">
        What happened to your mail per day (UTC): recipients' unsubscribes and every other suppression by
        source, SES bounces and complaints, and the rates mailbox providers watch.
      </p>

      <section class="alerts" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts</h2>
        {stats && stats.alerts.length > 0 ? (
          <ul class="alert-list" aria-label="Alerts">
            {stats.alerts.map((alert) => (
              <li
                key={`${alert.kind}-${alert.day}-${alert.campaignId ?? ''}`}
                class={`alert alert-${alert.level}`}
              >
                <span class="alert-level">{alert.level === 'critical' ? 'Critical' : 'Warning'}</span>{' '}
                {alertSentence(alert)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{stats ? 'No rate crossed a line in this range.' : ''}</p>
        )}
      </section>

      <search aria-label="Filter statistics">
        <form class="filters stats-filters" onSubmit={(event) => event.preventDefault()}>
          <div class="field">
            <label for="stats-from">From</label>
            <input
              id="stats-from"
              type="date"
              value={range.from}
              max={range.to || undefined}
              onChange={(event) => setRange({ ...range, from: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="stats-to">To</label>
            <input
              id="stats-to"
              type="date"
              value={range.to}
              min={range.from || undefined}
              onChange={(event) => setRange({ ...range, to: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="stats-campaign">Campaign</label>
            <select
              id="stats-campaign"
              value={campaignId}
              onChange={(event) => setCampaignId(event.currentTarget.value)}
            >
              <option value="">All campaigns</option>
              {campaigns.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </div>
        </form>
      </search>
      <ErrorText text={error} />
      <Status
        text={
          loading
            ? 'Loading statistics…'
            : stats
              ? `${stats.from} to ${stats.to}${stats.campaignId ? `, campaign ${stats.campaignId}` : ''}: ${count(sent)} sends, ${count(stats.totals.total)} suppressions.`
              : undefined
        }
      />

      {stats && charts ? (
        <div aria-busy={loading ? 'true' : 'false'}>
          <div class="charts">
            <Chart
              title="Unsubscribes by source per day"
              description={`${count(stats.totals.total)} suppressions in the range: ${
                SOURCES.filter((source) => stats.totals.bySource[source] > 0)
                  .map((source) => `${SOURCE_NAMES[source]} ${count(stats.totals.bySource[source])}`)
                  .join(', ') || 'none'
              }.`}
              spec={charts.unsubscribes}
            />
            <Chart
              title="Bounces and complaints per day"
              description={`${count(stats.days.reduce((sum, day) => sum + day.bounces, 0))} bounces and ${count(stats.days.reduce((sum, day) => sum + day.complaints, 0))} complaints in the range.`}
              spec={charts.feedback}
            />
            <Chart
              title="Complaint rate per day"
              description={`Dashed lines at ${line(COMPLAINT_LINES.warning)} (warning) and ${line(COMPLAINT_LINES.critical)} (limit); highest day ${percent(peakRate ?? null)}.`}
              spec={charts.rate}
            />
          </div>

          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
          <section class="table-wrap" aria-labelledby="campaigns-caption" tabIndex={0}>
            <table class="campaigns">
              <caption id="campaigns-caption">Per campaign, over the range (rates against sends)</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Sends</th>
                  <th scope="col">Deliveries</th>
                  <th scope="col">Bounces</th>
                  <th scope="col">Bounce rate</th>
                  <th scope="col">Complaints</th>
                  <th scope="col">Complaint rate</th>
                  <th scope="col">Unsubscribes</th>
                  <th scope="col">Unsubscribe rate</th>
                  <th scope="col">Suppressions</th>
                </tr>
              </thead>
              <tbody>
                {stats.campaigns.length === 0 ? (
                  <tr>
                    <td colSpan={10}>No campaign sent or lost a recipient in this range.</td>
                  </tr>
                ) : (
                  stats.campaigns.map((campaign) => (
                    <tr key={campaign.campaignId}>
                      <th scope="row">{campaign.campaignId}</th>
                      <td>{count(campaign.sends)}</td>
                      <td>{count(campaign.deliveries)}</td>
                      <td>{count(campaign.bounces)}</td>
                      <td>{percent(campaign.bounceRate)}</td>
                      <td>{count(campaign.complaints)}</td>
                      <td>{percent(campaign.complaintRate)}</td>
                      <td>{count(campaign.unsubscribes)}</td>
                      <td>{percent(campaign.unsubscribeRate)}</td>
                      <td>{count(campaign.total)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </section>
        </div>
      ) : null}
    </Page>
  );
}
