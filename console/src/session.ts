import { type Identity, identityOf } from './lib/claims';
import type { ConsoleConfig, OidcConfig } from './lib/config';

/** A signed-in teammate: the bearer token the API receives, and who it names. */
export interface Session {
  readonly token: string;
  readonly identity: Identity;
  readonly method: 'development' | 'oidc';
}

/**
 * Tokens live in this tab's sessionStorage (gone when the tab closes, never shared with other tabs or kept on
 * disk like localStorage), under one key for a development token; oidc-client-ts keeps its own there too.
 */
const DEV_TOKEN_KEY = 'quietlist.console.token';

export const devSession = (token: string): { session?: Session; error?: string } => {
  const result = identityOf(token);
  if (!result.ok) return { error: result.error };
  return { session: { token: token.trim(), identity: result.identity, method: 'development' } };
};

export const rememberDevSession = (session: Session): void =>
  sessionStorage.setItem(DEV_TOKEN_KEY, session.token);

const restoreDevSession = (): Session | undefined => {
  const token = sessionStorage.getItem(DEV_TOKEN_KEY);
  if (!token) return undefined;
  const { session } = devSession(token);
  if (!session) sessionStorage.removeItem(DEV_TOKEN_KEY);
  return session;
};

/** oidc-client-ts is loaded only when an issuer is configured, and then only when needed: not in the first load. */
const oidcModule = () => import('./oidc');

export const restoreSession = async (config: ConsoleConfig): Promise<Session | undefined> => {
  if (!config.oidc) return restoreDevSession();
  return (await oidcModule()).currentSession(config.oidc);
};

export const startOidcSignIn = async (oidc: OidcConfig, returnTo: string): Promise<void> =>
  (await oidcModule()).signIn(oidc, returnTo);

export const completeOidcSignIn = async (oidc: OidcConfig): Promise<{ session: Session; returnTo: string }> =>
  (await oidcModule()).completeSignIn(oidc);

/** Forgets the session in this tab; with an identity provider that has an end-session endpoint, signs out there too. */
export const endSession = async (config: ConsoleConfig, session: Session | undefined): Promise<void> => {
  sessionStorage.removeItem(DEV_TOKEN_KEY);
  if (config.oidc && session?.method === 'oidc') await (await oidcModule()).signOut(config.oidc);
};
