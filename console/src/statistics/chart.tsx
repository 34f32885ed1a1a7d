import { useEffect, useId, useRef, useState } from 'preact/hooks';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  /** A threshold line: drawn dashed, left out of the data table (the caption names it). */
  readonly constant?: boolean;
}

export interface ChartSpec {
  readonly days: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly unit: 'count' | 'percent';
  /** The y axis reaches at least this, so that a flat line of zeros still has a scale (and thresholds show). */
  readonly minMax?: number;
}

const cell = (value: number | null, unit: ChartSpec['unit']) =>
  value === null
    ? '—'
    : unit === 'percent'
      ? `${value.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 2 })} %`
      : value.toLocaleString('en');

/**
 * A chart per day with its text alternative: a `<figure>` named by its `<figcaption>`, the canvas hidden from
 * assistive technology, and the same numbers in a visually hidden table. uPlot is imported when the first chart
 * mounts, never in the first load.
 */
export function Chart(props: { title: string; description: string; spec: ChartSpec }) {
  const { title, description, spec } = props;
  const target = useRef<HTMLDivElement>(null);
  const captionId = useId();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = target.current;
    if (!element) return undefined;
    let chart: { resize(width: number): void; destroy(): void } | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    import('./uplot-chart')
      .then(({ drawChart }) => {
        if (cancelled) return;
        chart = drawChart(element, spec, element.clientWidth || 600);
        observer = new ResizeObserver(() => chart?.resize(element.clientWidth));
        observer.observe(element);
      })
      .catch((error: unknown) => {
        console.error('The chart could not be drawn:', error);
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [spec]);

  const shown = spec.series.filter((series) => !series.constant);
  return (
    <figure class="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <span class="chart-title">{title}</span> <span class="chart-description">{description}</span>
      </figcaption>
      {failed ? (
        <p class="muted">The chart could not be loaded; the numbers are in the table below.</p>
      ) : (
        <div class="chart-canvas" ref={target} aria-hidden="true" />
      )}
      <table class={failed ? undefined : 'visually-hidden'}>
        <caption>{title}, per day (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {shown.map((series) => (
              <th scope="col" key={series.label}>
                {series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.days.map((day, index) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {shown.map((series) => (
                <td key={series.label}>{cell(series.values[index] ?? null, spec.unit)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
