import { createRequire } from 'module'; const require = createRequire(import.meta.url);
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __reExport = (target, mod, secondTarget) => (__copyProps(target, mod, "default"), secondTarget && __copyProps(secondTarget, mod, "default"));

// bench/filter-cpu.ts
import { createCipheriv as createCipheriv2, createSecretKey as createSecretKey2, randomBytes as randomBytes2 } from "node:crypto";
import { mkdir as mkdir2, writeFile as writeFile2 } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  BatchGetCommand as BatchGetCommand2,
  BatchWriteCommand as BatchWriteCommand2
} from "@aws-sdk/lib-dynamodb";
import { parsePhoneNumberWithError as parsePhoneNumberWithError2 } from "libphonenumber-js/min";

// shared/adapters/dynamodb/batch-get.ts
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";

// shared/adapters/aws/call-limits.ts
import { AsyncLocalStorage } from "node:async_hooks";

// shared/domain/errors.ts
var QuietlistError = class extends Error {
  constructor(message, details, options) {
    super(message, options);
    this.details = details;
    this.name = new.target.name;
  }
  details;
};
var InvalidInputError = class extends QuietlistError {
  code;
  constructor(message, details, code = "invalid_input") {
    super(message, details);
    this.code = code;
  }
};
var PayloadTooLargeError = class extends QuietlistError {
  code = "payload_too_large";
};
var UnavailableError = class extends QuietlistError {
  code = "unavailable";
};

// shared/adapters/aws/call-limits.ts
var deadlines = new AsyncLocalStorage();
var currentDeadline = () => deadlines.getStore();
var deadlinePassed = () => currentDeadline()?.aborted === true;

// shared/adapters/dynamodb/backoff.ts
import { setTimeout as sleep } from "node:timers/promises";
var defaultSleep = async (ms) => {
  const deadline = currentDeadline();
  await sleep(ms, void 0, deadline ? { signal: deadline } : {}).catch(() => {
  });
};
var backoffDelay = (attempt, options = {}) => {
  const base = options.baseDelayMs ?? 25;
  const cap = options.maxDelayMs ?? 1e3;
  return Math.floor((options.random ?? Math.random)() * Math.min(cap, base * 2 ** attempt));
};
var waitBeforeRetry = (attempt, options = {}) => (options.sleep ?? defaultSleep)(backoffDelay(attempt, options));

// shared/app/map-bounded.ts
var mapBounded = async (items2, concurrency, fn) => {
  const results = new Array(items2.length);
  let next = 0;
  let failure;
  const worker = async () => {
    while (failure === void 0 && next < items2.length) {
      const index = next++;
      try {
        results[index] = await fn(items2[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items2.length)) }, worker));
  if (failure) throw failure.error;
  return results;
};

// shared/table-contract.ts
var TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after this instant. */
  ttlAttribute: "expiresAt"
};
var INDEXES = {
  /** Tenant timelines: suppressions, activity and filter runs of one tenant, newest first. */
  byTenantTimeline: { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  /** Contact timelines: a contact's activity, newest first. */
  byContactTimeline: { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" }
};
var KEY_ATTRIBUTES = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...Object.values(INDEXES).flatMap((index) => [index.partitionKey, index.sortKey])
];

// shared/adapters/dynamodb/batch-get.ts
var BATCH_GET_LIMIT = 100;
var tableKeyId = (key) => `${key.pk}\0${key.sk}`;
var batchGetAll = async (client, tableName, keys, options = {}) => {
  const unique = options.distinct ? keys : distinctKeys(keys);
  const chunks = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) chunks.push(unique.slice(i, i + BATCH_GET_LIMIT));
  const items2 = /* @__PURE__ */ new Map();
  const unprocessed = [];
  let requests = 0;
  let readUnits = 0;
  const projection = options.projection && projectionOf(options.projection);
  const maxAttempts = options.maxAttempts ?? 6;
  const readChunk = async (chunk) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts || attempt > 0 && deadlinePassed()) {
        unprocessed.push(...pending);
        return;
      }
      if (attempt > 0) await waitBeforeRetry(attempt - 1, options);
      requests++;
      try {
        const output = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: pending.map(({ pk, sk }) => ({
                  [TABLE_KEYS.partitionKey]: pk,
                  [TABLE_KEYS.sortKey]: sk
                })),
                ...projection
              }
            },
            ReturnConsumedCapacity: "TOTAL"
          })
        );
        for (const consumed of output.ConsumedCapacity ?? []) readUnits += consumed.CapacityUnits ?? 0;
        for (const item of output.Responses?.[tableName] ?? []) {
          items2.set(
            tableKeyId({ pk: String(item[TABLE_KEYS.partitionKey]), sk: String(item[TABLE_KEYS.sortKey]) }),
            item
          );
        }
        pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []).map((key) => ({
          pk: String(key[TABLE_KEYS.partitionKey]),
          sk: String(key[TABLE_KEYS.sortKey])
        }));
      } catch {
      }
    }
  };
  await mapBounded(chunks, options.concurrency ?? 8, readChunk);
  return { items: items2, unprocessed, requests, readUnits };
};
var distinctKeys = (keys) => {
  const seen = /* @__PURE__ */ new Set();
  const unique = [];
  for (const key of keys) {
    const id = tableKeyId(key);
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(key);
  }
  return unique;
};
var projections = /* @__PURE__ */ new WeakMap();
var projectionOf = (attributes) => {
  let projection = projections.get(attributes);
  if (projection === void 0) {
    projection = writeProjection(attributes);
    projections.set(attributes, projection);
  }
  return projection;
};
var writeProjection = (attributes) => {
  const names = [.../* @__PURE__ */ new Set([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...attributes])];
  return Object.freeze({
    ProjectionExpression: names.map((_, i) => `#p${i}`).join(", "),
    ExpressionAttributeNames: Object.freeze(Object.fromEntries(names.map((name, i) => [`#p${i}`, name])))
  });
};

// shared/adapters/dynamodb/keys.ts
var enc = (id) => encodeURIComponent(id);
var suppressionPk = (tenantId, kind, valueHash) => `SUP#${tenantId}#${kind}#${valueHash}`;
var SUPPRESSION_SK = "ENTRY";
var activitySk = (at2, eventId) => `ACT#${at2}#${eventId}`;
var contactPk = (tenantId, contactId) => `CON#${tenantId}#${enc(contactId)}`;
var DO_NOT_CONTACT_SK = "DNC";
var tenantSuppressionsTimeline = (tenantId) => `T#${tenantId}#SUP`;
var tenantActivityTimeline = (tenantId) => `T#${tenantId}#ACT`;
var campaignRunsTimeline = (tenantId, campaignId) => `T#${tenantId}#RUNS#${enc(campaignId)}`;
var timelineSk = (at2, tiebreaker) => `${at2}#${tiebreaker}`;
var contactTimeline = (tenantId, contactId) => `C#${tenantId}#${enc(contactId)}`;
var filterRunPk = (tenantId, runId) => `RUN#${tenantId}#${enc(runId)}`;
var FILTER_RUN_SUMMARY_SK = "SUMMARY";
var filterRunChunkSk = (index) => `FILTERED#${String(index).padStart(5, "0")}`;
var FILTER_RUN_CHUNK_PREFIX = "FILTERED#";
var tenantRunsTimeline = (tenantId) => `T#${tenantId}#RUN`;

// shared/domain/sources.ts
var SOURCES = [
  "link",
  "list_unsubscribe",
  "admin",
  "api",
  "bounce",
  "spam_complaint",
  "legacy",
  "sms_stop"
];
var SOURCE_RULES = {
  link: {
    restorable: false,
    scope: "marketing",
    label: "Lead",
    notRestorableReason: "link",
    liftedWith: "consent"
  },
  list_unsubscribe: {
    restorable: false,
    scope: "marketing",
    label: "Lead",
    notRestorableReason: "one-click",
    liftedWith: "consent"
  },
  admin: { restorable: true, scope: "all", label: "User" },
  api: { restorable: true, scope: "all", label: "API" },
  bounce: {
    restorable: false,
    scope: "all",
    label: "Not delivered",
    notRestorableReason: "bounce",
    liftedWith: "address_verified"
  },
  spam_complaint: {
    restorable: false,
    scope: "all_but_transactional",
    label: "Abuse",
    notRestorableReason: "complaint",
    liftedWith: "consent"
  },
  legacy: { restorable: true, scope: "all", label: "Legacy" },
  // A STOP reply to a workspace's SMS number (issue 14): the recipient's own opt-out, like a one-click one; a label
  // of its own, since the SPEC's Lead is exactly link + list_unsubscribe.
  sms_stop: {
    restorable: false,
    scope: "marketing",
    label: "SMS",
    notRestorableReason: "sms-stop",
    liftedWith: "consent"
  }
};

// shared/adapters/dynamodb/item-mappers.ts
var sourceAttribute = (source) => `src_${source}`;
var TOPIC_CHOICE_PREFIX = "tp_";
var topicChoiceAttribute = (topic) => `${TOPIC_CHOICE_PREFIX}${topic}`;
var ATTR = {
  entity: "entity",
  tenantId: "tenantId",
  kind: "kind",
  valueHash: "valueHash",
  value: "value",
  display: "display",
  createdAt: "createdAt",
  updatedAt: "updatedAt",
  /** String set of the sources holding the entry: filterable with contains(). */
  sources: "srcs",
  /** String set of the people who added it: the added-by filter. */
  addedBy: "addedBys",
  version: "version",
  /** A recipient's latest pause (shared/domain/recipient-choices.ts). */
  pause: "pause"
};
var entryTableKey = (tenantId, kind, valueHash) => ({
  pk: suppressionPk(tenantId, kind, valueHash),
  sk: SUPPRESSION_SK
});
var timelineSortKey = (createdAt, kind, valueHash) => timelineSk(createdAt, `${kind}#${valueHash}`);
var tenantTimelineOf = tenantSuppressionsTimeline;
var toRecipientChoices = (item) => {
  let topics;
  for (const name in item) {
    if (!name.startsWith(TOPIC_CHOICE_PREFIX)) continue;
    topics ??= {};
    topics[name.slice(TOPIC_CHOICE_PREFIX.length)] = item[name];
  }
  const pause = item[ATTR.pause];
  if (topics === void 0 && pause === void 0) return void 0;
  return { topics: topics ?? {}, ...pause === void 0 ? {} : { pause } };
};
var holdsSources = (item) => SOURCES.some((source) => item[sourceAttribute(source)] !== void 0);
var toSuppressionEntry = (item) => {
  const sources = {};
  for (const source of SOURCES) {
    const record = item[sourceAttribute(source)];
    if (record !== void 0) sources[source] = record;
  }
  const choices = toRecipientChoices(item);
  return {
    tenantId: String(item[ATTR.tenantId]),
    kind: item[ATTR.kind],
    valueHash: String(item[ATTR.valueHash]),
    ...typeof item[ATTR.value] === "string" ? { value: item[ATTR.value] } : {},
    ...typeof item[ATTR.display] === "string" ? { display: item[ATTR.display] } : {},
    createdAt: String(item[ATTR.createdAt]),
    updatedAt: String(item[ATTR.updatedAt] ?? item[ATTR.createdAt]),
    sources,
    version: Number(item[ATTR.version] ?? 0),
    ...choices === void 0 ? {} : { choices }
  };
};
var toActivityItem = (event, partition) => ({
  pk: partition,
  sk: activitySk(event.at, event.eventId),
  [ATTR.entity]: "activity",
  ...event,
  gsi1pk: tenantActivityTimeline(event.tenantId),
  gsi1sk: timelineSk(event.at, event.eventId),
  ...event.contactId !== void 0 ? {
    gsi2pk: contactTimeline(event.tenantId, event.contactId),
    gsi2sk: timelineSk(event.at, event.eventId)
  } : {}
});
var ACTIVITY_STORAGE_ATTRIBUTES = /* @__PURE__ */ new Set([
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  ATTR.entity
]);
var activityPut = (tableName, event, partition) => ({
  Put: {
    TableName: tableName,
    Item: toActivityItem(event, partition),
    ConditionExpression: "attribute_not_exists(pk)"
  }
});

// shared/adapters/dynamodb/transact.ts
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  TransactWriteCommand
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
var transactWrite = async (client, items2, options = {}) => {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [...items2] }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedConditions = /* @__PURE__ */ new Map();
      reasons.forEach((reason, index) => {
        if (reason.Code !== "ConditionalCheckFailed") return;
        failedConditions.set(index, reason.Item && unmarshall(reason.Item));
      });
      if (failedConditions.size > 0) return { committed: false, failedConditions };
      const retryable = reasons.some(
        (reason) => reason.Code === "TransactionConflict" || reason.Code === "ThrottlingError"
      );
      if (!retryable || attempt + 1 >= maxAttempts || deadlinePassed()) throw error;
      await waitBeforeRetry(attempt, options);
    }
  }
};

// shared/adapters/dynamodb/contact-repository.ts
var dncKey = (tenantId, contactId) => ({
  pk: contactPk(tenantId, contactId),
  sk: DO_NOT_CONTACT_SK
});
var DynamoDbContactRepository = class {
  constructor(client, tableName, retry = {}) {
    this.client = client;
    this.tableName = tableName;
    this.retry = retry;
  }
  client;
  tableName;
  retry;
  /** W4: sets do-not-contact with its event; a repeat returns `already_set` and writes nothing. */
  async setDoNotContact(state, event) {
    const outcome = await transactWrite(
      this.client,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...dncKey(state.tenantId, state.contactId), entity: "do_not_contact", ...state },
            ConditionExpression: "attribute_not_exists(pk)"
          }
        },
        activityPut(this.tableName, event, contactPk(state.tenantId, state.contactId))
      ],
      this.retry
    );
    return outcome.committed ? "set" : "already_set";
  }
  /** W5: lifts do-not-contact with its event; `not_set` when there was none. */
  async liftDoNotContact(tenantId, contactId, event) {
    const outcome = await transactWrite(
      this.client,
      [
        {
          Delete: {
            TableName: this.tableName,
            Key: dncKey(tenantId, contactId),
            ConditionExpression: "attribute_exists(pk)"
          }
        },
        activityPut(this.tableName, event, contactPk(tenantId, contactId))
      ],
      this.retry
    );
    return outcome.committed ? "lifted" : "not_set";
  }
  /** R7: the do-not-contact state of many contacts of one tenant, batched like every other lookup. */
  async batchGetDoNotContact(tenantId, contactIds, options = {}) {
    const result = await batchGetAll(
      this.client,
      this.tableName,
      contactIds.map((contactId) => dncKey(tenantId, contactId)),
      options.distinct ? { ...this.retry, distinct: true } : this.retry
    );
    const blocked = /* @__PURE__ */ new Map();
    for (const item of result.items.values()) {
      const state = item;
      blocked.set(state.contactId, {
        tenantId: state.tenantId,
        contactId: state.contactId,
        since: state.since,
        setBy: state.setBy,
        liftable: state.liftable
      });
    }
    const unprocessed = new Set(result.unprocessed.map(tableKeyId));
    const unchecked = unprocessed.size === 0 ? [] : contactIds.filter((contactId) => unprocessed.has(tableKeyId(dncKey(tenantId, contactId))));
    return { blocked, unchecked };
  }
};

