import { Logger } from '@aws-lambda-powertools/logger';
import { redactLogValue } from '#lambda/log-redaction';

/**
 * One structured JSON logger per container. Never log a clear-text address, phone or token: pass values through
 * `maskValue` (shared/domain/mask.ts) or log their hash. As a safety net every log line passes through
 * `redactLogValue` (shared/lambda/log-redaction.ts), which masks contact details and drops credentials whatever
 * the caller passed. `observe` (shared/lambda/observability.ts) adds the Lambda context and a correlation id.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'quietlist',
  jsonReplacerFn: redactLogValue,
});
