import { useEffect, useState } from 'preact/hooks';
import type { ConsoleConfig } from '../lib/config';
import { BASE } from '../paths';
import { completeOidcSignIn, type Session } from '../session';

/** `/console/callback`: where the identity provider sends the browser back with the authorization code. */
export function CallbackPage(props: {
  config: ConsoleConfig;
  onSignedIn: (session: Session, returnTo: string) => void;
}) {
  const [error, setError] = useState<string>();
  const { config, onSignedIn } = props;
  useEffect(() => {
    document.title = 'Signing in · Quietlist';
    if (!config.oidc) {
      setError('No identity provider is configured for this console.');
      return;
    }
    completeOidcSignIn(config.oidc).then(
      ({ session, returnTo }) => onSignedIn(session, returnTo),
      (cause: Error) => setError(cause.message),
    );
    // Once: an authorization code is good for one exchange.
  }, []);
  return (
    <main id="main" class="narrow">
      <h1>Signing in</h1>
      {error ? (
        <>
          <p role="alert">Sign-in did not complete: {error}</p>
          <p>
            <a href={BASE}>Back to sign-in</a>
          </p>
        </>
      ) : (
        <p role="status">Completing sign-in…</p>
      )}
    </main>
  );
}
