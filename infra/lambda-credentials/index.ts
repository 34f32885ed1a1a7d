/**
 * What `@aws-sdk/credential-provider-node` resolves to in the Lambda bundles (esbuild `--alias`, infra/bundling.ts):
 * the SDK clients' default credential provider reduced to the sources Lambda uses. Tests, the local server and
 * `tsc` use the real package; only the deployed bundles are built against this.
 *
 * Why: every client's `runtimeConfig` imports `defaultProvider` statically, and its chain (profiles and SSO, the
 * ini file, credential processes, web identity, the login flow, container and instance metadata) brings the STS,
 * SSO, SSO-OIDC and sign-in clients with their Query and XML protocols: about 100 KB of every bundle that a Lambda
 * function never runs, because Lambda hands the execution role's credentials over in environment variables, the
 * chain's first link. Kept: those variables (`fromEnv`, the same code as the SDK's), and a container credentials
 * endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`/`_RELATIVE_URI`, the SDK's `fromHttp`), which the real chain
 * tries when the variables are missing. Anything else fails closed on the first AWS call, saying what it looked
 * for (`CredentialsProviderError`, as the real chain's last link does). Follows the package's exports
 * (3.972.x): re-check on an SDK update; test/infra/lambda-credentials.test.ts bundles it with a real client.
 */
import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';
import { type FromHttpOptions, fromHttp } from '@aws-sdk/credential-provider-http';
import { CredentialsProviderError } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** The variables Lambda sets for the execution role, read by `fromEnv`. */
const ENV_KEY = 'AWS_ACCESS_KEY_ID';
const ENV_SECRET = 'AWS_SECRET_ACCESS_KEY';
/** A container credentials endpoint, read by `fromHttp`. */
const CONTAINER_URIS = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];

export const defaultProvider =
  (init: FromEnvInit & FromHttpOptions = {}): AwsCredentialIdentityProvider =>
  async (identityProperties) => {
    if (process.env[ENV_KEY] && process.env[ENV_SECRET]) return fromEnv(init)(identityProperties);
    if (CONTAINER_URIS.some((name) => process.env[name])) return fromHttp(init)(identityProperties);
    throw new CredentialsProviderError(
      `no AWS credentials: this bundle reads them from ${ENV_KEY} and ${ENV_SECRET}, as Lambda sets them, or ` +
        `from a container credentials endpoint (${CONTAINER_URIS.join(' or ')}), and none is set`,
      { tryNextLink: false, ...(init.logger ? { logger: init.logger } : {}) },
    );
  };

/** As the SDK's: credentials that expire are refreshed five minutes before. */
export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity | undefined): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials: AwsCredentialIdentity | undefined): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
