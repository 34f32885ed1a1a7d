import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { OUTBOUND_EVENT_SOURCE, type OutboundEvent } from '#domain/outbound-events';
import { ACTIVITY_INSERT_PATTERN } from '#shared/events-contract';
import { type TableStreamRecord, wireOutboundEvents } from '#wiring/outbound-events';
import { localDynamoDbClient } from './clients';

/**
 * The local stand-in for the deployed outbound-events path (table stream → EventBridge Pipes with its source
 * filter → enrichment function → event bus, infra/stacks/events-stack.ts): it tails DynamoDB Local's stream of
 * the table, applies the pipe's very filter pattern, runs the enrichment function's very mapping, and keeps the
 * events in memory for `GET /_local/events` (local/routes/events.ts). Why the stream rather than a hook in the
 * activity-log adapter or a poll of the GSI1 timeline: docs/decisions.md, "Outbound events".
 */

/** An event as `GET /_local/events` shows it: what the bus would carry. */
export interface LocalOutboundEvent {
  readonly detailType: OutboundEvent['detailType'];
  readonly source: typeof OUTBOUND_EVENT_SOURCE;
  readonly detail: OutboundEvent['detail'];
}

export interface LocalEventStreamOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** Stops the tail; the tail also stops by itself when the table is gone. */
  readonly signal?: AbortSignal;
  /** Called once for each event, in the order the stream gave them (`npm start` prints a line). */
  readonly onEvent?: (event: LocalOutboundEvent) => void;
  /** A record the mapping refused: deployed, it would end in the pipe's dead-letter queue. */
  readonly onError?: (error: Error) => void;
  /** @default 200 */
  readonly pollMs?: number;
}

export interface LocalEventStream {
  /** Events received since the tail started, oldest first; with `after`, only those after that event id. */
  eventsAfter(after?: string): LocalOutboundEvent[] | undefined;
}

/** The events kept: the oldest go first past it, as a bus keeps nothing either. */
const KEPT_EVENTS = 10_000;

/** The DynamoDBStreams API of DynamoDB Local (JSON over HTTP); the emulator checks no signature. */
const streamsCall = async <T>(endpoint: string, operation: string, body: unknown): Promise<T> => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
      // DynamoDB Local reads the access key from the header and ignores the signature.
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20240101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as T & { __type?: string; message?: string };
  if (!response.ok) {
    throw Object.assign(new Error(`DynamoDB Streams ${operation}: ${payload.message ?? response.status}`), {
      name:
        String(payload.__type ?? '')
          .split('#')
          .pop() || 'StreamsError',
    });
  }
  return payload;
};

interface RecordsPage {
  readonly Records?: TableStreamRecord[];
  readonly NextShardIterator?: string;
}

interface Shard {
  readonly ShardId: string;
  readonly SequenceNumberRange?: { readonly EndingSequenceNumber?: string };
}

/** Does `value` match an EventBridge pattern made of nested objects and lists of allowed exact values? */
export const matchesPattern = (pattern: unknown, value: unknown): boolean => {
  if (Array.isArray(pattern)) return pattern.includes(value);
  if (typeof pattern !== 'object' || pattern === null) return false;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, sub]) =>
    matchesPattern(sub, (value as Record<string, unknown>)[key]),
  );
};

/**
 * Starts tailing the table's stream at its current end (what happened before is not replayed, as a new pipe
 * starting at LATEST) and resolves once every open shard has its iterator past what it held, so a change made after it resolves is
 * never missed.
 */
