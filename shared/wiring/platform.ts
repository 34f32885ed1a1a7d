import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CountryCode } from 'libphonenumber-js';
import { withDeadline } from '#adapters/aws/call-limits';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { CachedTenantSettingsStore } from '#adapters/memory/cached-tenant-settings-store';
import { loadKeyring } from '#adapters/secrets/load-keyring';
import type { Keyring } from '#domain/keyring';
import type { NormalizeOptions } from '#domain/normalize';
import { createValueHasher, type ValueHasher } from '#domain/value-hash';
import {
  type BudgetedFunction,
  dynamoDbLocalBudget,
  TIME_BUDGETS,
  type TimeBudget,
} from '#shared/time-budgets';

/** Everything a function is configured with, read once per container (deployed: from its environment). */
export interface ServiceConfig {
  readonly tableName: string;
  /** `file:<path>` locally, a Secrets Manager secret id when deployed. */
  readonly keysSource: string;
  readonly dynamoDbEndpoint?: string;
  readonly defaultPhoneCountry?: CountryCode;
  /** Base of public unsubscribe links, e.g. https://unsubscribe.example.com */
  readonly publicBaseUrl?: string;
  /** Address offered as the `mailto:` alternative in `List-Unsubscribe`; none when unset. */
  readonly unsubscribeMailto?: string;
  /** A client to use instead of a new one: benchmarks that count capacity, tests that inject faults. */
  readonly documentClient?: DynamoDBDocumentClient;
  /**
   * Wraps the table's new client: `traceAwsClient` (`#lambda/tracing`, an X-Ray subsegment per call) in the
   * functions that trace in-process; unset, the client as it is. The entry chooses, so that a function without
   * it does not load the X-Ray SDK (docs/decisions.md, "Tracing in the function or not").
   */
  readonly traceClient?: <T>(client: T) => T;
  /**
   * The function's time budget instead of its row of TIME_BUDGETS (or, with `dynamoDbEndpoint`, of the lenient
   * one for DynamoDB Local): tests of the budgets themselves use short ones.
   */
  readonly timeBudget?: TimeBudget;
}

/** The budget a composition root holds its function to (shared/time-budgets.ts, docs/timeouts.md). */
export const timeBudgetOf = (
  config: Pick<ServiceConfig, 'timeBudget' | 'dynamoDbEndpoint'>,
  fn: BudgetedFunction,
): TimeBudget =>
  config.timeBudget ??
  (config.dynamoDbEndpoint === undefined ? TIME_BUDGETS[fn] : dynamoDbLocalBudget(TIME_BUDGETS[fn]));

/** What every composition root starts from: the keys, the value hasher and the parsers' options. */
export interface Keys {
  readonly keyring: Keyring;
  readonly hashValue: ValueHasher;
  readonly normalizeOptions: NormalizeOptions;
}

/**
 * Loads the keyring (a file locally, a secret read within `budget.keyring` when deployed) and derives the value
 * hasher from it. @default budget: the SDK's own limits (tests and benchmarks)
 */
export const loadKeys = async (config: ServiceConfig, budget?: TimeBudget): Promise<Keys> => {
  const keyring = await loadKeyring(config.keysSource, budget?.keyring);
  return {
    keyring,
    hashValue: createValueHasher(keyring.valueHashKey),
    normalizeOptions:
      config.defaultPhoneCountry === undefined ? {} : { defaultPhoneCountry: config.defaultPhoneCountry },
  };
};

/**
 * The table's document client, each call held to `budget.calls` and to the current deadline, traced when the
 * function traces (`traceClient`). @default budget: the SDK's own limits (tests and benchmarks)
 */
export const connectTable = (
  config: Pick<ServiceConfig, 'documentClient' | 'dynamoDbEndpoint' | 'traceClient'>,
  budget?: TimeBudget,
): DynamoDBDocumentClient => {
  if (config.documentClient) return config.documentClient;
  const client = createDocumentClient({
    ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
    ...(budget ? { limits: budget.calls } : {}),
  });
  return config.traceClient ? config.traceClient(client) : client;
};

type UseCase = (...args: never[]) => unknown;

/**
 * A composition root's use cases, each call run under the budget's deadline: what the call still waits on then
 * is aborted, and the use case gives its fail-closed answer (an error, a retry page, a failed record).
 */
export const withinDeadline = <T extends Record<string, UseCase>>(budget: TimeBudget, useCases: T): T =>
  Object.fromEntries(
    Object.entries(useCases).map(([name, useCase]) => [
      name,
      (...args: never[]) => withDeadline(budget.deadlineMs, () => useCase(...args)),
    ]),
  ) as T;

/**
 * The tenant settings store a root reads through: DynamoDB behind a per-container cache of at most a minute
 * (pages, parsers and feedback read settings on every request). Build it once per root, so that a change made
 * through the root's own use cases replaces what its cache holds.
 */
export const tenantSettingsStore = (
  doc: DynamoDBDocumentClient,
  config: Pick<ServiceConfig, 'tableName'>,
): CachedTenantSettingsStore =>
  new CachedTenantSettingsStore(new DynamoDbTenantSettingsRepository(doc, config.tableName));
