import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { identityOf } from './lib/claims';
import type { OidcConfig } from './lib/config';
import type { Session } from './session';

/**
 * Sign-in through the workspace's identity provider: authorization code with PKCE (oidc-client-ts), the
 * callback at /console/callback. The user and the in-flight request state (PKCE verifier, nonce) are kept in
 * this tab's sessionStorage, never localStorage (oidc-client-ts's default for the state store). No silent
 * renewal: when the token expires, the API answers 401 and the console asks to sign in again.
 */
const BASE = import.meta.env.BASE_URL;

let manager: UserManager | undefined;
const managerFor = (oidc: OidcConfig): UserManager => {
  manager ??= new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: `${location.origin}${BASE}callback`,
    post_logout_redirect_uri: `${location.origin}${BASE}`,
    response_type: 'code',
    scope: oidc.scope ?? 'openid',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  return manager;
};

const sessionOf = (oidc: OidcConfig, user: User): Session => {
  const token = oidc.token === 'access' ? user.access_token : (user.id_token ?? '');
  const result = identityOf(token);
  if (!result.ok) throw new Error(`The identity provider's token cannot be used here. ${result.error}`);
  return { token, identity: result.identity, method: 'oidc' };
};

export const currentSession = async (oidc: OidcConfig): Promise<Session | undefined> => {
  const user = await managerFor(oidc).getUser();
  if (!user || user.expired) return undefined;
  try {
    return sessionOf(oidc, user);
  } catch {
    return undefined;
  }
};

export const signIn = (oidc: OidcConfig, returnTo: string): Promise<void> =>
  managerFor(oidc).signinRedirect({ state: { returnTo } });

export const completeSignIn = async (oidc: OidcConfig): Promise<{ session: Session; returnTo: string }> => {
  const user = await managerFor(oidc).signinRedirectCallback();
  const state = user.state as { returnTo?: unknown } | undefined;
  const returnTo =
    typeof state?.returnTo === 'string' && state.returnTo.startsWith(BASE) ? state.returnTo : BASE;
  return { session: sessionOf(oidc, user), returnTo };
};

export const signOut = async (oidc: OidcConfig): Promise<void> => {
  const users = managerFor(oidc);
  const user = await users.getUser();
  await users.removeUser();
  const metadata = await users.metadataService.getMetadata().catch(() => undefined);
  if (metadata?.end_session_endpoint) {
    await users.signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : {});
  }
};