// shared/adapters/dynamodb/batch-write.ts
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
var BATCH_WRITE_LIMIT = 25;
var batchWriteAll = async (client, tableName, items2, options = {}) => {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let i = 0; i < items2.length; i += BATCH_WRITE_LIMIT) {
    let pending = items2.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts)
        throw new Error(`${pending.length} items stayed unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0 && deadlinePassed())
        throw new Error(`${pending.length} items stayed unprocessed when the deadline passed`);
      if (attempt > 0) await waitBeforeRetry(attempt - 1, options);
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = output.UnprocessedItems?.[tableName] ?? [];
    }
  }
};

// shared/adapters/dynamodb/query-all.ts
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
var queryAll = async (client, input) => {
  const items2 = [];
  let startKey;
  do {
    const output = await client.send(
      new QueryCommand({ ...input, ...startKey ? { ExclusiveStartKey: startKey } : {} })
    );
    items2.push(...output.Items ?? []);
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return items2;
};

// shared/adapters/dynamodb/query-page.ts
import { QueryCommand as QueryCommand2 } from "@aws-sdk/lib-dynamodb";
var MAX_QUERY_CALLS_PER_PAGE = 10;
var keyOf = (item, indexKeys) => Object.fromEntries(["pk", "sk", ...indexKeys].map((name) => [name, String(item[name])]));
var queryPage = async (client, tableName, input, page, indexKeys) => {
  const items2 = [];
  let startKey = page.startKey;
  for (let call = 0; call < MAX_QUERY_CALLS_PER_PAGE; call++) {
    const output = await client.send(
      new QueryCommand2({
        ...input,
        TableName: tableName,
        Limit: input.FilterExpression ? Math.max(page.limit, 200) : page.limit - items2.length,
        ...startKey ? { ExclusiveStartKey: startKey } : {}
      })
    );
    for (const item of output.Items ?? []) {
      items2.push(item);
      if (items2.length === page.limit) {
        const more = output.LastEvaluatedKey !== void 0 || item !== output.Items?.at(-1);
        return more ? { items: items2, nextKey: keyOf(item, indexKeys) } : { items: items2 };
      }
    }
    if (!output.LastEvaluatedKey) return { items: items2 };
    startKey = output.LastEvaluatedKey;
  }
  return startKey ? { items: items2, nextKey: startKey } : { items: items2 };
};

// shared/adapters/dynamodb/timeline-range.ts
var sortKeyRange = (range, names, values2, sortKey) => {
  if (range.from === void 0 && range.to === void 0) return "";
  names["#sk"] = sortKey;
  if (range.from !== void 0) values2[":from"] = range.from;
  if (range.to !== void 0) values2[":to"] = `${range.to}#\uFFFF`;
  if (range.from !== void 0 && range.to !== void 0) return " AND #sk BETWEEN :from AND :to";
  return range.from !== void 0 ? " AND #sk >= :from" : " AND #sk <= :to";
};

// shared/adapters/dynamodb/filter-run-repository.ts
var ENTRIES_PER_CHUNK = 500;
var toRunSummary = (item) => ({
  tenantId: String(item.tenantId),
  runId: String(item.runId),
  campaignId: String(item.campaignId),
  createdAt: String(item.createdAt),
  ...typeof item.category === "string" ? { category: item.category } : {},
  summary: item.summary
});
var DynamoDbFilterRunRepository = class {
  constructor(client, tableName) {
    this.client = client;
    this.tableName = tableName;
  }
  client;
  tableName;
  /** W9: stores a run's report; rewriting the same run id overwrites it with the same content. */
  async saveFilterRun(report, ttlSeconds) {
    const pk = filterRunPk(report.tenantId, report.runId);
    const expiresAt = Math.floor(Date.parse(report.createdAt) / 1e3) + ttlSeconds;
    const chunks = [];
    for (let i = 0; i < report.filtered.length; i += ENTRIES_PER_CHUNK) {
      chunks.push(report.filtered.slice(i, i + ENTRIES_PER_CHUNK));
    }
    await batchWriteAll(this.client, this.tableName, [
      {
        pk,
        sk: FILTER_RUN_SUMMARY_SK,
        entity: "filter_run",
        tenantId: report.tenantId,
        runId: report.runId,
        campaignId: report.campaignId,
        createdAt: report.createdAt,
        ...report.category === void 0 ? {} : { category: report.category },
        summary: report.summary,
        chunks: chunks.length,
        gsi1pk: campaignRunsTimeline(report.tenantId, report.campaignId),
        gsi1sk: timelineSk(report.createdAt, report.runId),
        gsi2pk: tenantRunsTimeline(report.tenantId),
        gsi2sk: timelineSk(report.createdAt, report.runId),
        [TABLE_KEYS.ttlAttribute]: expiresAt
      },
      ...chunks.map((filtered, index) => ({
        pk,
        sk: filterRunChunkSk(index),
        entity: "filter_run_chunk",
        filtered,
        [TABLE_KEYS.ttlAttribute]: expiresAt
      }))
    ]);
  }
  /** R10: one run's report, the filtered list reassembled in order; undefined when unknown or expired. */
  async getFilterRun(tenantId, runId) {
    const items2 = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": filterRunPk(tenantId, runId) }
    });
    const summary = items2.find((item) => item.sk === FILTER_RUN_SUMMARY_SK);
    if (!summary || Number(summary[TABLE_KEYS.ttlAttribute]) * 1e3 < Date.now()) return void 0;
    const filtered = items2.filter((item) => String(item.sk).startsWith(FILTER_RUN_CHUNK_PREFIX)).sort((a, b) => String(a.sk).localeCompare(String(b.sk))).flatMap((item) => item.filtered);
    return { ...toRunSummary(summary), filtered };
  }
  /** R10b: a campaign's run summaries, newest first (GSI1), expired ones left out. */
  listCampaignRunsNewestFirst(tenantId, campaignId, page) {
    return this.listTimeline(INDEXES.byTenantTimeline, campaignRunsTimeline(tenantId, campaignId), {}, page);
  }
  /** R10c: the tenant's run summaries of every campaign, newest first (GSI2), optionally within a range. */
  listTenantRunsNewestFirst(tenantId, range, page) {
    return this.listTimeline(INDEXES.byContactTimeline, tenantRunsTimeline(tenantId), range, page);
  }
  /**
   * One page of a run timeline. TTL deletes lazily (up to days late), so expired summaries are filtered out by
   * their TTL attribute, as `getFilterRun` does; the filter may make a page short, never wrong.
   */
  async listTimeline(index, partition, range, page) {
    const names = { "#pk": index.partitionKey, "#ttl": TABLE_KEYS.ttlAttribute };
    const values2 = { ":pk": partition, ":now": Math.ceil(Date.now() / 1e3) };
    const sortKeyCondition = sortKeyRange(range, names, values2, index.sortKey);
    const { items: items2, nextKey } = await queryPage(
      this.client,
      this.tableName,
      {
        IndexName: index.indexName,
        KeyConditionExpression: `#pk = :pk${sortKeyCondition}`,
        FilterExpression: "#ttl >= :now",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values2,
        ScanIndexForward: false
      },
      page,
      [index.partitionKey, index.sortKey]
    );
    return { items: items2.map(toRunSummary), ...nextKey ? { nextKey } : {} };
  }
};

// shared/domain/recipient-choices.ts
var hasChoices = (choices) => choices !== void 0 && (choices.pause !== void 0 || Object.keys(choices.topics).length > 0);
var pausedUntil = (choices, now) => {
  const until = choices?.pause?.until;
  return until !== void 0 && Date.parse(until) > now.getTime() ? until : void 0;
};
var subscribedTo = (choices, topic) => choices?.topics[topic.id]?.subscribed ?? topic.defaultSubscribed;

// shared/domain/kinds.ts
var KINDS = ["email", "domain", "phone", "linkedin"];

// shared/domain/roles.ts
var PERSON_CLAIM_LIMITS = { displayName: 256, email: 320 };

// shared/domain/zod.ts
var zod_exports = {};
__export(zod_exports, {
  compiledStrictObject: () => compiledStrictObject
});
__reExport(zod_exports, mini_star);
import * as z from "zod/mini";
import * as core from "zod/v4/core";
import en from "zod/v4/locales/en.js";
import * as mini_star from "zod/mini";
z.config(en());
var ZodMiniCompiledObject = /* @__PURE__ */ core.$constructor(
  "ZodMiniCompiledObject",
  (inst, def) => {
    const initCompiledParser = core.$ZodObjectJIT.init;
    const initMiniMethods = z.ZodMiniType.init;
    initCompiledParser(inst, def);
    initMiniMethods(inst, def);
  }
);
var compiledStrictObject = (shape) => new ZodMiniCompiledObject({
  type: "object",
  shape,
  catchall: z.never()
});

// shared/domain/suppression.ts
var suppressionDetailSchema = zod_exports.strictObject({
  note: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(1e3))),
  /** SES bounce type (Permanent, Transient, Undetermined) and subtype, diagnostic code and feedback id. */
  bounceType: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(64))),
  bounceSubType: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(64))),
  diagnosticCode: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(1e3))),
  feedbackId: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(256))),
  /** ARF feedback type of a complaint (abuse, fraud, not-spam, ...). */
  complaintFeedbackType: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(64))),
  /** Why a rule fired, e.g. "3 transient bounces within 7 days". */
  reason: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(500))),
  /** Set when a contact-level do-not-contact suppressed this value. */
  doNotContact: zod_exports.optional(zod_exports.boolean()),
  /**
   * Set by an import job: the job and the chunk (its first line) that wrote this source, so a retried chunk
   * recognises its own earlier write and answers `added` again instead of `already_suppressed`.
   */
  importId: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(64))),
  importChunk: zod_exports.optional(zod_exports.number().check(zod_exports.int(), zod_exports.minimum(1)))
});
var sourceRecordSchema = zod_exports.strictObject({
  at: zod_exports.iso.datetime(),
  addedBy: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(128))),
  /** Who `addedBy` is, as their credential named them (PERSON_CLAIM_LIMITS): shown, never filtered on. */
  addedByName: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(PERSON_CLAIM_LIMITS.displayName))),
  addedByEmail: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(PERSON_CLAIM_LIMITS.email))),
  campaignId: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(256))),
  contactId: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(128))),
  detail: zod_exports.optional(suppressionDetailSchema),
  ip: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(64))),
  userAgent: zod_exports.optional(zod_exports.string().check(zod_exports.maxLength(512)))
});
var entrySources = (entry) => SOURCES.filter((source) => entry.sources[source] !== void 0);
var kindSchema = zod_exports.enum(KINDS);
var sourceSchema = zod_exports.enum(SOURCES);

// shared/adapters/dynamodb/entry-write-items.ts
var newEntryItem = (command) => {
  const { key, source, record } = command;
  return {
    ...entryTableKey(key.tenantId, key.kind, key.valueHash),
    [ATTR.entity]: "suppression",
    [ATTR.tenantId]: key.tenantId,
    [ATTR.kind]: key.kind,
    [ATTR.valueHash]: key.valueHash,
    [ATTR.value]: command.value,
    [ATTR.display]: command.display,
    [ATTR.createdAt]: record.at,
    [ATTR.updatedAt]: record.at,
    [sourceAttribute(source)]: record,
    [ATTR.sources]: /* @__PURE__ */ new Set([source]),
    [ATTR.version]: 1,
    ...record.addedBy === void 0 ? {} : { [ATTR.addedBy]: /* @__PURE__ */ new Set([record.addedBy]) },
    gsi1pk: tenantTimelineOf(key.tenantId),
    gsi1sk: timelineSortKey(record.at, key.kind, key.valueHash)
  };
};
var joinEntryUpdate = (tableName, command) => {
  const { key, source, record } = command;
  const names = {
    "#src": sourceAttribute(source),
    "#value": ATTR.value,
    "#display": ATTR.display,
    "#updatedAt": ATTR.updatedAt,
    "#srcs": ATTR.sources,
    "#version": ATTR.version,
    "#createdAt": ATTR.createdAt
  };
  const values2 = {
    ":rec": record,
    ":value": command.value,
    ":display": command.display,
    ":at": record.at,
    ":srcs": /* @__PURE__ */ new Set([source]),
    ":one": 1,
    ":g1pk": tenantTimelineOf(key.tenantId),
    ":g1sk": timelineSortKey(record.at, key.kind, key.valueHash)
  };
  let addedBy = "";
  if (record.addedBy !== void 0) {
    names["#addedBys"] = ATTR.addedBy;
    values2[":addedBy"] = /* @__PURE__ */ new Set([record.addedBy]);
    addedBy = ", #addedBys :addedBy";
  }
  return {
    Update: {
      TableName: tableName,
      Key: entryTableKey(key.tenantId, key.kind, key.valueHash),
      // The clear value comes back with a new source when it was erased: the new source's request carries it.
      // An item that held only a recipient's choices becomes an entry here: it gets its creation time and its
      // place on the tenant's list (GSI1) from this first source; an entry keeps the ones it has.
      UpdateExpression: `SET #src = :rec, #value = if_not_exists(#value, :value), #display = if_not_exists(#display, :display), #createdAt = if_not_exists(#createdAt, :at), gsi1pk = if_not_exists(gsi1pk, :g1pk), gsi1sk = if_not_exists(gsi1sk, :g1sk), #updatedAt = :at ADD #srcs :srcs, #version :one${addedBy}`,
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#src)",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values2,
      ReturnValuesOnConditionCheckFailure: "ALL_OLD"
    }
  };
};
var addSourceItems = (tableName, command, write) => {
  const { key, event } = command;
  const entry = write === "create" ? {
    Put: {
      TableName: tableName,
      Item: newEntryItem(command),
      ConditionExpression: "attribute_not_exists(pk)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD"
    }
  } : joinEntryUpdate(tableName, command);
  return [entry, activityPut(tableName, event, suppressionPk(key.tenantId, key.kind, key.valueHash))];
};
var removeSourcesItems = (tableName, command) => {
  const { key, sources, current, event } = command;
  const expectedVersion = current.version;
  const remaining = entrySources(current).filter((source) => !sources.includes(source));
  const tableKey = entryTableKey(key.tenantId, key.kind, key.valueHash);
  const guard2 = {
    ConditionExpression: "#version = :expected",
    ExpressionAttributeNames: { "#version": ATTR.version },
    ExpressionAttributeValues: { ":expected": expectedVersion }
  };
  const keepChoices = remaining.length === 0 && hasChoices(current.choices);
  const leaveList = keepChoices ? ", #createdAt, gsi1pk, gsi1sk" : "";
  const change = remaining.length === 0 && !keepChoices ? { Delete: { TableName: tableName, Key: tableKey, ...guard2 } } : {
    Update: {
      TableName: tableName,
      Key: tableKey,
      UpdateExpression: `REMOVE ${sources.map((_, i) => `#r${i}`).join(", ")}${leaveList} SET #updatedAt = :at DELETE #srcs :gone ADD #version :one`,
      ConditionExpression: guard2.ConditionExpression,
      ExpressionAttributeNames: {
        ...guard2.ExpressionAttributeNames,
        ...Object.fromEntries(sources.map((source, i) => [`#r${i}`, sourceAttribute(source)])),
        "#updatedAt": ATTR.updatedAt,
        "#srcs": ATTR.sources,
        ...keepChoices ? { "#createdAt": ATTR.createdAt } : {}
      },
      ExpressionAttributeValues: {
        ...guard2.ExpressionAttributeValues,
        ":at": event.at,
        ":gone": new Set(sources),
        ":one": 1
      }
    }
  };
  return [change, activityPut(tableName, event, suppressionPk(key.tenantId, key.kind, key.valueHash))];
};

