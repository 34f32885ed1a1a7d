import { CfnOutput, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  ApiDestination,
  Authorization,
  Connection,
  EventBus,
  HttpMethod,
  type IApiDestination,
  Rule,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACTIVITY_INSERT_PATTERN, EVENT_SOURCE } from '#shared/events-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import type { EventsWebhookConfig } from '../config';
import { ServiceFunction } from '../constructs/service-function';
import { RULE_TARGET_RETRY, targetDeadLetterQueue } from '../constructs/target-dead-letter-queue';

export interface EventsStackProps extends StackProps {
  /** The Quietlist table (DataStack), with its stream. */
  readonly table: ITableV2;
  /** The deployment stage: the bus is `quietlist-<stage>`, so stages can share an account. */
  readonly stage: string;
  /** Retention of the enrichment function's and the pipe's logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Also send every event to this HTTPS endpoint. @default none: the bus alone */
  readonly webhook?: EventsWebhookConfig;
}

/** Retries of a failing batch before it is parked (the stream keeps records 24 hours anyway). */
const PIPE_RETRY_ATTEMPTS = 10;
/** A record older than this is parked rather than retried: a day, the stream's own retention. */
const PIPE_MAX_RECORD_AGE_SECONDS = 86_400;

/**
 * Outbound events (docs/events/README.md): the table's stream → an EventBridge pipe whose source filter admits
 * only inserts of published activity items → the enrichment function, which maps each to its event with the one
 * domain mapping (shared/domain/outbound-events.ts) → the Quietlist event bus, `source` "quietlist" and the
 * event's detail type. Customers add rules on the bus for their own targets; with `webhook`, a rule sends every
 * event to an HTTPS endpoint through an API destination, with retries and a dead-letter queue.
 *
 * Delivery is at least once: a batch that fails is retried whole, so consumers deduplicate on `detail.eventId`.
 */
export class EventsStack extends Stack {
  readonly bus: EventBus;
  readonly pipe: CfnPipe;
  readonly enrichment: NodejsFunction;
  /** Stream batches the pipe could not deliver after its retries (the monitoring stack alarms on its depth). */
  readonly pipeDeadLetterQueue: Queue;
  /** Events the webhook refused or never answered after EventBridge's retries. */
  readonly webhookDeadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `quietlist-${props.stage}`,
      description: 'Quietlist: suppression, do-not-contact, feedback and settings changes (docs/events/)',
    });

    this.enrichment = new ServiceFunction(this, 'Enrichment', {
      entry: 'functions/pipe/outbound-events.ts',
      description: 'Quietlist: maps activity items of the table stream to outbound events',
      budget: TIME_BUDGETS.outboundEvents,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    }).function;

    this.pipeDeadLetterQueue = targetDeadLetterQueue(this, 'PipeDeadLetterQueue', 'the outbound-events pipe');
    const pipeLogs = new LogGroup(this, 'PipeLogs', {
      ...(props.logRetention === undefined ? {} : { retention: props.logRetention }),
    });
    const role = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Quietlist: the outbound-events pipe (table stream to event bus)',
    });
    if (!props.table.tableStreamArn) throw new Error('the table has no stream: SuppressionTable enables it');
    // Reading the stream: DescribeStream, GetRecords, GetShardIterator on it, ListStreams on "*" (no resource).
    props.table.grantStreamRead(role);
    // The function itself, not `grantInvoke`'s `<arn>:*` (every version and alias): the pipe invokes $LATEST.
    role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.enrichment.functionArn] }),
    );
    this.bus.grantPutEventsTo(role);
    this.pipeDeadLetterQueue.grantSendMessages(role);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [pipeLogs.logGroupArn],
      }),
    );

    this.pipe = new CfnPipe(this, 'Pipe', {
      description: 'Quietlist: activity items of the table stream, as events on the Quietlist bus',
      roleArn: role.roleArn,
      source: props.table.tableStreamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // A new pipe publishes what happens from now on; the audit log (GET /v1/activity) holds the past.
          startingPosition: 'LATEST',
          batchSize: 10,
          maximumBatchingWindowInSeconds: 1,
          // One batch at a time per shard: the changes of one value reach the bus in the order they were made.
          parallelizationFactor: 1,
          maximumRetryAttempts: PIPE_RETRY_ATTEMPTS,
          maximumRecordAgeInSeconds: PIPE_MAX_RECORD_AGE_SECONDS,
          // A failing batch is halved until the record at fault is alone, so its neighbours still go through.
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: this.pipeDeadLetterQueue.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(ACTIVITY_INSERT_PATTERN) }] },
      },
      // Pipes' input transformer cannot map an action to a detail type nor build the values list: a function does,
      // with the same mapping as the local stand-in (docs/decisions.md, "Outbound events").
      enrichment: this.enrichment.functionArn,
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: {
          source: EVENT_SOURCE,
          // Dynamic path into each element the enrichment returned: `{ detailType, detail }`.
          detailType: '$.detailType',
        },
        inputTemplate: '<$.detail>',
      },
      logConfiguration: {
        cloudwatchLogsLogDestination: { logGroupArn: pipeLogs.logGroupArn },
        // Errors only, without execution data: the payloads hold addresses.
        level: 'ERROR',
      },
    });
    this.pipe.node.addDependency(role);

    if (props.webhook) this.webhookDeadLetterQueue = this.addWebhook(props.webhook);

    new CfnOutput(this, 'EventBusName', {
      description: 'Add rules on this bus (source "quietlist") to receive outbound events',
      value: this.bus.eventBusName,
      exportName: `${this.stackName}-EventBusName`,
    });
    new CfnOutput(this, 'PipeDeadLetterQueueUrl', {
      description: 'Stream batches the outbound-events pipe could not publish',
      value: this.pipeDeadLetterQueue.queueUrl,
    });
  }

  /** A rule sending every Quietlist event to the webhook through an API destination, retried for a day. */
  private addWebhook(webhook: EventsWebhookConfig): Queue {
    const connection = new Connection(this, 'WebhookConnection', {
      description: 'Quietlist: outbound events webhook (API key header)',
      authorization: Authorization.apiKey(webhook.headerName, SecretValue.secretsManager(webhook.secretArn)),
    });
    const destination = new ApiDestination(this, 'WebhookDestination', {
      connection,
      endpoint: webhook.url,
      httpMethod: HttpMethod.POST,
      description: 'Quietlist: outbound events webhook',
    });
    const deadLetterQueue = targetDeadLetterQueue(this, 'WebhookDeadLetterQueue', 'the webhook rule');
    new Rule(this, 'WebhookRule', {
      eventBus: this.bus,
      description: 'Quietlist: every outbound event to the webhook',
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [
        // ApiDestination does not satisfy its interface under exactOptionalPropertyTypes (optional ARN typed `| undefined`).
        new ApiDestinationTarget(destination as IApiDestination, { deadLetterQueue, ...RULE_TARGET_RETRY }),
      ],
    });
    new CfnOutput(this, 'WebhookDeadLetterQueueUrl', {
      description: 'Outbound events the webhook did not accept within a day of retries',
      value: deadLetterQueue.queueUrl,
    });
    return deadLetterQueue;
  }
}
