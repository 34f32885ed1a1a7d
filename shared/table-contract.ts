/**
 * The one DynamoDB table, described once. The CDK data stack and the local runtime both build the table from
 * this description, and the repository reads its attribute names from here, so the three can never disagree.
 * docs/data-model.md explains the keys and lists every access pattern.
 */
/** Activity items are append-only: a stream record's new image is the whole event (docs/events/README.md). */
export const TABLE_STREAM_VIEW_TYPE = 'NEW_IMAGE' as const;

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after this instant. */
  ttlAttribute: 'expiresAt',
} as const;

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** Global secondary indexes; every one projects all attributes (items are small and lists show them whole). */
export const INDEXES = {
  /** Tenant timelines: suppressions, activity and filter runs of one tenant, newest first. */
  byTenantTimeline: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Contact timelines: a contact's activity, newest first. */
  byContactTimeline: { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const satisfies Record<string, IndexDefinition>;

/** Every key attribute is a string. */
export const KEY_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...Object.values(INDEXES).flatMap((index) => [index.partitionKey, index.sortKey]),
];

/** Environment variables the functions read; infra sets them, shared/lambda/env reads them. */
export const ENV = {
  tableName: 'QUIETLIST_TABLE_NAME',
  /** Name of the secret (or, locally, a file) holding the value-hash key and the link-token keys. */
  keysSecret: 'QUIETLIST_KEYS_SECRET',
  defaultPhoneCountry: 'QUIETLIST_DEFAULT_PHONE_COUNTRY',
  publicBaseUrl: 'QUIETLIST_PUBLIC_BASE_URL',
  /** Optional address offered as a `mailto:` alternative in `List-Unsubscribe` (docs/unsubscribe.md). */
  unsubscribeMailto: 'QUIETLIST_UNSUBSCRIBE_MAILTO',
  dynamoDbEndpoint: 'QUIETLIST_DYNAMODB_ENDPOINT',
  /** SES feedback: transient bounces that suppress an address (default 3) within this many days (default 7). */
  transientBounceThreshold: 'QUIETLIST_TRANSIENT_BOUNCE_THRESHOLD',
  transientBounceWindowDays: 'QUIETLIST_TRANSIENT_BOUNCE_WINDOW_DAYS',
  /** SES feedback: `true` mirrors bounce and complaint suppressions to the SES account-level suppression list. */
  sesMirror: 'QUIETLIST_SES_MIRROR',
  /** Pre-send filter: days a run's report (summary and filtered list) is kept (default 90). */
  filterReportTtlDays: 'QUIETLIST_FILTER_REPORT_TTL_DAYS',
} as const;

/**
 * The CreateTable request for this table, in the SDK's input shape but without importing the SDK, so that
 * infra (CloudFormation) and local (CreateTableCommand) can both derive from it.
 */
export const createTableInput = (tableName: string) => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
  KeySchema: [
    { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: Object.values(INDEXES).map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  })),
  // Outbound events (shared/events-contract.ts): the stream the pipe, or locally the stand-in, reads.
  StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_STREAM_VIEW_TYPE },
});