// shared/adapters/dynamodb/suppression-list-query.ts
var placeholders = (values2, prefix, items2) => items2.map((item, i) => {
  values2[`:${prefix}${i}`] = item;
  return `:${prefix}${i}`;
});
var suppressionListQuery = (tenantId, filter2) => {
  const index = INDEXES.byTenantTimeline;
  const names = { "#pk": index.partitionKey };
  const values2 = { ":pk": tenantTimelineOf(tenantId) };
  let keyCondition = "#pk = :pk";
  if (filter2.from !== void 0 || filter2.to !== void 0) names["#sk"] = index.sortKey;
  if (filter2.from !== void 0) values2[":from"] = filter2.from;
  if (filter2.to !== void 0) values2[":to"] = `${filter2.to}#\uFFFF`;
  if (filter2.from !== void 0 && filter2.to !== void 0) keyCondition += " AND #sk BETWEEN :from AND :to";
  else if (filter2.from !== void 0) keyCondition += " AND #sk >= :from";
  else if (filter2.to !== void 0) keyCondition += " AND #sk <= :to";
  const conditions = [];
  if (filter2.sources?.length) {
    names["#srcs"] = ATTR.sources;
    const any = placeholders(values2, "src", filter2.sources).map((name) => `contains(#srcs, ${name})`);
    conditions.push(`(${any.join(" OR ")})`);
  }
  if (filter2.kinds?.length) {
    names["#kind"] = ATTR.kind;
    conditions.push(`#kind IN (${placeholders(values2, "kind", filter2.kinds).join(", ")})`);
  }
  if (filter2.addedBy !== void 0) {
    names["#addedBys"] = ATTR.addedBy;
    values2[":addedBy"] = filter2.addedBy;
    conditions.push("contains(#addedBys, :addedBy)");
  }
  if (filter2.valuePrefixes?.length) {
    names["#value"] = ATTR.value;
    const any = placeholders(values2, "q", filter2.valuePrefixes).map((name) => `begins_with(#value, ${name})`);
    conditions.push(`(${any.join(" OR ")})`);
  }
  return {
    IndexName: index.indexName,
    KeyConditionExpression: keyCondition,
    ...conditions.length > 0 ? { FilterExpression: conditions.join(" AND ") } : {},
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values2,
    ScanIndexForward: false
  };
};

// shared/adapters/dynamodb/suppression-repository.ts
var suppressionKeyId = (key) => suppressionPk(key.tenantId, key.kind, key.valueHash);
var DECISION_ATTRIBUTES = [
  ATTR.tenantId,
  ATTR.kind,
  ATTR.valueHash,
  ATTR.createdAt,
  ATTR.version,
  ...Object.keys(SOURCE_RULES).map((source) => sourceAttribute(source)),
  ATTR.pause
];
var ADD_GROUP_SIZE = 50;
var MAX_ENTRY_SWITCHES = 8;
var DynamoDbSuppressionRepository = class {
  constructor(client, tableName, retry = {}) {
    this.client = client;
    this.tableName = tableName;
    this.retry = retry;
  }
  client;
  tableName;
  retry;
  /**
   * W1: adds one source to an entry (creating the entry if needed) and writes its audit event, in one
   * transaction, and tells what it did from the transaction alone: one request when the entry is new or the
   * source already holds it, two when other sources hold it (see {@link EntryWrite}).
   */
  async addSuppression(command) {
    const [outcome] = await this.addSuppressions([command]);
    return outcome;
  }
  /**
   * W1b: the W1 write for many values at once, {@link ADD_GROUP_SIZE} values (entry write + event) per
   * TransactWriteItems and a few transactions in flight, for bulk imports. Each entry is created, or joined when
   * the command says it exists; a failed condition hands back the entry as it is, so a value this source already
   * holds comes back `already_suppressed` and leaves the group, and a value whose entry was created (or deleted)
   * meanwhile switches form, and the group is retried. Every committed value wrote exactly one event with its
   * change. The commands must name distinct keys.
   */
  async addSuppressions(commands, options = {}) {
    const outcomes = new Array(commands.length);
    const groups = [];
    for (let i = 0; i < commands.length; i += ADD_GROUP_SIZE) {
      groups.push(Array.from({ length: Math.min(ADD_GROUP_SIZE, commands.length - i) }, (_, j) => i + j));
    }
    const commandAt = (index) => commands[index];
    const writeGroup = async (group) => {
      const forms = new Map(
        group.map((index) => [index, commandAt(index).entryExists ? "join" : "create"])
      );
      const switches = /* @__PURE__ */ new Map();
      const found = /* @__PURE__ */ new Map();
      let pending = group;
      while (pending.length > 0) {
        const items2 = pending.flatMap(
          (index) => addSourceItems(this.tableName, commandAt(index), forms.get(index))
        );
        const outcome = await transactWrite(this.client, items2, this.retry);
        if (outcome.committed) {
          for (const index of pending) {
            const entry = found.get(index);
            outcomes[index] = forms.get(index) === "create" ? { status: "added" } : { status: "source_added", ...entry ? { entry } : {} };
          }
          return;
        }
        const settled = /* @__PURE__ */ new Set();
        pending.forEach((index, position) => {
          const command = commandAt(index);
          if (!outcome.failedConditions.has(2 * position)) {
            if (outcome.failedConditions.has(2 * position + 1))
              throw new Error(`activity event ${command.event.eventId} already exists`);
            return;
          }
          const old = outcome.failedConditions.get(2 * position);
          const entry = old === void 0 ? void 0 : toSuppressionEntry(old);
          if (entry?.sources[command.source] !== void 0) {
            outcomes[index] = { status: "already_suppressed", entry };
            settled.add(index);
            return;
          }
          const switched = (switches.get(index) ?? 0) + 1;
          if (switched > MAX_ENTRY_SWITCHES) {
            throw new Error(`entry ${suppressionKeyId(command.key)} kept changing under its write`);
          }
          switches.set(index, switched);
          forms.set(index, entry === void 0 ? "create" : "join");
          if (entry === void 0) found.delete(index);
          else found.set(index, entry);
        });
        pending = pending.filter((index) => !settled.has(index));
      }
    };
    await mapBounded(groups, options.concurrency ?? 4, writeGroup);
    return outcomes;
  }
  /**
   * W2: takes sources off an entry (deleting it when none is left) and writes the audit event, in one
   * transaction guarded by the version the caller read, so a concurrent unsubscribe is never undone blindly.
   */
  async removeSources(command) {
    const outcome = await transactWrite(this.client, removeSourcesItems(this.tableName, command), this.retry);
    return outcome.committed ? "removed" : "conflict";
  }
  /** R1: one entry by (tenant, kind, value hash); the global list is the same call with the global tenant. */
  async getSuppression(key) {
    const { entries: entries2, unchecked } = await this.batchGetSuppressions([key]);
    if (unchecked.length > 0) throw new Error("DynamoDB did not answer for the entry");
    return entries2.get(suppressionKeyId(key));
  }
  /**
   * R2: many entries at once, 100 keys a call, several calls in flight; keys still unanswered after retries are
   * returned as `unchecked`, never as "not suppressed".
   */
  async batchGetSuppressions(keys, options = {}) {
    const tableKeys = keys.map((key) => entryTableKey(key.tenantId, key.kind, key.valueHash));
    const result = await batchGetAll(this.client, this.tableName, tableKeys, {
      ...this.retry,
      ...options.decisionOnly ? {
        projection: options.topic === void 0 ? DECISION_ATTRIBUTES : [...DECISION_ATTRIBUTES, topicChoiceAttribute(options.topic)]
      } : {},
      ...options.concurrency === void 0 ? {} : { concurrency: options.concurrency },
      ...options.distinctKeys ? { distinct: true } : {}
    });
    const entries2 = /* @__PURE__ */ new Map();
    const choices = [];
    for (const item of result.items.values()) {
      if (holdsSources(item)) {
        const entry = toSuppressionEntry(item);
        entries2.set(suppressionKeyId(entry), entry);
        if (entry.choices) choices.push({ key: entry, choices: entry.choices });
        continue;
      }
      const held = toRecipientChoices(item);
      if (held) {
        const key = {
          tenantId: String(item[ATTR.tenantId]),
          kind: item[ATTR.kind],
          valueHash: String(item[ATTR.valueHash])
        };
        choices.push({ key, choices: held });
      }
    }
    const byTableKey = result.unprocessed.length === 0 ? /* @__PURE__ */ new Map() : new Map(tableKeys.map((tableKey, index) => [tableKeyId(tableKey), keys[index]]));
    const unchecked = result.unprocessed.flatMap((tableKey) => byTableKey.get(tableKeyId(tableKey)) ?? []);
    return { entries: entries2, choices, unchecked, requests: result.requests, readUnits: result.readUnits };
  }
  /**
   * R3: a tenant's entries newest first on GSI1 (suppression-list-query.ts builds the Query). Reads on until
   * the page is full or ten calls were spent, then hands back a key to go on.
   */
  async listSuppressionsNewestFirst(tenantId, filter2, page) {
    const index = INDEXES.byTenantTimeline;
    const { items: items2, nextKey } = await queryPage(
      this.client,
      this.tableName,
      suppressionListQuery(tenantId, filter2),
      page,
      [index.partitionKey, index.sortKey]
    );
    return { items: items2.map(toSuppressionEntry), ...nextKey ? { nextKey } : {} };
  }
  /**
   * R3′: the position just after `entry` in {@link listSuppressionsNewestFirst}, for callers that stop inside a
   * page (an export that fills its response): passed back as `startKey`, the list goes on with the next entry.
   */
  listPositionAfter(entry) {
    return {
      ...entryTableKey(entry.tenantId, entry.kind, entry.valueHash),
      [INDEXES.byTenantTimeline.partitionKey]: tenantTimelineOf(entry.tenantId),
      [INDEXES.byTenantTimeline.sortKey]: timelineSortKey(entry.createdAt, entry.kind, entry.valueHash)
    };
  }
};

// shared/domain/normalize-domain.ts
import { domainToASCII, domainToUnicode } from "node:url";

// shared/domain/result.ts
var ok = (value) => ({ ok: true, value });
var err = (error) => ({ ok: false, error });

// shared/domain/normalize-domain.ts
var MAX_DOMAIN_LENGTH = 253;
var MAX_LABEL_LENGTH = 63;
var INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;
var HOSTNAME_ASCII = /^[a-zA-Z0-9.-]$/;
var LABEL = /^[a-z0-9-]+$/;
var ALL_DIGITS = /^[0-9]+$/;
var toAsciiDomain = (raw) => {
  if (raw === "") return err("the domain is missing");
  if (INVISIBLE_OR_SPACE.test(raw)) return err("the domain contains spaces, control or invisible characters");
  if (raw.startsWith("[")) return err("IP address literals are not accepted; use a domain name");
  const stray = [...raw].find((char) => char < "\x80" && !HOSTNAME_ASCII.test(char));
  if (stray !== void 0) {
    return err(`the domain contains ${JSON.stringify(stray)}, which is not allowed in a domain name`);
  }
  const converted = domainToASCII(raw);
  if (converted === "") return err("the domain is not a valid (internationalized) domain name");
  const ascii = converted.endsWith(".") ? converted.slice(0, -1) : converted;
  if (ascii.length > MAX_DOMAIN_LENGTH)
    return err(`the domain is longer than ${MAX_DOMAIN_LENGTH} characters`);
  const labels = ascii.split(".");
  if (labels.length < 2) return err("the domain needs at least one dot (like example.com)");
  for (const label of labels) {
    const problem = labelProblem(label);
    if (problem !== void 0) return err(problem);
  }
  const tld = labels.at(-1) ?? "";
  if (ALL_DIGITS.test(tld)) {
    return err(`the top-level domain ${JSON.stringify(tld)} is all digits (IP addresses are not accepted)`);
  }
  return ok(ascii);
};
var labelProblem = (label) => {
  if (label === "") return "the domain has an empty part (a leading dot or two dots in a row)";
  const quoted = JSON.stringify(label);
  if (label.length > MAX_LABEL_LENGTH) {
    return `the domain part ${quoted} is longer than ${MAX_LABEL_LENGTH} characters`;
  }
  if (!LABEL.test(label)) return `the domain part ${quoted} contains characters not allowed in a domain name`;
  if (label.startsWith("-") || label.endsWith("-"))
    return `the domain part ${quoted} starts or ends with a hyphen`;
  if (label.startsWith("xn--")) {
    const decoded = domainToUnicode(label);
    if (decoded === label || domainToASCII(decoded) !== label)
      return `the domain part ${quoted} is not valid punycode`;
  }
  return void 0;
};
var invalidDomain = (input, reason) => err({ code: "invalid_value", kind: "domain", input, reason });
var MAX_WILDCARD_LABELS = 5;
var WILDCARD_PREFIX = "*.";
var parseDomain = (input) => {
  const display = input.trim();
  if (display === "") return invalidDomain(input, "the value is empty");
  const raw = display.startsWith("@") ? display.slice(1) : display;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return invalidDomain(input, "this is a URL; enter only the domain, like @example.com");
  }
  if (raw.includes("@")) {
    return invalidDomain(
      input,
      'the domain contains "@"; write a domain as @example.com, or enter an email address'
    );
  }
  const wildcard = raw.startsWith(WILDCARD_PREFIX);
  const ascii = toAsciiDomain(wildcard ? raw.slice(WILDCARD_PREFIX.length) : raw);
  if (!ascii.ok) {
    return invalidDomain(
      input,
      wildcard && !raw.slice(WILDCARD_PREFIX.length).includes(".") ? "a wildcard needs a domain of two labels at least after *. (like @*.example.com)" : ascii.error
    );
  }
  if (!wildcard) return ok({ kind: "domain", value: `@${ascii.value}`, display });
  const labels = ascii.value.split(".").length;
  if (labels > MAX_WILDCARD_LABELS) {
    return invalidDomain(
      input,
      `a wildcard may cover a domain of at most ${MAX_WILDCARD_LABELS} labels after *., this one has ${labels}; use a shorter one (like @*.${ascii.value.split(".").slice(-MAX_WILDCARD_LABELS).join(".")}) or the exact domain`
    );
  }
  return ok({ kind: "domain", value: `@${WILDCARD_PREFIX}${ascii.value}`, display });
};
var domainOfEmail = (normalizedEmail) => `@${normalizedEmail.slice(normalizedEmail.lastIndexOf("@") + 1)}`;
var domainEntriesCovering = (normalizedDomain) => {
  const wildcard = normalizedDomain.startsWith(`@${WILDCARD_PREFIX}`);
  const labels = normalizedDomain.slice(wildcard ? 1 + WILDCARD_PREFIX.length : 1).split(".");
  const entries2 = wildcard ? [] : [normalizedDomain];
  for (let count = 2; count <= Math.min(labels.length, MAX_WILDCARD_LABELS); count++) {
    entries2.push(`@${WILDCARD_PREFIX}${labels.slice(-count).join(".")}`);
  }
  return entries2;
};