export const startLocalEventStream = async (options: LocalEventStreamOptions): Promise<LocalEventStream> => {
  const { endpoint, tableName, signal } = options;
  const client = localDynamoDbClient(endpoint);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  client.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream: local/table.ts ensureTable enables it`);
  const { toOutboundEvents } = await wireOutboundEvents();
  const events: LocalOutboundEvent[] = [];
  const iterators = new Map<string, string>();
  const seenShards = new Set<string>();

  const describeShards = async (): Promise<Shard[]> =>
    (
      await streamsCall<{ StreamDescription: { Shards?: Shard[] } }>(endpoint, 'DescribeStream', {
        StreamArn: streamArn,
      })
    ).StreamDescription.Shards ?? [];
  const getRecords = (iterator: string) =>
    streamsCall<RecordsPage>(endpoint, 'GetRecords', { ShardIterator: iterator, Limit: 1000 });
  const iteratorOf = async (
    shardId: string,
    type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER',
    sequenceNumber?: string,
  ) =>
    (
      await streamsCall<{ ShardIterator: string }>(endpoint, 'GetShardIterator', {
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      })
    ).ShardIterator;
  /** The last record read of each shard: where to go on from when an iterator stops working. */
  const lastRead = new Map<string, string>();
  /**
   * Shards open now are read from their start with what they already hold skipped (DynamoDB Local refuses
   * GetRecords on a LATEST iterator of a shard with no record yet: TrimmedDataAccessException); shards that appear
   * later are read whole.
   */
  const addShards = async (first: boolean) => {
    for (const shard of await describeShards()) {
      if (seenShards.has(shard.ShardId)) continue;
      seenShards.add(shard.ShardId);
      if (first && shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) continue;
      let iterator: string | undefined = await iteratorOf(shard.ShardId, 'TRIM_HORIZON');
      while (first && iterator) {
        const page: RecordsPage = await getRecords(iterator);
        iterator = page.NextShardIterator;
        if ((page.Records ?? []).length === 0) break;
      }
      if (iterator) iterators.set(shard.ShardId, iterator);
    }
  };

  const receive = (record: TableStreamRecord) => {
    if (!matchesPattern(ACTIVITY_INSERT_PATTERN, record)) return;
    let mapped: OutboundEvent[];
    try {
      mapped = toOutboundEvents([record]);
    } catch (error) {
      options.onError?.(error as Error);
      return;
    }
    for (const { detailType, detail } of mapped) {
      const event: LocalOutboundEvent = { detailType, source: OUTBOUND_EVENT_SOURCE, detail };
      events.push(event);
      if (events.length > KEPT_EVENTS) events.shift();
      options.onEvent?.(event);
    }
  };

  /**
   * DynamoDB Local sometimes answers an iterator that was fine with TrimmedDataAccessException (under load, and on
   * a shard that had no record yet): the shard is read on from the last record received, or from its start when
   * none was, so nothing is skipped or read twice.
   */
  const readShard = async (shardId: string, iterator: string): Promise<RecordsPage> => {
    try {
      return await getRecords(iterator);
    } catch (error) {
      if ((error as Error).name !== 'TrimmedDataAccessException') throw error;
      const last = lastRead.get(shardId);
      const fresh =
        last === undefined
          ? await iteratorOf(shardId, 'TRIM_HORIZON')
          : await iteratorOf(shardId, 'AFTER_SEQUENCE_NUMBER', last);
      return { NextShardIterator: fresh };
    }
  };

  const pollOnce = async () => {
    for (const [shardId, iterator] of iterators) {
      const page = await readShard(shardId, iterator);
      for (const record of page.Records ?? []) {
        receive(record);
        const sequence = (record as { dynamodb?: { SequenceNumber?: string } }).dynamodb?.SequenceNumber;
        if (sequence !== undefined) lastRead.set(shardId, sequence);
      }
      if (page.NextShardIterator) iterators.set(shardId, page.NextShardIterator);
      else iterators.delete(shardId);
    }
  };

  await addShards(true);
  const pollMs = options.pollMs ?? 200;
  const loop = async () => {
    let round = 0;
    while (!signal?.aborted) {
      try {
        await pollOnce();
        // Shards roll over (a closed one ends its iterator): look for new ones now and then.
        if (iterators.size === 0 || ++round % 25 === 0) await addShards(false);
      } catch (error) {
        // The table was deleted (a test's) or the emulator stopped: nothing more will come.
        if ((error as Error).name === 'ResourceNotFoundException' || signal?.aborted) return;
        if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return;
        options.onError?.(error as Error);
      }
      try {
        await sleep(pollMs, undefined, { ref: false, ...(signal ? { signal } : {}) });
      } catch {
        return;
      }
    }
  };
  void loop();

  return {
    eventsAfter: (after) => {
      if (after === undefined) return [...events];
      const index = events.findLastIndex((event) => event.detail.eventId === after);
      return index === -1 ? undefined : events.slice(index + 1);
    },
  };
};
