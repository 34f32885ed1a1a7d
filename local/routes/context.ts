import type { ServiceConfig } from '#wiring/platform';
import type { LocalEventStreamOptions, LocalOutboundEvent } from '../outbound-events';
import type { LocalS3 } from '../s3-local';

/** What the local routes need to know about the running local service. */
export interface LocalRoutesContext {
  /** The DynamoDB table (in DynamoDB Local) the handlers use. */
  readonly tableName: string;
  /** DynamoDB Local's endpoint URL. */
  readonly endpoint: string;
  /** The local service's own base URL, e.g. `http://127.0.0.1:3000`, for links the handlers mint. */
  readonly baseUrl: string;
  /** The base of unsubscribe links when not `baseUrl` (a tunnel to this machine). @default baseUrl */
  readonly publicBaseUrl?: string;
  /** The `mailto:` alternative of `List-Unsubscribe`, as `QUIETLIST_UNSUBSCRIBE_MAILTO` gives it. @default none */
  readonly unsubscribeMailto?: string;
  /** Folder of the local keyring and dev JWT secret. @default '.local' */
  readonly secretsDir?: string;
  /** The jobs' local S3 server; without it (HTTP tests) the jobs use the in-memory object store. */
  readonly s3?: LocalS3;
  /** The admin console to serve at `/console/` (local/routes/console.ts): a built site, and its sign-in. */
  readonly console?: LocalConsole;
  /**
   * The outbound-events stand-in (local/outbound-events.ts): when to stop it, and who hears each event. Without it
   * there is no stand-in and no `/_local/events`: tailing the stream costs the emulator a request every poll, which
   * a test that reads no events should not pay (`npm start` always runs it).
   */
  readonly outboundEvents?: Pick<LocalEventStreamOptions, 'signal' | 'onEvent' | 'onError' | 'pollMs'>;
}

export interface LocalConsole {
  /** The built site (`npm run build:console` writes console/dist). */
  readonly dir: string;
  /** An identity provider for the console's sign-in; without it, the development sign-in (a pasted token). */
  readonly oidc?: { readonly issuer: string; readonly clientId: string; readonly scope?: string };
}

/**
 * What each feature's route file receives: the configuration a deployed function reads from its environment (each
 * route file starts the same composition roots from it), and the dev JWT key.
 */
export interface FeatureRoutesContext extends LocalRoutesContext {
  readonly config: ServiceConfig;
  readonly devJwtSecret: string;
  /**
   * Hears every outbound event the local stand-in of the bus receives, as a rule on the bus would (the erasure rule's
   * stand-in, local/erasure-job-files-rule.ts). Absent without the outbound-events stand-in.
   */
  readonly onOutboundEvent?: (listener: (event: LocalOutboundEvent) => void) => void;
}

/** The phone country the local service assumes for numbers written without one (README, "Configuration"). */
export const LOCAL_DEFAULT_PHONE_COUNTRY = 'US';
