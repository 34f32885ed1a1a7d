import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { Modal } from '../components/modal';
import { ErrorText, ResultList, Status } from '../components/results';
import { useSignedIn } from '../context';
import { chunked, linesOf, valuesFromFile } from '../lib/csv';
import { describeAdd, type ResultLine, tally } from '../lib/describe';
import type { AddResult, Results } from '../lib/types';

/** The API's cap per bulk add (ADMIN_LIMITS.bulkValues); longer lists go in several calls, in order. */
const VALUES_PER_CALL = 10_000;

/** Add: values typed one per line (or read from a .csv/.txt file), one result per line. */
export function AddDialog(props: { onClose: () => void; onAdded: () => void }) {
  const { api, session } = useSignedIn();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<string>();
  const [lines, setLines] = useState<ResultLine[]>([]);

  const loadFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setError(undefined);
    try {
      const values = valuesFromFile(file.name, await file.text());
      setText(values.join('\n'));
      setStatus(`Read ${values.length} value${values.length === 1 ? '' : 's'} from ${file.name}.`);
    } catch (cause) {
      setError(`Could not read ${file.name}: ${(cause as Error).message}`);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const values = linesOf(text);
    setLines([]);
    setError(undefined);
    if (values.length === 0) {
      setError('Type at least one value, one per line.');
      return;
    }
    setBusy(true);
    setStatus(`Adding ${values.length} value${values.length === 1 ? '' : 's'}…`);
    setProgress({ done: 0, total: values.length });
    const answered: ResultLine[] = [];
    try {
      for (const chunk of chunked(values, VALUES_PER_CALL)) {
        const { results } = await api.json<Results<AddResult>>('/v1/suppressions', {
          method: 'POST',
          json: note.trim() ? { values: chunk, note: note.trim() } : { values: chunk },
        });
        answered.push(...results.map(describeAdd));
        setProgress({ done: answered.length, total: values.length });
        setLines([...answered]);
      }
      setStatus(`Done: ${tally(answered)}.`);
    } catch (cause) {
      setStatus(
        answered.length > 0 ? `Stopped after ${answered.length} values: ${tally(answered)}.` : undefined,
      );
      setError(messageOf(cause, session.identity.role, 'add suppressions'));
    } finally {
      setBusy(false);
      setProgress(undefined);
      if (answered.length > 0) props.onAdded();
    }
  };

  return (
    <Modal title="Add suppressions" onClose={props.onClose} wide>
      <form onSubmit={submit} class="stack" aria-busy={busy}>
        <div class="field">
          <label for="add-values">Values</label>
          <p class="hint" id="add-values-hint">
            One per line: an email address, a domain written <code>@example.com</code> (or{' '}
            <code>@*.example.com</code> for it and every subdomain), a phone number or a LinkedIn profile URL.
          </p>
          <textarea
            id="add-values"
            rows={8}
            autofocus
            spellcheck={false}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
            aria-describedby="add-values-hint"
          />
        </div>
        <div class="field">
          <label for="add-file">Or read them from a file (.csv or .txt)</label>
          <input
            id="add-file"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={(event) => void loadFile(event.currentTarget)}
          />
        </div>
        <div class="field">
          <label for="add-note">Note (optional, kept with each entry)</label>
          <input
            id="add-note"
            type="text"
            maxLength={1000}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            Add values
          </button>
          {progress ? (
            <progress aria-label="Adding values" max={progress.total} value={progress.done} />
          ) : null}
        </div>
        <Status text={status} />
        <ErrorText text={error} />
        <ResultList label="Add results" lines={lines} />
      </form>
    </Modal>
  );
}
