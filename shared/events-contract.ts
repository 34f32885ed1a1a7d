import { OUTBOUND_EVENT_SOURCE, type OutboundDetailType, PUBLISHED_ACTIONS } from '#domain/outbound-events';

/**
 * Outbound events, described once for infra (the table's stream, the pipe's source filter, the bus) and the local
 * stand-in (local/outbound-events.ts), which applies the very same filter to DynamoDB Local's stream.
 * docs/events/README.md is the contract.
 */

/**
 * The pipe's source filter (EventBridge event pattern over a DynamoDB stream record): inserts of activity items
 * whose action publishes an event. Nothing else of the table (entries, counters, runs, settings) reaches the
 * enrichment function, so it is never invoked, nor billed, for them.
 */
export const ACTIVITY_INSERT_PATTERN = {
  eventName: ['INSERT'],
  dynamodb: {
    NewImage: {
      entity: { S: ['activity'] },
      action: { S: [...PUBLISHED_ACTIONS] },
    },
  },
} as const;

/** `source` of every event on the bus, and what a rule for Quietlist's events matches on. */
export const EVENT_SOURCE = OUTBOUND_EVENT_SOURCE;

/**
 * The erasure rule on the bus (the jobs stack's `ErasureDeletesJobFiles`, and its local stand-in): an erasure's event
 * deletes the workspace's job files (docs/privacy.md). An EventBridge pattern over the event as the bus carries it.
 */
export const ERASURE_COMPLETED_PATTERN = {
  source: [EVENT_SOURCE],
  'detail-type': ['Erasure Completed' satisfies OutboundDetailType],
} as const;
