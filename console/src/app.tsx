import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso/router';
import { createApi } from './api';
import { SignedInContext } from './context';
import { type ConsoleConfig, parseConfig } from './lib/config';
import { ActivityPage } from './pages/activity';
import { CallbackPage } from './pages/callback';
import { CampaignRunsPage } from './pages/campaign-runs';
import { ContactsPage } from './pages/contacts';
import { ImportsPage } from './pages/imports';
import { NotFoundPage } from './pages/not-found';
import { SettingsPage } from './pages/settings';
import { SignInPage } from './pages/sign-in';
import { StatisticsPage } from './pages/statistics';
import { SuppressionsPage } from './pages/suppressions';
import { BASE, CALLBACK_PATH, PAGES } from './paths';
import { endSession, restoreSession, type Session } from './session';
import { Shell } from './shell';

/** `/console/config.json`, written by whoever serves the console (the local server, the console stack). */
const loadConfig = async (): Promise<ConsoleConfig> => {
  let json: unknown;
  try {
    const response = await fetch(`${BASE}config.json`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    json = await response.json();
  } catch (error) {
    throw new Error(
      `The console could not load its configuration (${BASE}config.json): ${(error as Error).message}.`,
    );
  }
  const parsed = parseConfig(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
};

export function Root() {
  const [state, setState] = useState<{ config?: ConsoleConfig; error?: string }>({});
  useEffect(() => {
    loadConfig().then(
      (config) => setState({ config }),
      (error: Error) => setState({ error: error.message }),
    );
  }, []);
  if (state.error) {
    return (
      <main class="narrow" id="main">
        <h1>The console cannot start</h1>
        <p role="alert">{state.error}</p>
      </main>
    );
  }
  if (!state.config) return <Loading />;
  return (
    <LocationProvider scope={BASE}>
      <Console config={state.config} />
    </LocationProvider>
  );
}

function Loading() {
  return (
    <main class="narrow" id="main" aria-busy="true">
      <p class="boot">Loading the Quietlist console…</p>
    </main>
  );
}

function Console({ config }: { config: ConsoleConfig }) {
  const { path, url, route } = useLocation();
  const onCallback = path === CALLBACK_PATH;
  // undefined while the stored session is being read; null when signed out.
  const [session, setSession] = useState<Session | null | undefined>(onCallback ? null : undefined);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    if (onCallback) return;
    restoreSession(config).then(
      (restored) => setSession(restored ?? null),
      () => setSession(null),
    );
    // Read once, at start; later sign-ins set the session directly.
  }, []);

  const signOut = useCallback(
    (why?: string) => {
      void endSession(config, session ?? undefined).catch(() => undefined);
      setSession(null);
      setNotice(why);
    },
    [config, session],
  );

  const api = useMemo(
    () =>
      session
        ? createApi({
            apiUrl: config.apiUrl,
            token: () => session.token,
            onUnauthorized: () => signOut('Your session has ended. Sign in again.'),
          })
        : undefined,
    [config.apiUrl, session, signOut],
  );

  if (onCallback) {
    return (
      <CallbackPage
        config={config}
        onSignedIn={(signedIn, returnTo) => {
          setSession(signedIn);
          setNotice(undefined);
          route(returnTo, true);
        }}
      />
    );
  }
  if (session === undefined) return <Loading />;
  if (!session || !api) {
    return (
      <SignInPage
        config={config}
        returnTo={url}
        notice={notice}
        onSignedIn={(signedIn) => {
          setSession(signedIn);
          setNotice(undefined);
        }}
      />
    );
  }
  return (
    <SignedInContext.Provider value={{ config, session, api, signOut: () => signOut() }}>
      <Shell>
        <Router>
          <Route path={BASE} component={Home} />
          <Route path={PAGES.suppressions.path} component={SuppressionsPage} />
          <Route path={PAGES.imports.path} component={ImportsPage} />
          <Route path={PAGES.contacts.path} component={ContactsPage} />
          <Route path={PAGES.campaignRuns.path} component={CampaignRunsPage} />
          <Route path={PAGES.activity.path} component={ActivityPage} />
          <Route path={PAGES.statistics.path} component={StatisticsPage} />
          <Route path={PAGES.settings.path} component={SettingsPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </Shell>
    </SignedInContext.Provider>
  );
}

/** `/console/` opens the suppression list. */
function Home() {
  const { route } = useLocation();
  useLayoutEffect(() => route(PAGES.suppressions.path, true), [route]);
  return null;
}
