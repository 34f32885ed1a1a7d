import {
  activityEventOfStreamRecord,
  type TableStreamRecord,
} from '#adapters/dynamodb/activity-stream-record';
import { type OutboundEvent, toOutboundEvent } from '#domain/outbound-events';

export type { TableStreamRecord } from '#adapters/dynamodb/activity-stream-record';

/** What the pipe's enrichment function (and the local stand-in) runs: stream records in, outbound events out. */
export interface OutboundEventsUseCases {
  /**
   * The events of a batch of stream records, in the batch's order; records whose action publishes nothing give
   * none. Throws for a malformed record, failing the whole batch (see `activityEventOfStreamRecord`).
   */
  readonly toOutboundEvents: (records: readonly TableStreamRecord[]) => OutboundEvent[];
}

/**
 * The composition root of the outbound-events enrichment function: no AWS client, no secret. The image of the
 * insert carries the whole event, so the mapping reads nothing.
 */
export const wireOutboundEvents = async (): Promise<OutboundEventsUseCases> => ({
  toOutboundEvents: (records) =>
    records.flatMap((record) => {
      const event = toOutboundEvent(activityEventOfStreamRecord(record));
      return event === undefined ? [] : [event];
    }),
});
