import { SesAccountSuppressionList } from '#adapters/ses/account-suppression-list';
import type { AccountSuppressionList } from '#app/apply-ses-feedback';
import { DEFAULT_TRANSIENT_BOUNCE_POLICY, type TransientBouncePolicy } from '#domain/ses-feedback-policy';
import { optionalEnv } from '#lambda/env';
import { ENV } from '#shared/table-contract';

const positiveInteger = (name: string, fallback: number, env: NodeJS.ProcessEnv): number => {
  const text = optionalEnv(name, env);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new Error(
      `environment variable ${name} must be a whole number from 1 to 1000, got ${JSON.stringify(text)}`,
    );
  }
  return value;
};

/**
 * The transient-bounce rule from `QUIETLIST_TRANSIENT_BOUNCE_THRESHOLD` and `QUIETLIST_TRANSIENT_BOUNCE_WINDOW_DAYS`
 * (3 within 7 days when unset). Read once at load; a malformed value stops the function naming the variable.
 */
export const transientBouncePolicyFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): TransientBouncePolicy => ({
  threshold: positiveInteger(ENV.transientBounceThreshold, DEFAULT_TRANSIENT_BOUNCE_POLICY.threshold, env),
  windowDays: positiveInteger(ENV.transientBounceWindowDays, DEFAULT_TRANSIENT_BOUNCE_POLICY.windowDays, env),
});

/**
 * The SES account-level suppression list when `QUIETLIST_SES_MIRROR` is `true`; nothing when it is unset or
 * `false`. Any other value stops the function naming the variable.
 */
export const accountSuppressionListFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): AccountSuppressionList | undefined => {
  const text = optionalEnv(ENV.sesMirror, env);
  if (text === undefined || text === 'false') return undefined;
  if (text === 'true') return new SesAccountSuppressionList();
  throw new Error(`environment variable ${ENV.sesMirror} must be true or false, got ${JSON.stringify(text)}`);
};
