import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, type IEventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import {
  type CfnStateMachine,
  Chain,
  DefinitionBody,
  DistributedMap,
  Fail,
  ItemBatcher,
  JitterType,
  JsonPath,
  LogLevel,
  OutputType,
  ResultWriterV2,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Transformation,
  WriterConfig,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import {
  contactPk,
  filterRunPk,
  importJobPk,
  suppressionPk,
  tenantSettingsPk,
} from '#adapters/dynamodb/keys';
import { DEFAULT_FILTER_REPORT_TTL_DAYS } from '#lambda/filter-config';
import { IMPORT_ROUTES } from '#shared/admin-api-contract';
import { ERASURE_COMPLETED_PATTERN } from '#shared/events-contract';
import {
  CHUNK_UNCHECKED_ERRORS,
  IMPORT_LINES_PER_CHUNK,
  IMPORT_MAX_CONCURRENCY,
  JOB_KEYS,
  JOB_OBJECT_EXPIRY_DAYS,
  JOBS_ENV,
  STEP_RETRY,
} from '#shared/jobs-contract';
import { ENV, INDEXES } from '#shared/table-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { ServiceFunction } from '../constructs/service-function';
import { RULE_TARGET_RETRY, targetDeadLetterQueue } from '../constructs/target-dead-letter-queue';

export interface JobsStackProps extends StackProps {
  /** The Quietlist table (DataStack). */
  readonly table: ITableV2;
  /** The keyring secret (DataStack): value-hash key, cursor key. */
  readonly keys: ISecret;
  /** The admin API (AdminApiStack): the import routes are mounted on it, behind its JWT authorizer. */
  readonly adminApi: HttpApi;
  /** The Quietlist event bus (EventsStack): its `Erasure Completed` events delete the workspace's job files. */
  readonly eventBus: IEventBus;
  /** The console's origin, the one origin allowed to upload from a browser (CORS). @default none */
  readonly consoleOrigin?: string;
  /** Country assumed for phone numbers without a country code. */
  readonly defaultPhoneCountry?: string;
  /** Base URL of unsubscribe links, for the eligible emails of filter jobs (as the filter stack's). */
  readonly publicBaseUrl?: string;
  /** The `mailto:` of those links' List-Unsubscribe header (as the filter stack's). @default none */
  readonly unsubscribeMailto?: string;
  /** Days filter jobs' run reports are kept (as the filter stack's `reportTtlDays`). @default 90 */
  readonly filterReportTtlDays?: number;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

const ANY = '*';
const SUPPRESSION_ENTRIES = suppressionPk(ANY, 'email', ANY).replace('#email#', `#${ANY}#`);
const JOBS = importJobPk(ANY, ANY);
/** The top-level prefixes of job files (each followed by the tenant): what an erasure lists and deletes. */
const JOB_PREFIXES = ['uploads', 'work', 'results', 'map-runs'];

/**
 * Imports at scale (docs/jobs.md): the jobs bucket (private, encrypted, TLS only, objects expiring after
 * JOB_OBJECT_EXPIRY_DAYS, CORS for the console's uploads), the import state machine — Prepare, a Distributed
 * Map reading the work file with the S3 item reader in batches of IMPORT_LINES_PER_CHUNK lines, at most
 * IMPORT_MAX_CONCURRENCY in flight, each retried with backoff on throttling, its results written to S3, then
 * Finish; any failure → MarkFailed — started by each upload (S3 → EventBridge), and the import routes' function
 * on the admin API.
 */
export class JobsStack extends Stack {
  readonly bucket: IBucket;
  readonly stateMachine: StateMachine;
  readonly stepFunction: NodejsFunction;
  readonly routesFunction: NodejsFunction;
  /** Deletes a workspace's job files on its erasure (the target of the erasure rule). */
  readonly purgeFunction: NodejsFunction;
  /** Erasure events the purge could not handle after EventBridge's retries (the monitoring stack alarms on it). */
  readonly purgeDeadLetterQueue: Queue;
  /** This stack's functions, by name, for monitoring. */
  readonly functions: Record<string, NodejsFunction> = {};

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    // The Distributed Map's ResultWriterV2 (its WriterConfig) renders only under this flag; set here, before any
    // construct, rather than in cdk.json, so the stack is the same however it is built (tests, `cdk synth`).
    this.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(retention) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        "AccessLogs is the target of the jobs bucket's server access logs; logging its own writes would log every log delivery.",
    });
    // aws-cdk-lib's Bucket declares `isWebsite` as `boolean | undefined`, which its own IBucket rejects under
    // exactOptionalPropertyTypes (as in DataStack and ConsoleStack): the cast is where the two meet.
    const bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs as unknown as IBucket,
      serverAccessLogsPrefix: 's3/',
      // Uploads, work files and results hold addresses: kept only as long as a job and its reader need them.
      lifecycleRules: [
        {
          expiration: Duration.days(JOB_OBJECT_EXPIRY_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      ...(props.consoleOrigin
        ? {
            cors: [
              {
                allowedOrigins: [props.consoleOrigin],
                allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
                allowedHeaders: ['content-type'],
                maxAge: 3600,
              },
            ],
          }
        : {}),
    });
    this.bucket = bucket as unknown as IBucket;
    // The upload starts the job (S3 → EventBridge → the state machine). Set on the bucket itself rather than
    // with `eventBridgeEnabled`, whose custom resource would add a Lambda function of aws-cdk-lib's to the app.
    (bucket.node.defaultChild as CfnBucket).addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );

    const bucketEnvironment = { [JOBS_ENV.bucket]: this.bucket.bucketName };
    // The steps parse lines and, in filter jobs, build the filter's links; the routes do neither.
    const stepsEnvironment = {
      ...bucketEnvironment,
      ...(props.defaultPhoneCountry ? { [ENV.defaultPhoneCountry]: props.defaultPhoneCountry } : {}),
      ...(props.publicBaseUrl ? { [ENV.publicBaseUrl]: props.publicBaseUrl } : {}),
      ...(props.unsubscribeMailto ? { [ENV.unsubscribeMailto]: props.unsubscribeMailto } : {}),
      [ENV.filterReportTtlDays]: String(props.filterReportTtlDays ?? DEFAULT_FILTER_REPORT_TTL_DAYS),
    };
    this.stepFunction = new ServiceFunction(this, 'ImportStepsFunction', {
      entry: 'functions/step/import-steps.ts',
      description: 'Quietlist: the steps of an import job (prepare, a chunk of lines, finish, mark failed)',
      table: props.table,
      keys: props.keys,
      memorySize: 1024,
      budget: TIME_BUDGETS.importSteps,
      logRetention: retention,
      environment: stepsEnvironment,
    }).function;
    this.functions.ImportSteps = this.stepFunction;
    this.grantSteps(props.table);

    this.stateMachine = this.importStateMachine(retention);
    new Rule(this, 'UploadStartsImport', {
      description: 'Quietlist: an import upload starts its job',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: [{ prefix: JOB_KEYS.uploadPrefix }] },
        },
      },
      targets: [
        new SfnStateMachine(this.stateMachine, {
          input: RuleTargetInput.fromObject({ key: EventField.fromPath('$.detail.object.key') }),
        }),
      ],
    });

    this.routesFunction = new ServiceFunction(this, 'ImportsFunction', {
      entry: 'functions/http/imports.ts',
      description: 'Quietlist admin API: /v1/imports (create, list, read an import job)',
      table: props.table,
      keys: props.keys,
      budget: TIME_BUDGETS.adminApi,
      logRetention: retention,
      environment: bucketEnvironment,
    }).function;
    this.functions.Imports = this.routesFunction;
    this.grantRoutes(props.table);
    const integration = new HttpLambdaIntegration('ImportsIntegration', this.routesFunction);
    for (const route of IMPORT_ROUTES) {
      new HttpRoute(this, `${route.operation}Route`, {
        httpApi: props.adminApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
      });
    }

    ({ fn: this.purgeFunction, deadLetterQueue: this.purgeDeadLetterQueue } = this.erasureDeletesJobFiles(
      props,
      retention,
    ));
    this.functions.PurgeJobFiles = this.purgeFunction;

    this.acknowledgeFindings(bucket);

    new CfnOutput(this, 'ImportStateMachineArn', {
      description: 'The import state machine (started by each upload; see docs/jobs.md)',
      value: this.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'JobsBucketName', { description: 'The jobs bucket', value: this.bucket.bucketName });
  }

  /**
   * An erasure reaches the job files: a rule on the Quietlist bus sends each `Erasure Completed` to `PurgeJobFiles`,
   * which deletes every object under the workspace's job prefixes and marks its jobs (WJ5). EventBridge retries the
   * target for a day (the purge is idempotent: a second run finds nothing), then parks the event in a dead-letter
   * queue, which the monitoring stack alarms on.
   */
  private erasureDeletesJobFiles(
    props: JobsStackProps,
    retention: RetentionDays,
  ): { fn: NodejsFunction; deadLetterQueue: Queue } {
    const fn = new ServiceFunction(this, 'PurgeJobFilesFunction', {
      entry: 'functions/event/purge-job-files.ts',
      description: "Quietlist: an erasure deletes the workspace's job files (uploads, work files, results)",
      table: props.table,
      budget: TIME_BUDGETS.purgeJobFiles,
      logRetention: retention,
      environment: { [JOBS_ENV.bucket]: this.bucket.bucketName },
    }).function;
    // WJ5 only: the job's status item, nothing else of the table.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [JOBS] } },
      }),
    );
    this.grantJobFileDeletion(fn);
    const deadLetterQueue = targetDeadLetterQueue(
      this,
      'PurgeJobFilesDeadLetterQueue',
      "the erasure rule's target",
    );
    new Rule(this, 'ErasureDeletesJobFiles', {
      eventBus: props.eventBus,
      description: "Quietlist: an erasure deletes the workspace's job files",
      eventPattern: {
        source: [...ERASURE_COMPLETED_PATTERN.source],
        detailType: [...ERASURE_COMPLETED_PATTERN['detail-type']],
      },
      targets: [new LambdaFunction(fn, { deadLetterQueue, ...RULE_TARGET_RETRY })],
    });
    new CfnOutput(this, 'PurgeJobFilesDeadLetterQueueUrl', {
      description: 'Erasure events whose job files could not be deleted within a day of retries',
      value: deadLetterQueue.queueUrl,
    });
    return { fn, deadLetterQueue };
  }

  /**
   * The state machine. Step errors that are throttling or an unavailable table are retried with exponential
   * backoff and full jitter (STEP_RETRY); anything else fails the state, and the Catch marks the job failed.
   */
  private importStateMachine(retention: RetentionDays): StateMachine {
    const invoke = (id: string, payload: Record<string, unknown>, resultPath?: string) => {
      const task = new LambdaInvoke(this, id, {
        lambdaFunction: this.stepFunction,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        ...(resultPath === undefined ? {} : { resultPath }),
      });
      task.addRetry({
        errors: [...STEP_RETRY.errors],
        interval: Duration.seconds(STEP_RETRY.intervalSeconds),
        backoffRate: STEP_RETRY.backoffRate,
        maxAttempts: STEP_RETRY.maxAttempts - 1,
        maxDelay: Duration.seconds(STEP_RETRY.maxDelaySeconds),
        jitterStrategy: JitterType.FULL,
      });
      return task;
    };
    const markFailed = invoke('MarkFailed', {
      step: 'fail',
      key: JsonPath.stringAt('$.key'),
      error: JsonPath.stringAt('$.failure.Error'),
      cause: JsonPath.stringAt('$.failure.Cause'),
    }).next(
      new Fail(this, 'ImportFailed', {
        error: 'ImportFailed',
        cause: 'The job says why (GET /v1/imports/{id})',
      }),
    );

    const prepare = invoke('Prepare', { step: 'prepare', key: JsonPath.stringAt('$.key') }, '$.prepared');
    const chunks = new DistributedMap(this, 'Chunks', {
      itemReader: new S3JsonLItemReader({
        bucket: this.bucket,
        key: JsonPath.stringAt('$.prepared.workKey'),
      }),
      itemBatcher: new ItemBatcher({
        maxItemsPerBatch: IMPORT_LINES_PER_CHUNK,
        // Written as ASL paths (`.$`): CDK passes BatchInput through as given, without rendering JsonPath tokens.
        batchInput: { 'tenantId.$': '$.prepared.tenantId', 'importId.$': '$.prepared.importId' },
      }),
      maxConcurrency: IMPORT_MAX_CONCURRENCY,
      // A chunk that failed every retry and its Catch fails the job: its lines would be missing from the counts.
      toleratedFailurePercentage: 0,
      // The child records go under the job's own tenant-first prefix (`Prefix.$`, from Prepare), so an erasure's
      // purge reaches them; COMPACT keeps only the outputs (counts) of the chunks that succeeded, not their input
      // (the batch of work lines, values in clear). A failed chunk's record is written whole, input included,
      // whatever the transformation: the prefix is what reaches it (docs/privacy.md, docs/decisions.md).
      resultWriterV2: new ResultWriterV2({
        bucket: this.bucket,
        prefix: JsonPath.stringAt('$.prepared.mapRunPrefix'),
        writerConfig: new WriterConfig({
          transformation: Transformation.COMPACT,
          outputType: OutputType.JSONL,
        }),
      }),
      resultPath: JsonPath.DISCARD,
    });
    const chunk = invoke('Chunk', {
      step: 'chunk',
      Items: JsonPath.listAt('$.Items'),
      BatchInput: JsonPath.objectAt('$.BatchInput'),
    });
    // Fail closed per chunk: once a chunk's retries are spent on the table's errors, a filter job's chunk is
    // answered without reading the table, each recipient `unchecked` (an import's chunk still fails, and the job).
    chunk.addCatch(
      invoke('MarkUnchecked', {
        step: 'unchecked',
        Items: JsonPath.listAt('$.Items'),
        BatchInput: JsonPath.objectAt('$.BatchInput'),
        error: JsonPath.stringAt('$.failure.Error'),
        cause: JsonPath.stringAt('$.failure.Cause'),
      }),
      { errors: [...CHUNK_UNCHECKED_ERRORS], resultPath: '$.failure' },
    );
    chunks.itemProcessor(chunk);
    const finish = invoke(
      'Finish',
      {
        step: 'finish',
        tenantId: JsonPath.stringAt('$.prepared.tenantId'),
        importId: JsonPath.stringAt('$.prepared.importId'),
        lines: JsonPath.numberAt('$.prepared.lines'),
      },
      JsonPath.DISCARD,
    );
    for (const state of [prepare, chunks, finish]) state.addCatch(markFailed, { resultPath: '$.failure' });

    const logs = new LogGroup(this, 'ImportStateMachineLogs', { retention });
    const machine = new StateMachine(this, 'ImportStateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(
        Chain.start(prepare).next(chunks).next(finish).next(new Succeed(this, 'Imported')),
      ),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    return machine;
  }

  /** The steps' table access: the bulk add's (R2, W1b), the check's reads, settings (R11), the job's (RJ1–WJ4). */
  private grantSteps(table: ITableV2) {
    const leading = (partitions: string[]) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions },
    });
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: leading([SUPPRESSION_ENTRIES]),
      }),
    );
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: leading([tenantSettingsPk(ANY)]),
      }),
    );
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [table.tableArn],
        conditions: leading([JOBS]),
      }),
    );
    // Filter jobs run the filter's own use case: do-not-contact reads (R7) and run reports (W9), as its stack grants.
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem'],
        resources: [table.tableArn],
        conditions: leading([contactPk(ANY, ANY)]),
      }),
    );
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: leading([filterRunPk(ANY, ANY)]),
      }),
    );
    // SES account-list imports page through the account's suppression list (no resource-level permissions).
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['ses:ListSuppressedDestinations'], resources: ['*'] }),
    );
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: ['uploads/*', 'work/*', 'results/*'].map((prefix) => this.bucket.arnForObjects(prefix)),
      }),
    );
    this.stepFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: ['work/*', 'results/*'].map((prefix) => this.bucket.arnForObjects(prefix)),
      }),
    );
    // A job an erasure reached while it ran deletes its own files when it ends (finishImport, failImport).
    this.grantJobFileDeletion(this.stepFunction);
  }

  /** Listing only under the job prefixes, and deleting only there: never the access logs' or anything else. */
  private grantJobFileDeletion(fn: IFunction) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': JOB_PREFIXES.map((prefix) => `${prefix}/*`) } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: JOB_PREFIXES.map((prefix) => this.bucket.arnForObjects(`${prefix}/*`)),
      }),
    );
  }

  /** The routes' access: their job's items (RJ1, RJ2 on GSI1, RJ4, WJ1), refusals (W3), presigning. */
  private grantRoutes(table: ITableV2) {
    this.routesFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [JOBS] } },
      }),
    );
    this.routesFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [contactPk(ANY, ANY)] } },
      }),
    );
    // A filter job about a topic is checked against the workspace's topics (R11) before its upload is signed.
    this.routesFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [tenantSettingsPk(ANY)] } },
      }),
    );
    this.routesFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${INDEXES.byTenantTimeline.indexName}`],
      }),
    );
    // A presigned URL carries the signer's permission: uploads may only be written, results only read.
    this.routesFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('uploads/*')] }),
    );
    this.routesFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('results/*')] }),
    );
  }

  /** The AWS Solutions findings this stack's design implies, each with its reason. */
  private acknowledgeFindings(bucket: Bucket) {
    const files = this.getLogicalId(bucket.node.defaultChild as CfnBucket);
    const steps = this.getLogicalId(this.stepFunction.node.defaultChild as CfnFunction);
    const machine = this.getLogicalId(this.stateMachine.node.defaultChild as CfnStateMachine);
    const prefixes = (names: string[], fn: NodejsFunction, why: string) =>
      Validations.of(fn.role as Construct).acknowledge(
        ...names.map((prefix) => ({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${files}.Arn>/${prefix}/*]`,
          reason: why,
        })),
      );
    prefixes(
      JOB_PREFIXES,
      this.stepFunction,
      'A job reads its upload and writes its work file and results under per-job keys it cannot know in advance: ' +
        'the grant is each prefix, read-only for uploads; a job an erasure reached while it ran deletes its own ' +
        'files under the same prefixes (map-runs included) when it ends.',
    );
    prefixes(
      JOB_PREFIXES,
      this.purgeFunction,
      'An erasure deletes every job file of the workspace: the tenant comes with the event, so the grant is each job ' +
        'prefix (delete only; listing is conditioned on the same prefixes).',
    );
    prefixes(
      ['uploads', 'results'],
      this.routesFunction,
      "A presigned URL carries its signer's permission: the routes sign PUTs of uploads and GETs of results only.",
    );
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}`;
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing and the delivery of execution logs (logs:CreateLogDelivery and its kin) support no ' +
          'resource-level permissions, so their statements must name "*".',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${steps}.Arn>:*]`,
        reason:
          'Lambda invoke tasks may call any version or alias of the one step function: CDK grants it so.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${files}>/*]`,
        reason:
          "The Distributed Map's item reader reads each job's work file and its result writer writes under " +
          'map-runs/: keys made per execution, in the jobs bucket only.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executions}:*]`,
        reason: 'A Distributed Map starts and describes its own child executions, named by Step Functions.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executions}/*:*]`,
        reason: 'A Distributed Map starts and describes its own child executions, named by Step Functions.',
      },
    );
  }
}
