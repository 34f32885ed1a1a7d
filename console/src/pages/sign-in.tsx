import { useEffect, useState } from 'preact/hooks';
import { ApiError, createApi, messageOf } from '../api';
import { ErrorText } from '../components/results';
import type { ConsoleConfig } from '../lib/config';
import { devSession, rememberDevSession, type Session, startOidcSignIn } from '../session';

/**
 * Signing in. With an identity provider (config.json's `oidc`), one button that goes there; without one, the
 * development sign-in: paste a token from `npm run token`. The token is tried against the API before it is
 * kept, so a token signed with another key, expired, or of a role that cannot read the list is refused here.
 */
export function SignInPage(props: {
  config: ConsoleConfig;
  returnTo: string;
  notice: string | undefined;
  onSignedIn: (session: Session) => void;
}) {
  useEffect(() => {
    document.title = 'Sign in · Quietlist';
  }, []);
  return (
    <main id="main" class="narrow sign-in">
      <p class="brand">Quietlist</p>
      <h1>Sign in</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.config.oidc ? (
        <OidcSignIn config={props.config} returnTo={props.returnTo} />
      ) : (
        <DevelopmentSignIn config={props.config} onSignedIn={props.onSignedIn} />
      )}
    </main>
  );
}

function OidcSignIn(props: { config: ConsoleConfig; returnTo: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const oidc = props.config.oidc;
  if (!oidc) return null;
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await startOidcSignIn(oidc, props.returnTo);
    } catch (cause) {
      setBusy(false);
      setError(
        `Could not reach the identity provider (${new URL(oidc.issuer).host}): ${(cause as Error).message}`,
      );
    }
  };
  return (
    <section aria-labelledby="oidc-title">
      <h2 id="oidc-title" class="visually-hidden">
        Your organization's account
      </h2>
      <p>Sign in with your organization's account to manage your workspace's suppression list.</p>
      <button type="button" class="primary" onClick={start} disabled={busy} aria-describedby="oidc-error">
        Sign in
      </button>
      <ErrorText id="oidc-error" text={error} />
    </section>
  );
}

function DevelopmentSignIn(props: { config: ConsoleConfig; onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const { session, error: invalid } = devSession(token);
    if (!session) {
      setError(invalid);
      return;
    }
    setBusy(true);
    try {
      // Any role that may use the console may read the list: one entry proves the API accepts the token.
      const api = createApi({
        apiUrl: props.config.apiUrl,
        token: () => session.token,
        onUnauthorized: () => {},
      });
      await api.request('/v1/suppressions', { query: new URLSearchParams({ limit: '1' }) });
    } catch (cause) {
      setBusy(false);
      setError(
        cause instanceof ApiError && cause.status === 401
          ? 'The service did not accept this token: it has expired or was signed with another key. Run npm run token again and paste the new one.'
          : messageOf(cause, session.identity.role, "read this workspace's suppression list"),
      );
      return;
    }
    rememberDevSession(session);
    props.onSignedIn(session);
  };
  return (
    <section aria-labelledby="dev-title">
      <h2 id="dev-title">Development sign-in</h2>
      <p>
        No identity provider is configured. Paste a token from <code>npm run token</code> (for example{' '}
        <code>npm run token -- --tenant acme --role admin</code>).
      </p>
      <form onSubmit={submit} class="stack">
        <div class="field">
          <label for="token">Token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'token-error' : undefined}
          />
        </div>
        <ErrorText id="token-error" text={error} />
        <div>
          <button type="submit" class="primary" disabled={busy}>
            Sign in
          </button>
        </div>
      </form>
    </section>
  );
}
