import { OUTBOUND_EVENT_SOURCE, PUBLISHED_ACTIONS } from '#domain/outbound-events';

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
