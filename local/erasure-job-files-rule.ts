import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'aws-lambda';
import { ERASURE_COMPLETED_PATTERN } from '#shared/events-contract';
import type { ErasureCompletedEvent } from '../functions/event/purge-job-files';
import { type LocalOutboundEvent, matchesPattern } from './outbound-events';

/** Tries of one event: EventBridge retries for a day; locally a few tries show a passing fault is survived. */
const LOCAL_ATTEMPTS = 3;
const LOCAL_RETRY_MS = 500;

/** An outbound event as EventBridge hands it to a rule's target: the envelope around its detail. */
export const deliveredByEventBridge = (event: LocalOutboundEvent): ErasureCompletedEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': event.detailType,
  source: event.source,
  account: 'local',
  time: new Date().toISOString(),
  region: 'local',
  resources: [],
  detail: event.detail as ErasureCompletedEvent['detail'],
});

/**
 * The local stand-in for the jobs stack's `ErasureDeletesJobFiles` rule (Quietlist bus → `PurgeJobFiles`): each
 * outbound event the local stand-in of the bus hears (local/outbound-events.ts) is shaped as EventBridge delivers
 * it, matched against the rule's very pattern, and handed to the same handler, in-process. It runs only where the
 * jobs' files are in s3rver (`npm start`, `startLocalService({ s3: true, events: true })`). A purge still failing
 * after its tries is reported through `onError` (deployed: the rule's dead-letter queue).
 */
export const localErasureJobFilesRule =
  (
    purge: (event: ErasureCompletedEvent, context: Context) => Promise<unknown>,
    options: { readonly onError?: (error: Error) => void } = {},
  ) =>
  (event: LocalOutboundEvent): void => {
    const delivered = deliveredByEventBridge(event);
    if (!matchesPattern(ERASURE_COMPLETED_PATTERN, delivered)) return;
    void (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await purge(delivered, {} as Context);
          return;
        } catch (error) {
          if (attempt >= LOCAL_ATTEMPTS) {
            options.onError?.(error as Error);
            return;
          }
          await sleep(LOCAL_RETRY_MS * attempt);
        }
      }
    })();
  };