// shared/domain/normalize-email.ts
var MAX_LOCAL_OCTETS = 64;
var MAX_ADDRESS_LENGTH = 254;
var INVISIBLE_OR_SPACE2 = /[\s\p{Cc}\p{Cf}]/u;
var LOCAL_CHAR = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]$|^[\p{L}\p{M}\p{N}]$/u;
var utf8Length = (text) => new TextEncoder().encode(text).length;
var invalidEmail = (input, reason) => err({ code: "invalid_value", kind: "email", input, reason });
var stripDisplayName = (text) => {
  if (!text.endsWith(">")) return text;
  const open = text.lastIndexOf("<");
  return open === -1 ? text : text.slice(open + 1, -1).trim();
};
var holdsSeveralAddresses = (text) => {
  const unquoted = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return (unquoted.match(/@/g)?.length ?? 0) > 1 && /[,;]|>\s*\S/.test(unquoted);
};
var localPartProblem = (local) => {
  if (local.startsWith(".") || local.endsWith(".")) return "the part before the @ starts or ends with a dot";
  if (local.includes("..")) return "the part before the @ has two dots in a row";
  const stray = [...local].find((char) => char !== "." && !LOCAL_CHAR.test(char));
  if (stray !== void 0) {
    return `the part before the @ contains ${JSON.stringify(stray)}, which is not allowed in an address`;
  }
  return void 0;
};
var parseEmail = (input) => {
  const plain = plainAddress(input);
  return plain === void 0 ? parseAnyEmail(input) : ok({ kind: "email", value: plain, display: input });
};
var PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
var plainAddress = (input) => {
  if (input.length > MAX_ADDRESS_LENGTH || !PLAIN_ADDRESS.test(input)) return void 0;
  const at2 = input.indexOf("@");
  if (at2 > MAX_LOCAL_OCTETS || input.includes("--", at2)) return void 0;
  return input.toLowerCase();
};
var parseAnyEmail = (input) => {
  const display = input.trim();
  if (display === "") return invalidEmail(input, "the value is empty");
  if (holdsSeveralAddresses(display)) {
    return invalidEmail(input, "the value holds several addresses; give one address per value");
  }
  const address = stripDisplayName(display);
  if (address === "") return invalidEmail(input, "the address is empty");
  if (address.includes("<") || address.includes(">")) {
    return invalidEmail(input, "the angle brackets (< >) must enclose the whole address");
  }
  if (address.startsWith('"')) {
    return invalidEmail(input, 'quoted addresses ("..."@example.com) are not supported');
  }
  if (INVISIBLE_OR_SPACE2.test(address)) {
    return invalidEmail(input, "the address contains spaces, control or invisible characters");
  }
  const parts = address.split("@");
  if (parts.length === 1) return invalidEmail(input, "the @ is missing");
  if (parts.length > 2) return invalidEmail(input, "the address has more than one @");
  const [rawLocal = "", rawDomain = ""] = parts;
  if (rawLocal === "") return invalidEmail(input, "the part before the @ is missing");
  if (rawDomain === "") return invalidEmail(input, "the domain is missing");
  const local = rawLocal.normalize("NFC").toLowerCase().normalize("NFC");
  const localProblem = localPartProblem(local);
  if (localProblem !== void 0) return invalidEmail(input, localProblem);
  if (utf8Length(local) > MAX_LOCAL_OCTETS) {
    return invalidEmail(input, `the part before the @ is longer than ${MAX_LOCAL_OCTETS} characters`);
  }
  const domain = toAsciiDomain(rawDomain);
  if (!domain.ok) return invalidEmail(input, domain.error);
  const value = `${local}@${domain.value}`;
  if (value.length > MAX_ADDRESS_LENGTH) {
    return invalidEmail(input, `the address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  }
  return ok({ kind: "email", value, display });
};

// shared/domain/unsubscribe-token.ts
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomFillSync
} from "node:crypto";

// shared/domain/invalid-value.ts
var MAX_INPUT_LENGTH = 2048;
var shorten = (text, length) => {
  const chars = Array.from(text);
  return chars.length <= length ? text : `${chars.slice(0, length).join("")}\u2026`;
};

// shared/domain/tenant.ts
var GLOBAL_TENANT = "_global";
var TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
var parseTenantId = (input) => {
  if (typeof input !== "string") return err("tenant id must be a string");
  if (!TENANT_ID.test(input)) {
    return err(
      `"${input.slice(0, 80)}" is not a valid tenant id: use 1-64 letters, digits, "_" or "-", not starting with "_" or "-"`
    );
  }
  return ok(input);
};
var CONTACT_ID = /^[\x21-\x7e]{1,128}$/;
var isContactId = (input) => CONTACT_ID.test(input);
var contactIdRefusal = (input) => `"${input.slice(0, 80)}" is not a valid contact id: use 1-128 printable ASCII characters without spaces`;
var parseContactId = (input) => {
  if (typeof input !== "string") return err("contact id must be a string");
  if (!isContactId(input)) return err(contactIdRefusal(input));
  return ok(input);
};

// shared/domain/topics.ts
var TOPIC_ID_PATTERN = /^[a-z0-9-]{1,40}$/;

// shared/domain/unsubscribe-token.ts
var TOKEN_VERSION = 1;
var MAX_CAMPAIGN_LENGTH = 256;
var NONCE_BYTES = 12;
var TAG_BYTES = 16;
var GCM_OPTIONS = { authTagLength: TAG_BYTES };
var DAY_MS = 864e5;
var FLAG_CAMPAIGN = 1;
var FLAG_TOPIC = 2;
var MAX_FIELD_BYTES = 16383;
var strictUtf8 = new TextDecoder("utf-8", { fatal: true });
var aesKeys = /* @__PURE__ */ new WeakMap();
var aesKeyOf = (linkKey) => {
  let key = aesKeys.get(linkKey);
  if (!key) {
    key = createSecretKey(
      new Uint8Array(hkdfSync("sha256", linkKey, "quietlist", "unsubscribe-token-aes-256-gcm", 32))
    );
    aesKeys.set(linkKey, key);
  }
  return key;
};
var noncePool = Buffer.alloc(NONCE_BYTES * 256);
var nonceOffset = noncePool.length;
var writeNonce = (target, offset) => {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  noncePool.copy(target, offset, nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
};
var header = (keyId) => {
  const id = Buffer.from(keyId, "ascii");
  return Buffer.concat([Buffer.from([TOKEN_VERSION, id.length]), id]);
};
var varint = (length) => length < 128 ? [length] : [length & 127 | 128, length >> 7];
var writeVarint = (target, offset, length) => {
  if (length < 128) {
    target[offset] = length;
    return offset + 1;
  }
  target[offset] = length & 127 | 128;
  target[offset + 1] = length >> 7;
  return offset + 2;
};
var LONE_SURROGATE = new RegExp("\\p{Cs}", "u");
var fieldBytes = (name, text) => {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes !== text.length && LONE_SURROGATE.test(text)) {
    throw new InvalidInputError(`${name}: not valid Unicode text`);
  }
  if (bytes > MAX_FIELD_BYTES) throw new InvalidInputError(`${name} is too long for a link`);
  return bytes;
};
var field = (name, text) => {
  const bytes = fieldBytes(name, text);
  return Buffer.concat([Buffer.from(varint(bytes)), Buffer.from(text, "utf8")]);
};
var DAY = /^\d{4}-\d{2}-\d{2}$/;
var dayNumber = (issuedOn) => {
  const ms = DAY.test(issuedOn) ? Date.parse(`${issuedOn}T00:00:00Z`) : Number.NaN;
  const day = ms / DAY_MS;
  if (!Number.isInteger(day) || day < 0 || day > 65535 || dayOf(day) !== issuedOn) {
    throw new InvalidInputError(`issuedOn "${issuedOn}" is not a day between 1970-01-01 and 2149-06-06`);
  }
  return day;
};
var dayOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
var tokenDay = (at2) => at2.toISOString().slice(0, 10);
var checkRun = (run) => {
  const tenant = parseTenantId(run.tenantId);
  if (!tenant.ok) throw new InvalidInputError(`tenantId: ${tenant.error}`);
  const kindIndex = KINDS.indexOf(run.kind);
  if (kindIndex < 0) throw new InvalidInputError(`kind: "${String(run.kind)}" is not a kind of value`);
  const { campaignId } = run;
  if (campaignId !== void 0 && (campaignId.length === 0 || campaignId.length > MAX_CAMPAIGN_LENGTH)) {
    throw new InvalidInputError(`campaignId: must be 1-${MAX_CAMPAIGN_LENGTH} characters`);
  }
  if (run.topic !== void 0 && !TOPIC_ID_PATTERN.test(run.topic)) {
    throw new InvalidInputError(`topic: "${run.topic}" is not a topic id ([a-z0-9-], 1-40 characters)`);
  }
  return { kindIndex, day: dayNumber(run.issuedOn) };
};
var createTokenSealer = (keyring, run, options = {}) => {
  const keyId = options.keyId ?? keyring.activeLinkKey;
  const linkKey = Object.hasOwn(keyring.linkKeys, keyId) ? keyring.linkKeys[keyId] : void 0;
  if (!linkKey) throw new Error(`no link key "${keyId}" in the keyring`);
  const { kindIndex, day } = checkRun(run);
  const aesKey2 = aesKeyOf(linkKey);
  const aad2 = header(keyId);
  const nonceAt = aad2.length;
  const sealedAt = nonceAt + NONCE_BYTES;
  const head = Buffer.concat([
    Buffer.from([
      kindIndex,
      day >> 8,
      day & 255,
      (run.campaignId === void 0 ? 0 : FLAG_CAMPAIGN) | (run.topic === void 0 ? 0 : FLAG_TOPIC)
    ]),
    field("tenantId", run.tenantId)
  ]);
  const tail = Buffer.concat([
    run.campaignId === void 0 ? Buffer.alloc(0) : field("campaignId", run.campaignId),
    run.topic === void 0 ? Buffer.alloc(0) : field("topic", run.topic)
  ]);
  let plain = Buffer.alloc(0);
  let token = Buffer.alloc(0);
  return (contactId, value) => {
    if (!isContactId(contactId)) throw new InvalidInputError(`contactId: ${contactIdRefusal(contactId)}`);
    if (value.length === 0 || value.length > MAX_INPUT_LENGTH) {
      throw new InvalidInputError(`value: must be 1-${MAX_INPUT_LENGTH} characters`);
    }
    const valueBytes = fieldBytes("value", value);
    const plainLength = head.length + 2 + contactId.length + 2 + valueBytes + tail.length;
    if (plain.length < plainLength) plain = Buffer.allocUnsafe(plainLength * 2);
    head.copy(plain, 0);
    let at2 = writeVarint(plain, head.length, contactId.length);
    at2 += plain.write(contactId, at2, "latin1");
    at2 = writeVarint(plain, at2, valueBytes);
    at2 += plain.write(value, at2, "utf8");
    at2 += tail.copy(plain, at2);
    const tokenLength = sealedAt + at2 + TAG_BYTES;
    if (token.length < tokenLength) {
      token = Buffer.allocUnsafe(tokenLength * 2);
      aad2.copy(token, 0);
    }
    writeNonce(token, nonceAt);
    const cipher = createCipheriv("aes-256-gcm", aesKey2, token.subarray(nonceAt, sealedAt), GCM_OPTIONS);
    cipher.setAAD(aad2);
    const sealedLength = cipher.update(plain.subarray(0, at2)).copy(token, sealedAt);
    cipher.final();
    cipher.getAuthTag().copy(token, sealedAt + sealedLength);
    return token.toString("base64url", 0, tokenLength);
  };
};
var malformed = err({ code: "malformed" });

// shared/app/build-unsubscribe-link.ts
var ONE_CLICK = "List-Unsubscribe=One-Click";
var unsubscribePath = (token) => `/u/${token}`;
var checkedBaseUrl = (text) => {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the public base URL "${text}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`the public base URL "${text}" must be http(s)`);
  }
  if (url.search || url.hash)
    throw new Error(`the public base URL "${text}" may not have a query or fragment`);
  return text.replace(/\/+$/, "");
};
var checkedMailto = (text) => {
  const parsed = parseEmail(text.replace(/^mailto:/i, ""));
  if (!parsed.ok) throw new Error(`the unsubscribe mailto address "${text}" is not an email address`);
  return parsed.value.value.replace(/[^A-Za-z0-9.!$&'*+\-=^_`{|}~@]/g, (char) => encodeURIComponent(char));
};
var DAY_MS2 = 864e5;
var issuedOnClock = (nowMs) => {
  let day;
  return () => {
    const ms = nowMs();
    if (day === void 0 || ms < day.from || ms >= day.until) {
      const from = ms - ms % DAY_MS2;
      day = { issuedOn: tokenDay(new Date(ms)), from, until: from + DAY_MS2 };
    }
    return day.issuedOn;
  };
};
var createUnsubscribeLinkBuilder = (options) => {
  const base = checkedBaseUrl(options.publicBaseUrl);
  const mailto = options.mailto === void 0 ? void 0 : checkedMailto(options.mailto);
  const { now } = options;
  const today = issuedOnClock(now === void 0 ? Date.now : () => now().getTime());
  let run;
  let seal;
  return (request2) => {
    const issuedOn = today();
    if (seal === void 0 || run?.tenantId !== request2.tenantId || run.campaignId !== request2.campaignId || run.topic !== request2.topic || run.issuedOn !== issuedOn) {
      const next = {
        tenantId: request2.tenantId,
        ...request2.campaignId === void 0 ? {} : { campaignId: request2.campaignId },
        ...request2.topic === void 0 ? {} : { topic: request2.topic },
        issuedOn
      };
      seal = createTokenSealer(options.keyring, { ...next, kind: "email" });
      run = next;
    }
    const token = seal(request2.contactId, request2.email);
    const url = `${base}${unsubscribePath(token)}`;
    const listUnsubscribe = mailto === void 0 ? `<${url}>` : `<${url}>, <mailto:${mailto}?subject=unsubscribe%20${token}>`;
    return { url, headers: { "List-Unsubscribe": listUnsubscribe, "List-Unsubscribe-Post": ONE_CLICK } };
  };
};

