import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSpec } from './chart';

/**
 * Loaded on demand (`import()` from chart.tsx): uPlot and its stylesheet stay out of the first load. uPlot sizes
 * its elements through the CSSOM (element.style), which a strict CSP allows; its CSS comes as a file.
 */
export const drawChart = (target: HTMLElement, spec: ChartSpec, width: number) => {
  const xs = spec.days.map((day) => Date.parse(`${day}T00:00:00.000Z`) / 1000);
  const data: uPlot.AlignedData = [xs, ...spec.series.map((series) => [...series.values])];
  const format = (value: number | null | undefined) =>
    value === null || value === undefined
      ? '—'
      : spec.unit === 'percent'
        ? `${value.toLocaleString('en', { maximumFractionDigits: 2 })} %`
        : value.toLocaleString('en');
  const options: uPlot.Options = {
    width,
    height: 220,
    // Days are UTC: shift by the local offset so that the axis shows the UTC date (no Intl time-zone lookup).
    tzDate: (ts) => {
      const date = new Date(ts * 1000);
      return new Date(date.getTime() + date.getTimezoneOffset() * 60_000);
    },
    cursor: { drag: { x: false, y: false } },
    legend: { live: false },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max ?? 0, spec.minMax ?? 1)] } },
    axes: [
      { stroke: '#59606a', grid: { stroke: '#e6e6e0' }, ticks: { stroke: '#d8d8d2' } },
      {
        stroke: '#59606a',
        grid: { stroke: '#e6e6e0' },
        ticks: { stroke: '#d8d8d2' },
        size: 56,
        values: (_u, splits) => splits.map((split) => format(split)),
      },
    ],
    series: [
      {
        label: 'Day',
        value: (_u, ts) => (ts === null ? '—' : new Date(ts * 1000).toISOString().slice(0, 10)),
      },
      ...spec.series.map(
        (series): uPlot.Series => ({
          label: series.label,
          stroke: series.color,
          width: series.constant ? 1.5 : 2,
          ...(series.constant ? { dash: [6, 4], points: { show: false } } : { points: { size: 5 } }),
          spanGaps: false,
          value: (_u, value) => format(value),
        }),
      ),
    ],
  };
  const plot = new uPlot(options, data, target);
  return {
    resize: (next: number) => plot.setSize({ width: next, height: 220 }),
    destroy: () => plot.destroy(),
  };
};
