import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { Modal } from '../components/modal';
import { ErrorText, ResultList, Status } from '../components/results';
import { useSignedIn } from '../context';
import { chunked, linesOf } from '../lib/csv';
import { describeCheck, type ResultLine, tally } from '../lib/describe';
import type { CheckResult, Results } from '../lib/types';

const VALUES_PER_CALL = 10_000;

/** Check a list: which of these values are blocked, and by what (the workspace's list and the global one). */
export function CheckDialog(props: { onClose: () => void }) {
  const { api, session } = useSignedIn();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [lines, setLines] = useState<ResultLine[]>([]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const values = linesOf(text);
    setLines([]);
    setError(undefined);
    if (values.length === 0) {
      setError('Type at least one value to check, one per line.');
      return;
    }
    setBusy(true);
    setStatus(`Checking ${values.length} value${values.length === 1 ? '' : 's'}…`);
    const answered: ResultLine[] = [];
    try {
      for (const chunk of chunked(values, VALUES_PER_CALL)) {
        const { results } = await api.json<Results<CheckResult>>('/v1/suppressions/check', {
          method: 'POST',
          json: { values: chunk },
        });
        answered.push(...results.map(describeCheck));
        setLines([...answered]);
      }
      setStatus(`Done: ${tally(answered)}.`);
    } catch (cause) {
      setStatus(undefined);
      setError(messageOf(cause, session.identity.role, 'check values'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Check a list" onClose={props.onClose} wide>
      <form onSubmit={submit} class="stack" aria-busy={busy}>
        <p class="hint">
          Before an import or a send: paste values, one per line, to see which are blocked and why. Nothing is
          changed.
        </p>
        <div class="field">
          <label for="check-values">Values to check</label>
          <textarea
            id="check-values"
            rows={8}
            autofocus
            spellcheck={false}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            Check
          </button>
        </div>
        <Status text={status} />
        <ErrorText text={error} />
        <ResultList label="Check results" lines={lines} />
      </form>
    </Modal>
  );
}