// shared/app/call-limiter.ts
var createCallLimiter = (concurrency) => {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency ${concurrency} must be a whole number of at least 1`);
  }
  let running = 0;
  const waiting = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (call) => {
    if (running < concurrency) running++;
    else await new Promise((start) => waiting.push(start));
    try {
      return await call();
    } finally {
      release();
    }
  };
};

// shared/domain/channels.ts
var CHANNELS = ["email", "phone", "linkedin"];

// shared/domain/filter-reasons.ts
var FILTER_REASONS = [
  "unsubscribed",
  "domain_unsubscribed",
  "bounced",
  "complained",
  "do_not_contact",
  "do_not_email",
  "do_not_mass_email",
  "missing_email",
  "invalid_email",
  "global_suppression",
  "unchecked",
  "missing_phone",
  "invalid_phone",
  "missing_linkedin",
  "invalid_linkedin",
  "topic_unsubscribed",
  "paused"
];
var SOURCE_REASONS = {
  link: "unsubscribed",
  list_unsubscribe: "unsubscribed",
  admin: "unsubscribed",
  api: "unsubscribed",
  legacy: "unsubscribed",
  bounce: "bounced",
  spam_complaint: "complained",
  sms_stop: "unsubscribed"
};
var INVALID_VALUE_REASONS = {
  email: "invalid_email",
  phone: "invalid_phone",
  linkedin: "invalid_linkedin"
};
var MISSING_CHANNEL_REASONS = {
  email: "missing_email",
  phone: "missing_phone",
  linkedin: "missing_linkedin"
};
var reasonOfSource = (entry, source) => {
  if (entry.tenantId === GLOBAL_TENANT) return "global_suppression";
  if (entry.sources[source]?.detail?.doNotContact === true) return "do_not_contact";
  const reason = SOURCE_REASONS[source];
  return reason === "unsubscribed" && entry.kind === "domain" ? "domain_unsubscribed" : reason;
};
var ORDER = new Map(
  FILTER_REASONS.map((reason, index) => [reason, index])
);
var sortReasons = (reasons) => [...new Set(reasons)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));

// shared/domain/category-policy.ts
var CATEGORIES = ["marketing", "automation", "transactional"];
var CATEGORY_POLICIES = {
  marketing: {
    blockedByScopes: ["marketing", "all_but_transactional", "all"],
    honouredFlags: ["doNotContact", "doNotEmail", "doNotMassEmail"],
    requiresComplianceShortcodes: true
  },
  automation: {
    blockedByScopes: ["marketing", "all_but_transactional", "all"],
    honouredFlags: ["doNotContact", "doNotEmail"],
    requiresComplianceShortcodes: false
  },
  transactional: {
    blockedByScopes: ["all"],
    honouredFlags: ["doNotContact", "doNotEmail"],
    requiresComplianceShortcodes: false
  }
};
var FLAG_RULES = {
  doNotContact: { reason: "do_not_contact", channels: CHANNELS },
  doNotEmail: { reason: "do_not_email", channels: ["email"] },
  doNotMassEmail: { reason: "do_not_mass_email", channels: ["email"] }
};
var sourceBlocks = (category, source) => CATEGORY_POLICIES[category].blockedByScopes.includes(SOURCE_RULES[source].scope);
var entryBlockReasons = (category, entry) => sortReasons(
  entrySources(entry).filter((source) => sourceBlocks(category, source)).map((source) => reasonOfSource(entry, source))
);
var flagReasons = (category, flags2, channel) => CATEGORY_POLICIES[category].honouredFlags.filter((flag) => flags2[flag] === true && FLAG_RULES[flag].channels.includes(channel)).map((flag) => FLAG_RULES[flag].reason);

// shared/domain/choice-block-reasons.ts
var CHOICE_CATEGORIES = /* @__PURE__ */ new Set(["marketing", "automation"]);
var choiceBlockReasons = (category, topic, choices, now) => {
  if (!CHOICE_CATEGORIES.has(category)) return [];
  const reasons = [];
  if (topic !== void 0 && !subscribedTo(choices, topic)) reasons.push("topic_unsubscribed");
  if (pausedUntil(choices, now) !== void 0) reasons.push("paused");
  return reasons;
};

// shared/app/filter-lookups.ts
var LOOKUP_CHUNK = 100;
var AnsweredPrefix = class {
  answered = [];
  count = 0;
  answer(chunk) {
    this.answered[chunk] = true;
    while (this.answered[this.count]) this.count++;
  }
};
var keyIdOf = (key) => `${key.tenantId}\0${key.kind}\0${key.valueHash}`;
var FilterLookups = class {
  constructor(deps, run, keys, limit) {
    this.deps = deps;
    this.run = run;
    this.keys = keys;
    this.limit = limit;
  }
  deps;
  run;
  keys;
  limit;
  /** By key index (its position in `keys`): the reasons its entry gives the run's category, if any. */
  keyReasons = [];
  /** Indexes of keys whose recipient joined the run's topic (what an opt-in topic needs to allow them). */
  joinedTopic = /* @__PURE__ */ new Set();
  /** Indexes of keys that could not be read. */
  uncheckedKeys = /* @__PURE__ */ new Set();
  /** Contacts stored as do-not-contact, and contacts whose state could not be read. */
  doNotContact = /* @__PURE__ */ new Set();
  uncheckedContacts = /* @__PURE__ */ new Set();
  /** BatchGetItem calls and read units of the suppression lookup (the stats the filter reports). */
  requests = 0;
  readUnits = 0;
  /** The first error a lookup call threw; nothing new is sent after it. */
  failure;
  contactIds = [];
  seenContacts = /* @__PURE__ */ new Set();
  sentKeys = 0;
  sentContacts = 0;
  keyChunks = 0;
  contactChunks = 0;
  answeredKeys = new AnsweredPrefix();
  answeredContacts = new AnsweredPrefix();
  running = 0;
  answeredSinceWait = 0;
  wake;
  /** Distinct contacts met so far. */
  get contacts() {
    return this.contactIds.length;
  }
  addContact(contactId) {
    if (this.seenContacts.has(contactId)) return;
    this.seenContacts.add(contactId);
    this.contactIds.push(contactId);
  }
  /** Sends every full chunk not sent yet; true when it sent any. */
  sendFullChunks() {
    let sent = false;
    while (this.keys.length - this.sentKeys >= LOOKUP_CHUNK) {
      this.sendKeys(this.sentKeys + LOOKUP_CHUNK);
      sent = true;
    }
    while (this.contactIds.length - this.sentContacts >= LOOKUP_CHUNK) {
      this.sendContacts(this.sentContacts + LOOKUP_CHUNK);
      sent = true;
    }
    return sent;
  }
  /** Sends what is left, once every key and contact has been handed over. */
  sendRest() {
    this.sendFullChunks();
    if (this.keys.length > this.sentKeys) this.sendKeys(this.keys.length);
    if (this.contactIds.length > this.sentContacts) this.sendContacts(this.contactIds.length);
  }
  /** The chunks that hold every key and contact handed over so far, the one still filling included. */
  mark() {
    return {
      keyChunks: this.keyChunks + (this.keys.length > this.sentKeys ? 1 : 0),
      contactChunks: this.contactChunks + (this.contactIds.length > this.sentContacts ? 1 : 0)
    };
  }
  hasRead(mark) {
    return this.answeredKeys.count >= mark.keyChunks && this.answeredContacts.count >= mark.contactChunks;
  }
  /**
   * Waits until a call has ended since the last wait (true), or answers false once no call is running and none
   * has ended unseen: the filter decides what became decidable after each true.
   */
  async nextAnswers() {
    if (this.answeredSinceWait === 0) {
      if (this.running === 0) return false;
      await new Promise((wake) => {
        this.wake = wake;
      });
    }
    this.wake = void 0;
    this.answeredSinceWait = 0;
    return true;
  }
  sendKeys(end) {
    const start = this.sentKeys;
    const chunk = this.keyChunks++;
    this.sentKeys = end;
    const keys = this.keys.slice(start, end);
    this.call(async () => {
      const topic = this.run.topic;
      const found = await this.deps.suppressions.batchGetSuppressions(keys, {
        decisionOnly: true,
        distinctKeys: true,
        ...topic === void 0 ? {} : { topic: topic.id }
      });
      this.requests += found.requests;
      this.readUnits += found.readUnits;
      if (found.entries.size > 0 || found.choices.length > 0 || found.unchecked.length > 0) {
        const indexOf = new Map(keys.map((key, offset) => [keyIdOf(key), start + offset]));
        for (const entry of found.entries.values()) {
          const index = indexOf.get(keyIdOf(entry));
          const reasons = entryBlockReasons(this.run.category, entry);
          if (index !== void 0 && reasons.length > 0) this.keyReasons[index] = reasons;
        }
        for (const { key, choices } of found.choices) {
          const index = indexOf.get(keyIdOf(key));
          if (index === void 0) continue;
          if (topic !== void 0 && choices.topics[topic.id]?.subscribed === true)
            this.joinedTopic.add(index);
          const reasons = choiceBlockReasons(this.run.category, topic, choices, this.run.now);
          if (reasons.length > 0)
            this.keyReasons[index] = sortReasons([...this.keyReasons[index] ?? [], ...reasons]);
        }
        for (const key of found.unchecked) {
          const index = indexOf.get(keyIdOf(key));
          if (index !== void 0) this.uncheckedKeys.add(index);
        }
      }
      this.answeredKeys.answer(chunk);
    });
  }
  sendContacts(end) {
    const ids = this.contactIds.slice(this.sentContacts, end);
    const chunk = this.contactChunks++;
    this.sentContacts = end;
    this.call(async () => {
      const read = await this.deps.contacts.batchGetDoNotContact(this.run.tenantId, ids, { distinct: true });
      for (const contactId of read.blocked.keys()) this.doNotContact.add(contactId);
      for (const contactId of read.unchecked) this.uncheckedContacts.add(contactId);
      this.answeredContacts.answer(chunk);
    });
  }
  call(read) {
    this.running++;
    void this.limit(async () => {
      if (this.failure) return;
      try {
        await read();
      } catch (error) {
        this.failure ??= { error };
      }
    }).finally(() => {
      this.running--;
      this.answeredSinceWait++;
      this.wake?.();
    });
  }
};

// shared/domain/text-rules.ts
var CONTROL_CHARACTER = new RegExp("\\p{Cc}", "u");
var controlCharacterProblem = (text) => {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return void 0;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return `must not hold control characters (line breaks, tabs and the like): U+${code} at character ${match.index + 1}`;
};
var noControlCharacters = (value, context) => {
  const problem = controlCharacterProblem(value);
  if (problem !== void 0) context.addIssue({ code: "custom", message: problem });
};
var plainText = () => zod_exports.string().check(zod_exports.superRefine(noControlCharacters));
var MAX_CAMPAIGN_ID = 256;
var campaignIdSchema = plainText().check(zod_exports.minLength(1), zod_exports.maxLength(MAX_CAMPAIGN_ID));

// shared/domain/validation-issues.ts
var MAX_REPORTED_ISSUES = 20;
var formatPath = (path, prefix) => path.reduce(
  (text, part) => typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
  prefix ?? ""
) || "(payload)";
var issuesOf = (issues, prefix) => issues.map((issue) => ({ field: formatPath(issue.path, prefix), message: issue.message }));
var describeIssues = (issues) => {
  const [first] = issues;
  if (!first) return "invalid input";
  const more = issues.length - 1;
  return `${first.field}: ${first.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? "s" : ""})` : ""}`;
};
var invalidDocumentError = (issues) => new InvalidInputError(describeIssues(issues), { issues: issues.slice(0, MAX_REPORTED_ISSUES) });
var validateDocument = (schema, document, prefix) => {
  const parsed = zod_exports.safeParse(schema, document);
  if (!parsed.success) throw invalidDocumentError(issuesOf(parsed.error.issues, prefix));
  return parsed.data;
};

// shared/domain/without-undefined.ts
var withoutUndefined = (object) => Object.fromEntries(
  Object.entries(object).filter(([, value]) => value !== void 0)
);

// shared/app/filter-request.ts
var MAX_RECIPIENTS = 1e4;
var MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
var MAX_VALUES_PER_KIND = 10;
var MAX_VALUES_PER_CALL = 5e4;
var fromResult = (parse) => (value, context) => {
  const result = parse(value);
  if (!result.ok) context.addIssue({ code: "custom", message: result.error });
};
var optionalText = zod_exports.nullish(zod_exports.string());
var optionalFlag = zod_exports.nullish(zod_exports.boolean());
var valueList = zod_exports.nullish(zod_exports.array(zod_exports.string()).check(zod_exports.maxLength(MAX_VALUES_PER_KIND)));
var recipientSchema = compiledStrictObject({
  contactId: zod_exports.string().check(zod_exports.superRefine(fromResult(parseContactId))),
  emails: valueList,
  phones: valueList,
  linkedinUrls: valueList,
  email: optionalText,
  phone: optionalText,
  linkedinUrl: optionalText,
  doNotContact: optionalFlag,
  doNotEmail: optionalFlag,
  doNotMassEmail: optionalFlag
});
var requestSchema = zod_exports.strictObject({
  tenantId: zod_exports.string().check(zod_exports.superRefine(fromResult(parseTenantId))),
  campaignId: campaignIdSchema,
  category: zod_exports.enum(CATEGORIES),
  channels: zod_exports.array(zod_exports.enum(CHANNELS)).check(zod_exports.minLength(1), zod_exports.maxLength(CHANNELS.length * 2)),
  template: zod_exports.nullish(zod_exports.strictObject({ subject: optionalText, html: optionalText, text: optionalText })),
  topic: zod_exports.nullish(
    zod_exports.string().check(
      zod_exports.regex(/^[a-z0-9-]{1,40}$/, { error: 'must be a topic id: 1-40 characters of a-z, 0-9 and "-"' })
    )
  ),
  recipients: zod_exports.array(recipientSchema).check(zod_exports.maxLength(MAX_RECIPIENTS))
});
var NO_VALUES = Object.freeze([]);
var NO_FLAGS = Object.freeze({});
var merged = (shorthand, list) => {
  if (shorthand == null) return list ?? NO_VALUES;
  return list == null ? [shorthand] : [shorthand, ...list];
};
var flagsOf = (recipient) => (
  // Most recipients carry no flag: one shared empty set rather than one built and filtered per recipient.
  recipient.doNotContact == null && recipient.doNotEmail == null && recipient.doNotMassEmail == null ? NO_FLAGS : withoutUndefined({
    doNotContact: recipient.doNotContact ?? void 0,
    doNotEmail: recipient.doNotEmail ?? void 0,
    doNotMassEmail: recipient.doNotMassEmail ?? void 0
  })
);
var toRecipient = (recipient) => ({
  contactId: recipient.contactId,
  values: {
    email: merged(recipient.email, recipient.emails),
    phone: merged(recipient.phone, recipient.phones),
    linkedin: merged(recipient.linkedinUrl, recipient.linkedinUrls)
  },
  flags: flagsOf(recipient)
});
var tooManyRecipients = (count) => new PayloadTooLargeError(
  `recipients: ${count} recipients in one call; the limit is ${MAX_RECIPIENTS} (Lambda's 6 MB payload): split the audience into batches`,
  { field: "recipients", limit: MAX_RECIPIENTS, received: count }
);
var parseFilterRequest = (input) => {
  const recipients2 = input?.recipients;
  if (Array.isArray(recipients2) && recipients2.length > MAX_RECIPIENTS)
    throw tooManyRecipients(recipients2.length);
  const bytes = Buffer.byteLength(JSON.stringify(input) ?? "");
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(
      `the payload is ${bytes} bytes; Lambda accepts at most ${MAX_PAYLOAD_BYTES} (6 MB): send fewer recipients per call`,
      { field: "(payload)", limit: MAX_PAYLOAD_BYTES, received: bytes }
    );
  }
  const request2 = validateDocument(requestSchema, input);
  const converted = request2.recipients.map(toRecipient);
  const values2 = converted.reduce(
    (sum, recipient) => sum + CHANNELS.reduce((count, channel) => count + recipient.values[channel].length, 0),
    0
  );
  if (values2 > MAX_VALUES_PER_CALL) {
    throw new PayloadTooLargeError(
      `recipients: ${values2} values in one call; the limit is ${MAX_VALUES_PER_CALL}: send fewer recipients per call`,
      { field: "recipients", limit: MAX_VALUES_PER_CALL, received: values2 }
    );
  }
  return withoutUndefined({
    tenantId: request2.tenantId,
    campaignId: request2.campaignId,
    category: request2.category,
    channels: [...new Set(request2.channels)],
    template: request2.template == null ? void 0 : withoutUndefined({
      subject: request2.template.subject ?? void 0,
      html: request2.template.html ?? void 0,
      text: request2.template.text ?? void 0
    }),
    topic: request2.topic ?? void 0,
    recipients: converted
  });
};

