import type { ResultLine } from '../lib/describe';

/** One line per value of a bulk answer: the value, what happened, and why. */
export function ResultList(props: { label: string; lines: readonly ResultLine[] }) {
  if (props.lines.length === 0) return null;
  return (
    <ul class="results" aria-label={props.label}>
      {props.lines.map((line, index) => (
        <li key={index} class={`result result-${line.tone}`}>
          <span class="result-value">{line.input}</span>
          <span class="result-outcome">{line.outcome}</span>
          {line.detail ? <span class="result-detail">{line.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** A live status line for progress and summaries; errors go in {@link ErrorText}. */
export function Status(props: { text: string | undefined; id?: string }) {
  return (
    <p class="status" role="status" id={props.id}>
      {props.text ?? ''}
    </p>
  );
}

/** An error shown next to what caused it, announced when it appears. */
export function ErrorText(props: { text: string | undefined; id?: string }) {
  if (!props.text) return null;
  return (
    <p class="error" role="alert" id={props.id}>
      {props.text}
    </p>
  );
}

/**
 * The foot of a paged list: its status line, **Load more** while the API gave a cursor (disabled while a page
 * loads), and the error of the last page asked for, beside the button that asked.
 */
export function ListFoot(props: {
  readonly status: string | undefined;
  readonly cursor: string | null | undefined;
  readonly loading: string | false | undefined;
  readonly error: string | undefined;
  readonly onMore: () => void;
}) {
  return (
    <div class="list-foot">
      <Status text={props.status} />
      {props.cursor && props.loading !== 'first' ? (
        <button type="button" class="secondary" disabled={props.loading === 'more'} onClick={props.onMore}>
          Load more
        </button>
      ) : null}
      <ErrorText text={props.error} />
    </div>
  );
}
