import { optionalEnv } from '#lambda/env';
import { ENV } from '#shared/table-contract';

/** Run reports are kept this long unless `QUIETLIST_FILTER_REPORT_TTL_DAYS` says otherwise. */
export const DEFAULT_FILTER_REPORT_TTL_DAYS = 90;
const MAX_TTL_DAYS = 3650;

/**
 * Seconds a filter run's report is kept, from `QUIETLIST_FILTER_REPORT_TTL_DAYS` (90 days when unset). Read once at
 * load; a malformed value stops the function naming the variable.
 */
export const filterReportTtlSecondsFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const text = optionalEnv(ENV.filterReportTtlDays, env);
  const days = text === undefined ? DEFAULT_FILTER_REPORT_TTL_DAYS : Number(text);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TTL_DAYS) {
    throw new Error(
      `environment variable ${ENV.filterReportTtlDays} must be a whole number of days from 1 to ${MAX_TTL_DAYS}, got ${JSON.stringify(text)}`,
    );
  }
  return days * 24 * 60 * 60;
};