// shared/app/tenant-rules.ts
var knownTopic = async (topics, tenantId, topic) => {
  const known = topics === void 0 ? [] : await topics(tenantId);
  const found = known.find((candidate) => candidate.id === topic);
  if (found !== void 0) return found;
  const ids = known.map((candidate) => candidate.id);
  throw new InvalidInputError(
    `topic: "${topic}" is not one of the workspace's topics (${ids.length === 0 ? "it has none; add them in the settings" : ids.join(", ")})`,
    { field: "topic", known: ids }
  );
};
var sameNormalizeOptions = (options) => async () => options;

// shared/domain/normalize-linkedin.ts
var MAX_SLUG_LENGTH = 100;
var INVISIBLE_OR_SPACE3 = /[\s\p{Cc}\p{Cf}]/u;
var SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
var LINKEDIN_HOST = /^(?:(?:www|m|mobile|[a-z]{2})\.)?linkedin\.com$/;
var SLUG = /^[\p{L}\p{M}\p{N}_-]+$/u;
var invalidLinkedin = (input, reason) => err({ code: "invalid_value", kind: "linkedin", input, reason });
var pathReason = (section) => {
  switch (section) {
    case "company":
    case "school":
    case "showcase":
      return "only personal profiles (linkedin.com/in/...) are accepted, not company or school pages";
    case "pub":
      return "old /pub/ profile links are not accepted; open the profile and copy its linkedin.com/in/... address";
    default:
      return "only personal profile links (linkedin.com/in/...) are accepted";
  }
};
var parseLinkedin = (input) => {
  const display = input.trim();
  if (display === "") return invalidLinkedin(input, "the value is empty");
  if (INVISIBLE_OR_SPACE3.test(display)) {
    return invalidLinkedin(input, "the link contains spaces, control or invisible characters");
  }
  const scheme = SCHEME.exec(display);
  if (scheme !== null && !/^https?$/i.test(scheme[1] ?? "")) {
    return invalidLinkedin(input, "only http and https links are accepted");
  }
  const withoutScheme = scheme === null ? display.replace(/^\/\//, "") : display.slice(scheme[0].length);
  const hostEnd = withoutScheme.search(/[/?#]/);
  const authority = hostEnd === -1 ? withoutScheme : withoutScheme.slice(0, hostEnd);
  const host = authority.toLowerCase().replace(/\.$/, "");
  if (!LINKEDIN_HOST.test(host)) return invalidLinkedin(input, "this is not a linkedin.com link");
  const rest = hostEnd === -1 ? "" : withoutScheme.slice(hostEnd);
  const pathEnd = rest.search(/[?#]/);
  const segments = (pathEnd === -1 ? rest : rest.slice(0, pathEnd)).split("/");
  const section = (segments[1] ?? "").toLowerCase();
  if (section !== "in") return invalidLinkedin(input, pathReason(section));
  const rawSlug = segments[2] ?? "";
  if (rawSlug === "") return invalidLinkedin(input, "the profile name after /in/ is missing");
  let decoded;
  try {
    decoded = decodeURIComponent(rawSlug);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return invalidLinkedin(
      input,
      "the profile name has broken percent-encoding (a % not followed by a valid code)"
    );
  }
  const slug = decoded.normalize("NFC").toLowerCase().normalize("NFC");
  if (!SLUG.test(slug)) {
    return invalidLinkedin(input, 'the profile name may only contain letters, digits, "-" and "_"');
  }
  if ([...slug].length > MAX_SLUG_LENGTH) {
    return invalidLinkedin(input, `the profile name is longer than ${MAX_SLUG_LENGTH} characters`);
  }
  return ok({ kind: "linkedin", value: `linkedin.com/in/${slug}`, display });
};

// shared/domain/normalize-phone.ts
import {
  isSupportedCountry,
  Metadata,
  ParseError,
  parsePhoneNumberWithError
} from "libphonenumber-js/min";
var invalidPhone = (input, reason) => err({ code: "invalid_value", kind: "phone", input, reason });
var DOUBLE_ZERO = /^00(?=[\s().\-/]*\d)/;
var FORMATTING = /[\s().\-/]/g;
var COUNTRY_NEEDED = "the number has no country code; write it with + and the country code (like +44 20 7946 0958), or set a default country";
var parseErrorReason = (code, text, defaultCountry) => {
  switch (code) {
    case "INVALID_COUNTRY":
      if (text.startsWith("+")) return "the country calling code after + is unknown";
      if (DOUBLE_ZERO.test(text)) return "the country calling code after 00 is unknown";
      if (defaultCountry !== void 0 && !isSupportedCountry(defaultCountry)) {
        return `the default country ${JSON.stringify(defaultCountry)} is not a supported country code`;
      }
      return COUNTRY_NEEDED;
    case "TOO_SHORT":
      return "the number is too short";
    case "TOO_LONG":
      return "the number is too long";
    default:
      return "this is not a phone number";
  }
};
var internationalDoubleZero = (text, country) => {
  if (!DOUBLE_ZERO.test(text)) return ok(text);
  if (country === void 0) return ok(text.replace(DOUBLE_ZERO, "+"));
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  const idd = plan?.IDDPrefix();
  if (idd === void 0 || new RegExp(`^(?:${idd})`).test(text.replace(FORMATTING, ""))) return ok(text);
  const written = plan?.defaultIDDPrefix() ?? (/^\d+$/.test(idd) ? idd : void 0);
  return err(
    `00 is not the international prefix in ${country}, the default country${written === void 0 ? "" : ` (it is ${written})`}; write the number with + instead of 00 (${text.replace(/^00[\s().\-/]*/, "+")})`
  );
};
var parsePhone = (input, options = {}) => {
  const display = input.trim();
  if (display === "") return invalidPhone(input, "the value is empty");
  const text = display.replace(/^tel:/i, "").trim();
  const { defaultCountry } = options;
  const country = defaultCountry !== void 0 && isSupportedCountry(defaultCountry) ? defaultCountry : void 0;
  const number2 = internationalDoubleZero(text, country);
  if (!number2.ok) return invalidPhone(input, number2.error);
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(number2.value, {
      extract: false,
      ...country ? { defaultCountry: country } : {}
    });
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return invalidPhone(input, parseErrorReason(error.message, text, defaultCountry));
  }
  if (!parsed.isValid()) {
    return invalidPhone(input, `the number has the wrong length or digits for +${parsed.countryCallingCode}`);
  }
  return ok({ kind: "phone", value: parsed.number, display });
};

// shared/domain/normalize.ts
var invalid = (kind, input, reason) => err({ code: "invalid_value", kind, input, reason });
var describeNonString = (input) => {
  if (input === null || input === void 0)
    return { input: String(input), reason: `expected text, got ${input}` };
  if (Array.isArray(input)) return { input: "[array]", reason: "expected text, got an array" };
  const type = typeof input;
  if (type === "object" || type === "function")
    return { input: `[${type}]`, reason: `expected text, got an ${type}` };
  return { input: String(input), reason: `expected text, got a ${type}` };
};
var guard = (kind, input) => {
  if (typeof input !== "string") {
    const described = describeNonString(input);
    return invalid(kind, described.input, described.reason);
  }
  if (input.length > MAX_INPUT_LENGTH) {
    return invalid(
      kind,
      shorten(input, 64),
      `the value is ${input.length} characters long; the limit is ${MAX_INPUT_LENGTH}`
    );
  }
  return ok(input);
};
var parseValue = (kind, input, options = {}) => {
  const text = guard(kind, input);
  if (!text.ok) return text;
  switch (kind) {
    case "email":
      return parseEmail(text.value);
    case "domain":
      return parseDomain(text.value);
    case "phone":
      return parsePhone(
        text.value,
        options.defaultPhoneCountry === void 0 ? {} : { defaultCountry: options.defaultPhoneCountry }
      );
    case "linkedin":
      return parseLinkedin(text.value);
    default:
      return invalid("unknown", text.value, `${JSON.stringify(String(kind))} is not a kind of value`);
  }
};

// shared/domain/template-shortcodes.ts
var REQUIRED_MARKETING_SHORTCODES = [
  {
    name: "[[unsubscribe_link]] or [[unsubscribe_url]]",
    anyOf: ["[[unsubscribe_link]]", "[[unsubscribe_url]]"]
  },
  { name: "[[postal_address]]", anyOf: ["[[postal_address]]"] }
];
var missingShortcodes = (template) => {
  const content = [template?.subject, template?.html, template?.text].filter(Boolean).join("\n");
  return REQUIRED_MARKETING_SHORTCODES.filter(
    (required) => !required.anyOf.some((code) => content.includes(code))
  );
};

// shared/domain/ulid.ts
import { randomBytes } from "node:crypto";
var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
var ulid = (now = Date.now(), random = randomBytes(10)) => {
  if (!Number.isInteger(now) || now < 0 || now >= 2 ** 48) throw new RangeError("time out of ULID range");
  if (random.length !== 10) throw new RangeError("a ULID needs 10 random bytes");
  let time = "";
  for (let rest = now, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  let bits = 0n;
  for (const byte of random) bits = bits << 8n | BigInt(byte);
  let tail = "";
  for (let i = 0; i < 16; i++, bits >>= 5n) tail = CROCKFORD[Number(bits & 31n)] + tail;
  return time + tail;
};

// shared/app/filter-audience.ts
var NO_KEYS = [];
var NONE = Object.freeze([]);
var appended = (list, item) => {
  if (list === void 0) return [item];
  list.push(item);
  return list;
};
var LOOKUP_CONCURRENCY = 16;
var checkTemplate = (request2) => {
  if (!CATEGORY_POLICIES[request2.category].requiresComplianceShortcodes) return;
  const missing = missingShortcodes(request2.template);
  if (missing.length === 0) return;
  const names = missing.map((shortcode) => shortcode.name);
  throw new InvalidInputError(
    request2.template === void 0 ? `template: a marketing run must send its template (subject, html and/or text) so the filter can check it carries ${names.join(" and ")}` : `template: the marketing template is missing ${names.join(" and ")}`,
    { field: "template", missing: names },
    "template_refused"
  );
};
var KeyCollector = class {
  constructor(tenantId, hashValue2, options) {
    this.tenantId = tenantId;
    this.hashValue = hashValue2;
    this.options = options;
  }
  tenantId;
  hashValue;
  options;
  /** Every distinct key, in the order first met, each tenant key followed by its global one; the lookups read it as it grows. */
  keys = [];
  /** Per kind, the index of a normalized value's tenant key (its global key is the next). */
  indexes = Object.fromEntries(
    KINDS.map((kind) => [kind, /* @__PURE__ */ new Map()])
  );
  /** Per email domain (`example.com`, without `@`), the indexes of the domain entries' tenant keys covering it. */
  domainKeys = /* @__PURE__ */ new Map();
  values(recipient, channels) {
    const checked = [];
    for (const channel of channels) {
      const raws = recipient.values[channel];
      const firstOfChannel = checked.length;
      for (const raw of raws) {
        const parsed = parseValue(channel, raw, this.options);
        const value = parsed.ok ? parsed.value.value : raw.trim();
        if (raws.length > 1 && isKept(checked, firstOfChannel, value)) continue;
        if (!parsed.ok) {
          checked.push({ channel, value, valid: false, keyId: -1, domainKeyIds: NO_KEYS });
          continue;
        }
        checked.push({
          channel,
          value,
          valid: true,
          keyId: this.keyOf(channel, value),
          domainKeyIds: channel === "email" ? this.domainKeysOf(value) : NO_KEYS
        });
      }
    }
    return checked;
  }
  /**
   * The keys of the domain entries covering an email's domain, once per run: an audience has many addresses per
   * domain (five each in the benchmark), and the wildcards of a domain are the same for all of them. Looked up by
   * the domain sliced from the address, without building `@domain` for every address.
   */
  domainKeysOf(email) {
    const domain = email.slice(email.lastIndexOf("@") + 1);
    let keyIds = this.domainKeys.get(domain);
    if (keyIds === void 0) {
      keyIds = domainEntriesCovering(domainOfEmail(email)).map((entry) => this.keyOf("domain", entry));
      this.domainKeys.set(domain, keyIds);
    }
    return keyIds;
  }
  /** The index of the value's tenant key, added with its global key (the next index) when first met. */
  keyOf(kind, value) {
    const ofKind = this.indexes[kind];
    let index = ofKind.get(value);
    if (index === void 0) {
      const valueHash = this.hashValue(kind, value);
      index = this.keys.push({ tenantId: this.tenantId, kind, valueHash }) - 1;
      this.keys.push({ tenantId: GLOBAL_TENANT, kind, valueHash });
      ofKind.set(value, index);
    }
    return index;
  }
};
var isKept = (checked, from, value) => {
  for (let index = from; index < checked.length; index++) if (checked[index]?.value === value) return true;
  return false;
};
var yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));
var unavailable = (what, cause) => new UnavailableError(
  `the filter could not ${what}: DynamoDB did not answer. Nothing was decided; retry the call`,
  void 0,
  {
    cause
  }
);
var filterAudience = (deps) => async (input) => {
  const request2 = parseFilterRequest(input);
  checkTemplate(request2);
  const { tenantId, campaignId, category, channels } = request2;
  const now = deps.now?.() ?? /* @__PURE__ */ new Date();
  let options = {};
  let topic;
  try {
    options = await deps.normalizeOptionsFor?.(tenantId) ?? {};
    if (request2.topic !== void 0) topic = await knownTopic(deps.topicsFor, tenantId, request2.topic);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw unavailable("read the tenant's settings", error);
  }
  const collector = new KeyCollector(tenantId, deps.hashValue, options);
  const lookups = new FilterLookups(
    deps,
    { tenantId, category, now, ...topic === void 0 ? {} : { topic } },
    collector.keys,
    createCallLimiter(deps.lookupConcurrency ?? LOOKUP_CONCURRENCY)
  );
  const decide = recipientDecider(deps, request2, topic, lookups);
  const waiting = [];
  let decided = 0;
  const decideWhatWasRead = () => {
    for (let next = waiting[decided]; next && lookups.hasRead(next.mark); next = waiting[++decided]) {
      decide(next.recipient, next.values);
    }
  };
  for (const recipient of request2.recipients) {
    if (lookups.failure) break;
    const values2 = collector.values(recipient, channels);
    lookups.addContact(recipient.contactId);
    const sent = lookups.sendFullChunks();
    waiting.push({ recipient, values: values2, mark: lookups.mark() });
    if (sent) {
      await yieldToEventLoop();
      decideWhatWasRead();
    }
  }
  if (!lookups.failure) lookups.sendRest();
  while (await lookups.nextAnswers()) decideWhatWasRead();
  if (lookups.failure) throw unavailable("read the suppression list", lookups.failure.error);
  const lookupCount = collector.keys.length + lookups.contacts;
  if (lookupCount > 0 && lookups.uncheckedKeys.size + lookups.uncheckedContacts.size >= lookupCount) {
    throw unavailable(`read any of its ${lookupCount} lookups`, void 0);
  }
  decideWhatWasRead();
  const { eligible, filtered } = decide;
  const output = {
    runId: (deps.newRunId ?? ulid)(),
    summary: summarize(request2.recipients.length, eligible.length, filtered),
    eligible,
    filtered
  };
  checkResponseSize(output);
  try {
    await deps.filterRuns.saveFilterRun(
      {
        tenantId,
        runId: output.runId,
        campaignId,
        createdAt: now.toISOString(),
        category,
        summary: output.summary,
        filtered
      },
      deps.reportTtlSeconds
    );
  } catch (error) {
    throw unavailable("store the run report", error);
  }
  return {
    output,
    stats: {
      keys: collector.keys.length,
      contacts: lookups.contacts,
      requests: lookups.requests,
      readUnits: lookups.readUnits,
      uncheckedKeys: lookups.uncheckedKeys.size,
      uncheckedContacts: lookups.uncheckedContacts.size
    }
  };
};
var recipientDecider = (deps, { tenantId, campaignId, category, channels }, topic, lookups) => {
  const optInTopic = topic !== void 0 && !topic.defaultSubscribed && category !== "transactional";
  const eligible = [];
  const filtered = [];
  const { honouredFlags } = CATEGORY_POLICIES[category];
  const honoursDoNotContact = honouredFlags.includes("doNotContact");
  const addKeyReasons = (reasons, id) => {
    const entryReasons = lookups.keyReasons[id];
    if (entryReasons !== void 0) reasons.push(...entryReasons);
    if (lookups.uncheckedKeys.has(id)) reasons.push("unchecked");
  };
  const addValueReasons = (reasons, tenantKeyId) => {
    addKeyReasons(reasons, tenantKeyId);
    addKeyReasons(reasons, tenantKeyId + 1);
  };
  const linkFields = { tenantId, campaignId, ...topic === void 0 ? {} : { topic: topic.id } };
  const gathered = [];
  const reasonsOf = [];
  const decide = (recipient, checked) => {
    const doNotContact = honoursDoNotContact && lookups.doNotContact.has(recipient.contactId);
    const uncheckedContact = lookups.uncheckedContacts.has(recipient.contactId);
    const flagged = honouredFlags.some((flag) => recipient.flags[flag] === true);
    reasonsOf.length = 0;
    let blockedCount = 0;
    for (const value of checked) {
      gathered.length = 0;
      if (doNotContact) gathered.push("do_not_contact");
      if (uncheckedContact) gathered.push("unchecked");
      if (flagged) gathered.push(...flagReasons(category, recipient.flags, value.channel));
      if (!value.valid) gathered.push(INVALID_VALUE_REASONS[value.channel]);
      const own = value.keyId;
      if (optInTopic && value.channel === "email" && own >= 0 && !lookups.joinedTopic.has(own)) {
        gathered.push("topic_unsubscribed");
      }
      if (own >= 0) addValueReasons(gathered, own);
      for (const domainKeyId of value.domainKeyIds) addValueReasons(gathered, domainKeyId);
      if (gathered.length === 0) {
        reasonsOf.push(void 0);
        continue;
      }
      blockedCount++;
      reasonsOf.push(gathered.length === 1 ? [gathered[0]] : sortReasons(gathered));
    }
    if (blockedCount === checked.length) {
      const missing = checked.length === 0 ? channels.map((channel) => MISSING_CHANNEL_REASONS[channel]) : [];
      filtered.push({
        contactId: recipient.contactId,
        reasons: sortReasons([...reasonsOf.flatMap((reasons) => reasons ?? []), ...missing])
      });
      return;
    }
    let emails;
    let phones;
    let linkedinUrls;
    let blocked;
    for (let index = 0; index < checked.length; index++) {
      const { channel, value } = checked[index];
      const reasons = reasonsOf[index];
      if (reasons !== void 0) blocked = appended(blocked, { kind: channel, value, reasons });
      else if (channel === "email") {
        const link = deps.buildUnsubscribeLink({
          ...linkFields,
          contactId: recipient.contactId,
          email: value
        });
        emails = appended(emails, { address: value, unsubscribeUrl: link.url, headers: link.headers });
      } else if (channel === "phone") phones = appended(phones, value);
      else linkedinUrls = appended(linkedinUrls, value);
    }
    eligible.push({
      contactId: recipient.contactId,
      emails: emails ?? NONE,
      phones: phones ?? NONE,
      linkedinUrls: linkedinUrls ?? NONE,
      blocked: blocked ?? NONE
    });
  };
  return Object.assign(decide, { eligible, filtered });
};
var summarize = (received, eligible, filtered) => {
  const byReason = {};
  for (const recipient of filtered) {
    for (const reason of recipient.reasons) byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
  return {
    received,
    eligible,
    filtered: filtered.length,
    byReason: Object.fromEntries(
      sortReasons(Object.keys(byReason)).map((r) => [r, byReason[r]])
    )
  };
};
var checkResponseSize = (output) => {
  const bytes = Buffer.byteLength(JSON.stringify(output));
  if (bytes <= MAX_PAYLOAD_BYTES) return;
  const perRecipient = bytes / Math.max(1, output.summary.received);
  throw new PayloadTooLargeError(
    `recipients: the answer for ${output.summary.received} recipients would be ${bytes} bytes, over Lambda's 6 MB response limit; send at most ${Math.floor(MAX_PAYLOAD_BYTES / perRecipient)} recipients per call`,
    { field: "recipients", limit: MAX_PAYLOAD_BYTES, received: bytes }
  );
};

// shared/domain/value-hash.ts
import { createHmac, hash } from "node:crypto";
var BLOCK_BYTES = 64;
var DIGEST_BYTES = 32;
var KEPT_BYTES = 16;
var MESSAGE_ROOM = 4096;
var BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
var SEXTET = new Uint8Array(128);
for (let value = 0; value < BASE64URL.length; value++) SEXTET[BASE64URL.charCodeAt(value)] = value;
var first16Bytes = (digest) => `${digest.slice(0, 21)}${BASE64URL[SEXTET[digest.charCodeAt(21)] & 48]}`;
var paddedKey = (key, pad) => {
  const block = Buffer.alloc(BLOCK_BYTES, pad);
  for (let index = 0; index < key.length; index++) block[index] = key[index] ^ pad;
  return block;
};
var createValueHasher = (secret) => {
  if (secret.byteLength < 32) throw new Error("the value-hash key must be at least 32 bytes");
  const key = secret.byteLength > BLOCK_BYTES ? hash("sha256", secret, "buffer") : Buffer.from(secret);
  const inner = Buffer.alloc(BLOCK_BYTES + MESSAGE_ROOM);
  paddedKey(key, 54).copy(inner, 0);
  const outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES);
  paddedKey(key, 92).copy(outer, 0);
  const slowKey = Buffer.from(key);
  return (kind, normalizedValue) => {
    const message = `${kind}\0${normalizedValue}`;
    if (message.length * 3 > MESSAGE_ROOM) {
      return createHmac("sha256", slowKey).update(message).digest().toString("base64url", 0, KEPT_BYTES);
    }
    const length = inner.write(message, BLOCK_BYTES, "utf8");
    outer.write(hash("sha256", inner.subarray(0, BLOCK_BYTES + length), "binary"), BLOCK_BYTES, "latin1");
    return first16Bytes(hash("sha256", outer, "base64url"));
  };
};

// bench/filter-scenario.ts
var RECIPIENTS = 1e4;
var ENTRIES = 1e5;
var AUDIENCE_DOMAINS = 2e3;
var TENANT = "bench";
var BENCH_NORMALIZE_OPTIONS = { defaultPhoneCountry: "US" };
var BENCH_PUBLIC_BASE_URL = "https://unsubscribe.example.com";
var normalized = (kind, raw) => {
  const parsed = parseValue(kind, raw, BENCH_NORMALIZE_OPTIONS);
  if (!parsed.ok) throw new Error(`bench value ${raw} is invalid: ${parsed.error.reason}`);
  return parsed.value.value;
};
var scenario = () => {
  const recipients2 = [];
  const entries2 = [];
  for (let i = 0; i < RECIPIENTS; i++) {
    const recipient = {
      contactId: `contact-${i}`,
      email: `person${i}@co${i % AUDIENCE_DOMAINS}.example`,
      ...i % 10 < 3 ? { phone: `+1 (212) ${200 + Math.floor(i / 1e4)}-${String(i).padStart(4, "0")}` } : {},
      ...i % 10 >= 8 ? { linkedinUrl: `https://www.linkedin.com/in/person-${i}/` } : {}
    };
    recipients2.push(recipient);
    const source = SOURCES[Math.floor(i / 100) % SOURCES.length] ?? "link";
    const even = Math.floor(i / 100) % 2 === 0;
    if (i % 100 === 7) {
      const tenantId = even ? TENANT : GLOBAL_TENANT;
      entries2.push({ tenantId, kind: "email", value: normalized("email", recipient.email), source });
    } else if (i % 100 === 2 && recipient.phone) {
      entries2.push(
        even ? { tenantId: TENANT, kind: "email", value: normalized("email", recipient.email), source } : { tenantId: TENANT, kind: "phone", value: normalized("phone", recipient.phone), source }
      );
    }
  }
  for (const domain of ["@co7.example", "@co17.example"]) {
    entries2.push({ tenantId: TENANT, kind: "domain", value: domain, source: "admin" });
  }
  const filler = ENTRIES - entries2.length;
  for (let n = 0; entries2.length < ENTRIES; n++) {
    const share = n / filler;
    const source = SOURCES[n % SOURCES.length] ?? "link";
    if (share < 0.7)
      entries2.push({ tenantId: TENANT, kind: "email", value: `f${n}@filler${n % 5e3}.example`, source });
    else if (share < 0.75)
      entries2.push({ tenantId: TENANT, kind: "domain", value: `@fd${n}.example`, source });
    else if (share < 0.9)
      entries2.push({ tenantId: TENANT, kind: "phone", value: `+1646${3e6 + n}`, source });
    else entries2.push({ tenantId: TENANT, kind: "linkedin", value: `linkedin.com/in/filler-${n}`, source });
  }
  return { recipients: recipients2, entries: entries2 };
};
var filterPayload = (recipients2) => ({
  tenantId: TENANT,
  campaignId: "bench-campaign",
  category: "marketing",
  channels: ["email", "phone", "linkedin"],
  template: { html: '<a href="[[unsubscribe_link]]">Unsubscribe</a> [[postal_address]]' },
  recipients: recipients2
});

// bench/profile.ts
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
var selfTimes = (profile2, top) => {
  const byNode = new Map(profile2.nodes.map((node) => [node.id, node]));
  const functions = /* @__PURE__ */ new Map();
  const files = /* @__PURE__ */ new Map();
  const samples = profile2.samples ?? [];
  const deltas = profile2.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    const node = byNode.get(samples[index]);
    if (node === void 0) continue;
    const ms = (deltas[index + 1] ?? 0) / 1e3;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/)/, "$1").replace(/^.*\/work\/[^/]+\//, "") || "(native)";
    const name = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const largest = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return {
    functions: largest(functions, top),
    files: largest(files, top),
    totalMs: (profile2.endTime - profile2.startTime) / 1e3
  };
};
var profiled = async (work, file, top = 25) => {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    await work();
    const { profile: profile2 } = await session.post("Profiler.stop");
    await mkdir(new URL("./", file), { recursive: true });
    await writeFile(file, JSON.stringify(profile2));
    return selfTimes(profile2, top);
  } finally {
    session.disconnect();
  }
};
var selfTimeLines = (times) => times.map(([name, ms]) => `  ${(Math.round(ms * 10) / 10).toString().padStart(8)} ms  ${name}`);

// bench/seed.ts
var entryItem = (entry, hashValue2, at2) => {
  const valueHash = hashValue2(entry.kind, entry.value);
  return {
    ...entryTableKey(entry.tenantId, entry.kind, valueHash),
    [ATTR.entity]: "suppression",
    [ATTR.tenantId]: entry.tenantId,
    [ATTR.kind]: entry.kind,
    [ATTR.valueHash]: valueHash,
    [ATTR.value]: entry.value,
    [ATTR.display]: entry.value,
    [ATTR.createdAt]: at2,
    [ATTR.updatedAt]: at2,
    [sourceAttribute(entry.source)]: { at: at2 },
    [ATTR.sources]: /* @__PURE__ */ new Set([entry.source]),
    [ATTR.version]: 1,
    gsi1pk: tenantTimelineOf(entry.tenantId),
    gsi1sk: timelineSortKey(at2, entry.kind, valueHash)
  };
};
var seedEntries = async (doc, tableName, hashValue2, entries2, concurrency = 16) => {
  const at2 = (/* @__PURE__ */ new Date()).toISOString();
  const items2 = entries2.map((entry) => entryItem(entry, hashValue2, at2));
  const slice = Math.ceil(items2.length / concurrency);
  await Promise.all(
    Array.from(
      { length: concurrency },
      (_, worker) => batchWriteAll(doc, tableName, items2.slice(worker * slice, (worker + 1) * slice))
    )
  );
};

// bench/stats.ts
var median = (values2) => {
  const sorted = [...values2].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// bench/filter-cpu.ts
var { values: flags } = parseArgs({
  options: {
    rounds: { type: "string", default: "15" },
    profile: { type: "boolean", default: false },
    adapters: { type: "boolean", default: false }
  }
});
var ROUNDS = Math.max(1, Number(flags.rounds));
var TARGET_CPU_MICROS = 30;
var cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e3;
};
var measure = async (work) => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  return { cpuMs: cpuMs(cpu), wallMs: performance.now() - started };
};
var round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
var perRecipientMicros = (ms) => round(ms * 1e3 / RECIPIENTS);
var { recipients, entries } = scenario();
var hashValue = createValueHasher(randomBytes2(32));
var stored = /* @__PURE__ */ new Map();
var at = (/* @__PURE__ */ new Date(0)).toISOString();
for (const entry of entries) {
  const key = { tenantId: entry.tenantId, kind: entry.kind, valueHash: hashValue(entry.kind, entry.value) };
  stored.set(keyIdOf(key), {
    ...key,
    createdAt: at,
    updatedAt: at,
    sources: { [entry.source]: { at } },
    version: 1
  });
}
var calls = [];
var suppressions = {
  async batchGetSuppressions(keys, options) {
    calls.push(() => suppressions.batchGetSuppressions(keys, options));
    await null;
    const found = /* @__PURE__ */ new Map();
    for (const key of keys) {
      const id = keyIdOf(key);
      const entry = stored.get(id);
      if (entry !== void 0) found.set(id, entry);
    }
    const result = {
      entries: found,
      choices: [],
      unchecked: [],
      requests: 1,
      readUnits: found.size / 2
    };
    return result;
  }
};
var contacts = {
  async batchGetDoNotContact(tenantId, contactIds) {
    calls.push(() => contacts.batchGetDoNotContact(tenantId, contactIds));
    await null;
    return { blocked: /* @__PURE__ */ new Map(), unchecked: [] };
  }
};
var saved;
var items = /* @__PURE__ */ new Map();
var itemId = (key) => `${String(key[TABLE_KEYS.partitionKey])}\0${String(key[TABLE_KEYS.sortKey])}`;
var inProcessClient = {
  async send(command) {
    if (command instanceof BatchGetCommand2) {
      const input = command.input;
      calls.push(() => inProcessClient.send(new BatchGetCommand2(input)));
      await null;
      const responses = {};
      for (const [table, request2] of Object.entries(input.RequestItems ?? {})) {
        responses[table] = (request2.Keys ?? []).flatMap((key) => {
          const item = items.get(itemId(key));
          return item === void 0 ? [] : [item];
        });
      }
      return { Responses: responses, UnprocessedKeys: {}, ConsumedCapacity: [] };
    }
    if (command instanceof BatchWriteCommand2) {
      const input = command.input;
      await null;
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const { PutRequest } of requests)
          if (PutRequest?.Item) items.set(itemId(PutRequest.Item), PutRequest.Item);
      }
      return { UnprocessedItems: {} };
    }
    throw new Error(`the in-process client does not answer ${String(command.constructor.name)}`);
  }
};
var TABLE = "quietlist-bench";
if (flags.adapters) await seedEntries(inProcessClient, TABLE, hashValue, entries);
var buildUnsubscribeLink = createUnsubscribeLinkBuilder({
  keyring: { linkKeys: { k1: randomBytes2(32) }, activeLinkKey: "k1" },
  publicBaseUrl: BENCH_PUBLIC_BASE_URL
});
var filter = filterAudience({
  ...flags.adapters ? {
    suppressions: new DynamoDbSuppressionRepository(inProcessClient, TABLE),
    contacts: new DynamoDbContactRepository(inProcessClient, TABLE),
    filterRuns: new DynamoDbFilterRunRepository(inProcessClient, TABLE)
  } : {
    suppressions,
    contacts,
    filterRuns: {
      async saveFilterRun(report) {
        saved = report;
      }
    }
  },
  hashValue,
  buildUnsubscribeLink,
  reportTtlSeconds: 90 * 24 * 3600,
  normalizeOptionsFor: sameNormalizeOptions(BENCH_NORMALIZE_OPTIONS)
});
var payload = filterPayload(recipients);
var loadAtStart = loadavg();
process.stdout.write(
  `Filter in process${flags.adapters ? ", through the DynamoDB adapters" : ""}, ${RECIPIENTS} recipients, ${ROUNDS} rounds (+2 warm-up)\u2026 `
);
var filterCpu = [];
var filterWall = [];
var floorCpu = [];
var ownCpu = [];
var gcPauses = [];
var gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, ms: entry.duration });
});
gcObserver.observe({ entryTypes: ["gc"] });
var filterWindows = [];
var answer;
for (let run = -2; run < ROUNDS; run++) {
  calls = [];
  const from = performance.now();
  const filtered = await measure(async () => {
    answer = await filter(payload);
  });
  const to = performance.now();
  const replay = calls;
  calls = [];
  const floor = await measure(() => Promise.all(replay.map((call) => call())));
  if (run < 0) continue;
  filterWindows.push({ from, to });
  filterCpu.push(filtered.cpuMs);
  filterWall.push(filtered.wallMs);
  floorCpu.push(floor.cpuMs);
  ownCpu.push(filtered.cpuMs - floor.cpuMs);
}
await new Promise((resolve) => setImmediate(resolve));
gcObserver.disconnect();
var gcMsPerRound = filterWindows.map(
  ({ from, to }) => gcPauses.filter((pause) => pause.start >= from && pause.start < to).reduce((sum, pause) => sum + pause.ms, 0)
);
if (answer === void 0 || saved === void 0 && !flags.adapters) throw new Error("no filter run");
console.log("done");
var stage = async (work) => {
  await work();
  const times = [];
  for (let n = 0; n < 5; n++) times.push((await measure(work)).cpuMs);
  return median(times);
};
var request = parseFilterRequest(payload);
var values = request.recipients.flatMap(
  (recipient) => CHANNELS.flatMap((channel) => recipient.values[channel].map((raw) => ({ channel, raw })))
);
var normalizedValues = values.flatMap(({ channel, raw }) => {
  const parsed = parseValue(channel, raw, BENCH_NORMALIZE_OPTIONS);
  return parsed.ok ? [{ kind: channel, value: parsed.value.value }] : [];
});
var domains = normalizedValues.filter((value) => value.kind === "email").flatMap((value) => domainEntriesCovering(domainOfEmail(value.value)));
var linkRequests = answer.output.eligible.flatMap(
  (recipient) => recipient.emails.map((email) => ({
    tenantId: request.tenantId,
    contactId: recipient.contactId,
    email: email.address,
    campaignId: request.campaignId
  }))
);
var hashEveryValue = () => {
  for (const value of normalizedValues) hashValue(value.kind, value.value);
};
var sizeOfTheAnswer = () => Buffer.byteLength(JSON.stringify(answer?.output));
process.stdout.write("Timing each stage alone\u2026 ");
var stages = {
  "validate the payload (parseFilterRequest)": await stage(() => parseFilterRequest(payload)),
  [`normalize ${values.length} values (parseValue)`]: await stage(() => {
    for (const { channel, raw } of values) parseValue(channel, raw, BENCH_NORMALIZE_OPTIONS);
  }),
  [`normalize the ${values.filter((v) => v.channel === "email").length} emails`]: await stage(() => {
    for (const { channel, raw } of values) if (channel === "email") parseValue(channel, raw);
  }),
  [`normalize the ${values.filter((v) => v.channel === "phone").length} phones`]: await stage(() => {
    for (const { channel, raw } of values)
      if (channel === "phone") parseValue(channel, raw, BENCH_NORMALIZE_OPTIONS);
  }),
  [`normalize the ${values.filter((v) => v.channel === "linkedin").length} LinkedIn URLs`]: await stage(
    () => {
      for (const { channel, raw } of values) if (channel === "linkedin") parseValue(channel, raw);
    }
  ),
  [`domain entries covering each email (${domains.length}, before de-duplication)`]: await stage(() => {
    for (const value of normalizedValues)
      if (value.kind === "email") domainEntriesCovering(domainOfEmail(value.value));
  }),
  [`hash ${normalizedValues.length} values`]: await stage(hashEveryValue),
  [`seal ${linkRequests.length} unsubscribe links`]: await stage(() => {
    for (const link of linkRequests) buildUnsubscribeLink(link);
  }),
  "JSON.stringify of the answer (its size)": await stage(sizeOfTheAnswer)
};
var aesKey = createSecretKey2(randomBytes2(32));
var aad = Buffer.from([1, 2, 107, 49]);
var plaintexts = linkRequests.map(
  ({ tenantId, contactId, email, campaignId }) => Buffer.from(`1234${tenantId}.${contactId}.${email}.${campaignId ?? ""}`)
);
var nonce = randomBytes2(12);
var phoneInputs = values.filter((value) => value.channel === "phone").map((value) => value.raw);
var libraryFloors = {
  [`AES-256-GCM alone, a cipher per link (${linkRequests.length})`]: await stage(() => {
    for (const plain of plaintexts) {
      const cipher = createCipheriv2("aes-256-gcm", aesKey, nonce, { authTagLength: 16 });
      cipher.setAAD(aad);
      const sealed = cipher.update(plain);
      cipher.final();
      Buffer.concat([sealed, cipher.getAuthTag()]).toString("base64url");
    }
  }),
  [`libphonenumber-js alone, parse and isValid (${phoneInputs.length} phones)`]: await stage(() => {
    for (const raw of phoneInputs)
      parsePhoneNumberWithError2(raw, {
        defaultCountry: BENCH_NORMALIZE_OPTIONS.defaultPhoneCountry
      }).isValid();
  }),
  [`hash ${normalizedValues.length} values (two crypto.hash calls each)`]: await stage(hashEveryValue),
  "JSON.stringify of the answer": await stage(sizeOfTheAnswer)
};
console.log("done");
var profile;
if (flags.profile) {
  process.stdout.write("Profiling 5 filter runs\u2026 ");
  profile = await profiled(
    async () => {
      for (let n = 0; n < 5; n++) await filter(payload);
    },
    new URL("./results/filter-cpu.cpuprofile", import.meta.url)
  );
  console.log("done (bench/results/filter-cpu.cpuprofile)");
}
var figures = {
  date: (/* @__PURE__ */ new Date()).toISOString(),
  environment: {
    node: process.version,
    cores: availableParallelism(),
    loadAverageAtStart: loadAtStart.map((load) => round(load, 2)),
    loadAverageAtEnd: loadavg().map((load) => round(load, 2))
  },
  recipients: RECIPIENTS,
  rounds: ROUNDS,
  filter: {
    cpuMsPerRound: filterCpu.map((ms) => round(ms)),
    wallMsPerRound: filterWall.map((ms) => round(ms)),
    cpuMicrosPerRecipient: perRecipientMicros(median(filterCpu)),
    wallMicrosPerRecipient: perRecipientMicros(median(filterWall))
  },
  portFloor: { cpuMsPerRound: floorCpu.map((ms) => round(ms)) },
  ownCpu: {
    method: "process.cpuUsage() around each filter run minus around the replay of its port calls, same round",
    microsPerRecipient: perRecipientMicros(median(ownCpu)),
    minMicrosPerRecipient: perRecipientMicros(Math.min(...ownCpu)),
    targetMicrosPerRecipient: TARGET_CPU_MICROS
  },
  stagesMicrosPerRecipient: Object.fromEntries(
    Object.entries(stages).map(([name, ms]) => [name, perRecipientMicros(ms)])
  ),
  libraryFloorsMicrosPerRecipient: Object.fromEntries(
    Object.entries(libraryFloors).map(([name, ms]) => [name, perRecipientMicros(ms)])
  ),
  libraryFloorMicrosPerRecipient: perRecipientMicros(
    Object.values(libraryFloors).reduce((sum, ms) => sum + ms, 0)
  ),
  gcPauseMicrosPerRecipient: perRecipientMicros(median(gcMsPerRound)),
  ...profile === void 0 ? {} : {
    profileSelfMs: {
      totalMs: round(profile.totalMs),
      files: Object.fromEntries(profile.files.map(([name, ms]) => [name, round(ms)])),
      functions: Object.fromEntries(profile.functions.map(([name, ms]) => [name, round(ms)]))
    }
  }
};
await mkdir2(new URL("./results/", import.meta.url), { recursive: true });
await writeFile2(
  new URL("./results/filter-cpu.json", import.meta.url),
  `${JSON.stringify(figures, null, 2)}
`
);
var f = figures;
console.log(
  [
    "",
    `| ${RECIPIENTS} recipients, median of ${ROUNDS} rounds | per recipient |`,
    "| --- | --- |",
    `| filter, CPU (user + system) | ${f.filter.cpuMicrosPerRecipient} \xB5s |`,
    `| filter, wall | ${f.filter.wallMicrosPerRecipient} \xB5s |`,
    `| **own CPU** (filter \u2212 replay of its port calls) | **${f.ownCpu.microsPerRecipient} \xB5s** (best round ${f.ownCpu.minMicrosPerRecipient} \xB5s; target \u2264 ${TARGET_CPU_MICROS} \xB5s: ${f.ownCpu.microsPerRecipient <= TARGET_CPU_MICROS ? "met" : "NOT met"}) |`,
    "",
    "| stage alone (CPU, median of 5) | per recipient |",
    "| --- | --- |",
    ...Object.entries(f.stagesMicrosPerRecipient).map(([name, micros]) => `| ${name} | ${micros} \xB5s |`),
    "",
    "| what the filter cannot do without (CPU alone, median of 5) | per recipient |",
    "| --- | --- |",
    ...Object.entries(f.libraryFloorsMicrosPerRecipient).map(
      ([name, micros]) => `| ${name} | ${micros} \xB5s |`
    ),
    `| **libraries' floor**, together | **${f.libraryFloorMicrosPerRecipient} \xB5s** |`,
    `| garbage collector's pauses during the filter runs (main thread, median) | ${f.gcPauseMicrosPerRecipient} \xB5s |`,
    `| own CPU beyond the libraries' floor and the pauses | ${round(f.ownCpu.microsPerRecipient - f.libraryFloorMicrosPerRecipient - f.gcPauseMicrosPerRecipient)} \xB5s |`,
    ...profile === void 0 ? [] : [
      "",
      `Profile of 5 runs (${round(profile.totalMs)} ms), self time by file:`,
      ...selfTimeLines(profile.files),
      "by function:",
      ...selfTimeLines(profile.functions)
    ],
    "",
    `answer: ${Buffer.byteLength(JSON.stringify(answer.output))} bytes; ${JSON.stringify(answer.output.summary)}`,
    `load average at start ${f.environment.loadAverageAtStart.join(", ")}, at the end ${f.environment.loadAverageAtEnd.join(", ")} (${f.environment.cores} cores); figures in bench/results/filter-cpu.json`
  ].join("\n")
);
