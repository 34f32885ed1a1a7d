import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  contactPk,
  dailyStatsPk,
  erasurePk,
  filterRunPk,
  idempotencyPk,
  smsNumberPk,
  suppressionPk,
  tenantSettingsPk,
  transientBouncePk,
} from '#adapters/dynamodb/keys';
import type { PortName } from '#shared/admin-api-contract';
import { INDEXES } from '#shared/table-contract';

const ANY = '*';
/** Partitions as IAM `StringLike` patterns, built by the one keys module. */
export const PARTITIONS = {
  suppressions: suppressionPk(ANY, 'email', ANY).replace('#email#', `#${ANY}#`),
  contacts: contactPk(ANY, ANY),
  runReports: filterRunPk(ANY, ANY),
  tenantSettings: tenantSettingsPk(ANY),
  /** `SMSNUM#<e164>`: which tenant claimed an SMS number (W11 claims and releases, R12). */
  smsNumbers: smsNumberPk(ANY),
  /** `STAT#<tenant>` (R9) and `STAT#<tenant>#CAMPAIGNS` (R9b) alike. */
  dailyCounters: dailyStatsPk(ANY),
  /** `ERA#<tenant>#<erasureId>`: an erasure's record (W14). */
  erasures: erasurePk(ANY, ANY),
  /** `BNC#<tenant>#<hash>`: a value's transient-bounce marks (W6, R8). */
  transientBounces: transientBouncePk(ANY, ANY),
  /** `IDEM#<scope>#<key>`: a processed notification's claim (W7). */
  idempotency: idempotencyPk(ANY, ANY),
} as const;

type IndexName = keyof typeof INDEXES;

/** What one port's DynamoDB adapter does to the table (docs/data-model.md names each pattern). */
interface PortGrant {
  /** Item actions, on the partitions below only (TransactWriteItems is authorised per contained action). */
  readonly itemActions?: readonly string[];
  readonly partitions?: readonly string[];
  /** Queries on the table itself, on these partitions only. */
  readonly queryPartitions?: readonly string[];
  /** Queries on these indexes. */
  readonly indexes?: readonly IndexName[];
}

/**
 * Each port's grant, by the access patterns its adapter serves. Reads of the admin routes only: the filter and
 * feedback stacks, which also write run reports and expiring records, keep their own grants.
 */
export const PORT_GRANTS: Readonly<Record<PortName, PortGrant>> = {
  // R1/R2 reads, W1/W1b/W2 writes (the entry and its event), R3 on the tenant's suppressions timeline.
  suppressions: {
    itemActions: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
    partitions: [PARTITIONS.suppressions],
    indexes: ['byTenantTimeline'],
  },
  // W3 puts in a value's or a contact's partition; R4 on a value's partition; R5/R6 on the two timelines.
  activity: {
    itemActions: ['dynamodb:PutItem'],
    partitions: [PARTITIONS.suppressions, PARTITIONS.contacts],
    queryPartitions: [PARTITIONS.suppressions],
    indexes: ['byTenantTimeline', 'byContactTimeline'],
  },
  // R7 batch reads, W4/W5 set and lift (with their events).
  contacts: {
    itemActions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    partitions: [PARTITIONS.contacts],
  },
  // R10: a run's report.
  filterRuns: { queryPartitions: [PARTITIONS.runReports] },
  // R11/R11b reads; W11 puts the settings item (its event is the activity port's PutItem, in one transaction),
  // and puts and deletes the SMS number claims the change makes and releases.
  tenantSettings: {
    itemActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    partitions: [PARTITIONS.tenantSettings, PARTITIONS.smsNumbers],
  },
  tenantSettingsRead: {
    itemActions: ['dynamodb:GetItem'],
    partitions: [PARTITIONS.tenantSettings],
  },
  // R10b/R10c: run summaries on a campaign's timeline (GSI1) and the tenant's (GSI2); no run partition.
  filterRunTimelines: { indexes: ['byTenantTimeline', 'byContactTimeline'] },
  // R9 and R9b: read only; SES feedback's own grant writes them (W8, W8b).
  dailyCounters: { queryPartitions: [PARTITIONS.dailyCounters] },
  // R13 (GetItem of a value's item, one event by Query), R5 on GSI2, W15/W16 UpdateItem of events and items in
  // value and contact partitions (removes only: no PutItem or DeleteItem there), W14 PutItem of the erasure record.
  erasures: {
    itemActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    partitions: [PARTITIONS.suppressions, PARTITIONS.contacts, PARTITIONS.erasures],
    queryPartitions: [PARTITIONS.suppressions],
    indexes: ['byContactTimeline'],
  },
};

const union = <T>(lists: readonly (readonly T[] | undefined)[]): T[] => [
  ...new Set(lists.flatMap((l) => l ?? [])),
];

/**
 * Grants a function what its ports need, in at most three statements: item actions on the union of the ports'
 * partitions (`dynamodb:LeadingKeys`), table queries on their query partitions, and queries on their indexes.
 * Nothing is granted for no ports; never a wildcard action or index.
 */
export const grantPorts = (fn: IFunction, table: ITableV2, ports: readonly PortName[]): void => {
  const grants = [...new Set(ports)].map((port) => PORT_GRANTS[port]);
  const itemActions = union(grants.map((grant) => grant.itemActions));
  const leadingKeys = (partitions: readonly string[]) => ({
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions },
  });
  if (itemActions.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: itemActions,
        resources: [table.tableArn],
        conditions: leadingKeys(union(grants.map((grant) => grant.partitions))),
      }),
    );
  }
  const indexes = union(grants.map((grant) => grant.indexes));
  if (indexes.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((index) => `${table.tableArn}/index/${INDEXES[index].indexName}`),
      }),
    );
  }
  const queryPartitions = union(grants.map((grant) => grant.queryPartitions));
  if (queryPartitions.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [table.tableArn],
        conditions: leadingKeys(queryPartitions),
      }),
    );
  }
};

/**
 * R11 alone: `GetItem` on tenant settings partitions, for the functions outside the admin API whose use cases
 * read a tenant's settings (the filter: its phone country; SES feedback: its transient-bounce rule).
 */
export const grantTenantSettingsRead = (fn: IFunction, table: ITableV2): void => {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.tenantSettings] } },
    }),
  );
};
