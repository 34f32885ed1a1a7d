import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { OutboundEvent } from '#domain/outbound-events';
import { deployedHandler } from '#lambda/deployed-handler';
import { observe } from '#lambda/observability';
import { traceHandler } from '#lambda/tracing';
import {
  type OutboundEventsUseCases,
  type TableStreamRecord,
  wireOutboundEvents,
} from '#wiring/outbound-events';

/**
 * The enrichment step of the outbound-events pipe (infra/stacks/events-stack.ts): EventBridge Pipes invokes it
 * with the batch of stream records its source filter admitted (a JSON array of DynamoDB stream records) and sends
 * each element of the returned array to the event bus, `detailType` as the event's detail-type and `detail` as its
 * detail (the target's input template). A malformed record throws: Pipes retries the batch, halving it to isolate
 * the record, and parks what keeps failing in the pipe's dead-letter queue, never publishing half an event.
 */
export const makeHandler = (useCases: Promise<OutboundEventsUseCases>) =>
  middy(async (records: TableStreamRecord[], _context: Context): Promise<OutboundEvent[]> => {
    if (!Array.isArray(records)) throw new TypeError('expected the pipe batch: an array of stream records');
    return (await useCases).toOutboundEvents(records);
  }).use(observe({ name: 'outbound-events', trace: traceHandler }));

/** The Lambda entry point (see `deployedHandler`). */
export const handler = deployedHandler(makeHandler, wireOutboundEvents);
