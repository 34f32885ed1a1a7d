import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { ConsoleConfig } from './lib/config';
import type { Session } from './session';

/** What every page of a signed-in teammate needs: the config, who they are, the API with their token. */
export interface SignedIn {
  readonly config: ConsoleConfig;
  readonly session: Session;
  readonly api: Api;
  readonly signOut: () => void;
}

export const SignedInContext = createContext<SignedIn | null>(null);

export const useSignedIn = (): SignedIn => {
  const value = useContext(SignedInContext);
  if (!value) throw new Error('useSignedIn outside the signed-in shell');
  return value;
};
