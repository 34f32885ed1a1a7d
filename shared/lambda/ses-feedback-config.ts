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
 * Whether to mirror suppressions to the SES account-level suppression list: `QUIETLIST_SES_MIRROR` is `true`;
 * unset or `false` means no. Any other value stops the function naming the variable.
 */
export const sesMirrorFromEnv = (env: NodeJS.ProcessEnv = process.env): boolean => {
  const text = optionalEnv(ENV.sesMirror, env);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw new Error(`environment variable ${ENV.sesMirror} must be true or false, got ${JSON.stringify(text)}`);
};
