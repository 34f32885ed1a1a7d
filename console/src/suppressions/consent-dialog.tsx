import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { Modal } from '../components/modal';
import { ErrorText, ResultList, Status } from '../components/results';
import { useSignedIn } from '../context';
import { chunked } from '../lib/csv';
import { describeRemove, type ResultLine, tally } from '../lib/describe';
import type { RemoveResult, Results } from '../lib/types';

const VALUES_PER_CALL = 1_000;

/** Today in the browser's own calendar, `YYYY-MM-DD`: the latest day consent can have been given. */
const today = (): string => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/** Midnight of that day where the admin is, as an instant: never in the future for today's date. */
const instantOf = (day: string): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date).toISOString();
};

/**
 * Re-subscribe with consent (admin only): lifts what the recipient owns (their unsubscribe, a spam complaint)
 * on the recipient's written consent, whose evidence and date stay in the activity log forever. A bounce is not
 * lifted this way.
 */
export function ConsentDialog(props: { values: readonly string[]; onClose: () => void; onDone: () => void }) {
  const { api, session } = useSignedIn();
  const [evidence, setEvidence] = useState('');
  const [obtainedOn, setObtainedOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [lines, setLines] = useState<ResultLine[]>([]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setLines([]);
    if (!evidence.trim()) {
      setError('Describe the evidence of consent (where the signed form or message is kept).');
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(obtainedOn) || obtainedOn > today()) {
      setError('Give the day the consent was obtained (today or earlier).');
      return;
    }
    setBusy(true);
    setStatus(`Re-subscribing ${props.values.length} value${props.values.length === 1 ? '' : 's'}…`);
    const answered: ResultLine[] = [];
    try {
      for (const chunk of chunked(props.values, VALUES_PER_CALL)) {
        const { results } = await api.json<Results<RemoveResult>>('/v1/suppressions/remove', {
          method: 'POST',
          json: { values: chunk, consent: { evidence: evidence.trim(), obtainedAt: instantOf(obtainedOn) } },
        });
        answered.push(...results.map((result) => describeRemove(result)));
        setLines([...answered]);
      }
      setStatus(`Done: ${tally(answered)}.`);
    } catch (cause) {
      setStatus(undefined);
      setError(messageOf(cause, session.identity.role, "re-subscribe with the recipient's consent"));
    } finally {
      setBusy(false);
      if (answered.length > 0) props.onDone();
    }
  };

  return (
    <Modal title="Re-subscribe with consent" onClose={props.onClose} wide>
      <form onSubmit={submit} class="stack" aria-busy={busy}>
        <p class="hint">
          Only when the recipient asked in writing to be contacted again. Their unsubscribe or complaint is
          lifted; the evidence, the date and your name stay in the activity log forever. A bounce is not
          lifted this way.
        </p>
        <p>
          {props.values.length === 1 ? 'Value' : `${props.values.length} values`}:{' '}
          <span class="values-inline">{props.values.join(', ')}</span>
        </p>
        <div class="field">
          <label for="consent-evidence">Evidence</label>
          <textarea
            id="consent-evidence"
            rows={3}
            maxLength={2000}
            autofocus
            placeholder="Signed form #4711 in the CRM"
            value={evidence}
            onInput={(event) => setEvidence(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="consent-date">Consent obtained on</label>
          <input
            id="consent-date"
            type="date"
            max={today()}
            value={obtainedOn}
            onInput={(event) => setObtainedOn(event.currentTarget.value)}
          />
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            Re-subscribe
          </button>
        </div>
        <Status text={status} />
        <ErrorText text={error} />
        <ResultList label="Re-subscribe results" lines={lines} />
      </form>
    </Modal>
  );
}
