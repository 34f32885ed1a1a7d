import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per container. Never log a clear-text address, phone or token: pass values through
 * `maskValue` (shared/domain/mask.ts) or log their hash.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'quietlist' });
