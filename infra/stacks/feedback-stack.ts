import { CfnOutput, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEFAULT_TRANSIENT_BOUNCE_POLICY, type TransientBouncePolicy } from '#domain/ses-feedback-policy';
import { ENV } from '#shared/table-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { ServiceFunction } from '../constructs/service-function';
import { snsFedQueue } from '../constructs/sns-fed-queue';
import { grantTenantSettingsRead, PARTITIONS } from '../port-grants';

export interface FeedbackStackProps extends StackProps {
  /** The Quietlist table (DataStack). */
  readonly table: ITableV2;
  /** The keyring secret (DataStack): the function hashes addresses with its value-hash key. */
  readonly keys: ISecret;
  /** Transient bounces that suppress an address. @default 3 within 7 days */
  readonly transientBounces?: TransientBouncePolicy;
  /**
   * Deliveries of one message before it is parked in the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Concurrent invocations the queue may drive (the event source's maximum concurrency): a burst of feedback after
   * a large campaign drains steadily instead of taking the account's concurrency and the table's write capacity.
   * Unlike reserved concurrency, it never throttles the function into redeliveries and the dead-letter queue.
   * @default 5
   */
  readonly maxConcurrency?: number;
  /** Retention of the function's logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /**
   * Also list every address suppressed for a bounce or complaint on the SES account-level suppression list, so
   * that SES itself refuses to send to it, for every tenant of the account. @default false
   */
  readonly sesMirror?: boolean;
  /**
   * SES identities (`arn:aws:ses:<region>:<account>:identity/<domain or address>`) whose classic bounce, complaint
   * and delivery notifications may publish to the topic, beside the configuration set. Each must be an identity of
   * this stack's account: the statements also require `aws:SourceAccount`, so another account's never matches.
   * @default none: only the configuration set publishes
   */
  readonly sesIdentityArns?: readonly string[];
}

const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:(\d{12}):identity\/[^\s*?/]+$/;

/** The events SES publishes to the topic: what suppresses (bounces, complaints) and what is counted. */
const PUBLISHED_EVENTS = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.SEND,
  EmailSendingEvent.REJECT,
];

/**
 * SES feedback: an SES configuration set publishes bounces, complaints, deliveries, sends and rejects to an
 * encrypted SNS topic; an SQS queue subscribed to it (raw delivery off) feeds the feedback function in batches
 * with partial batch responses; records that keep failing land in a dead-letter queue (the monitoring stack
 * alarms on its depth). Senders send with the exported configuration set name and the message tags of docs/ses-feedback.md.
 */
export class FeedbackStack extends Stack {
  readonly topic: Topic;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly configurationSet: ConfigurationSet;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: FeedbackStackProps) {
    super(scope, id, props);
    const transient = props.transientBounces ?? DEFAULT_TRANSIENT_BOUNCE_POLICY;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
    const configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    const identityArns = [...(props.sesIdentityArns ?? [])];
    this.checkIdentityArns(identityArns);
    /** What may publish, and so encrypt with the topic's key: the configuration set, and the named identities. */
    const publishers = [configurationSetArn, ...identityArns];

    const topicKey = new Key(this, 'TopicKey', {
      description: 'Quietlist: encrypts SES feedback in the SNS topic',
      enableKeyRotation: true,
    });
    // SES encrypts what it publishes with the topic's key, so the key must let SES (for the configuration set and
    // the configured identities only) use it.
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': publishers.length === 1 ? configurationSetArn : publishers },
        },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Quietlist SES feedback',
      masterKey: topicKey,
      enforceSSL: true,
    });

    const fed = snsFedQueue(this, {
      topic: this.topic,
      budget: TIME_BUDGETS.sesFeedback,
      ...(props.maxReceiveCount === undefined ? {} : { maxReceiveCount: props.maxReceiveCount }),
    });
    this.queue = fed.queue;
    this.deadLetterQueue = fed.deadLetterQueue;

    this.configurationSet.addEventDestination('FeedbackTopic', {
      destination: EventDestination.snsTopic(this.topic),
      events: PUBLISHED_EVENTS,
    });
    // The event destination admits the configuration set to the topic; classic identity notifications (set on each
    // identity, docs/ses-feedback.md) need their own statement, for exactly the configured identities.
    if (identityArns.length > 0) {
      this.topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'SesIdentityNotifications',
          principals: [new ServicePrincipal('ses.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: {
            StringEquals: { 'AWS:SourceAccount': this.account, 'AWS:SourceArn': identityArns },
          },
        }),
      );
    }

    this.function = new ServiceFunction(this, 'Handler', {
      entry: 'functions/queue/ses-feedback.ts',
      description: 'Quietlist: applies SES bounces and complaints to the suppression list',
      table: props.table,
      keys: props.keys,
      budget: TIME_BUDGETS.sesFeedback,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
      environment: {
        [ENV.transientBounceThreshold]: String(transient.threshold),
        [ENV.transientBounceWindowDays]: String(transient.windowDays),
        [ENV.sesMirror]: String(props.sesMirror ?? false),
      },
    }).function;
    const handler = this.function;
    // Exactly what the use case calls, on the table alone (it reads no index): W1 and W8 are transactions of Put
    // and Update, R1 is a BatchGetItem, W3/W6/W6b/W7 are conditional Puts and R8/R8b read marks with a Query;
    // and only on the partitions they touch: entries and their events, bounce marks, daily counters and claims.
    // SES notifications are third parties' input: the function can change no setting, contact, job or erasure
    // (test/integration/ses-feedback-grants.test.ts holds what it sends to these statements).
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              PARTITIONS.suppressions,
              PARTITIONS.transientBounces,
              PARTITIONS.dailyCounters,
              PARTITIONS.idempotency,
            ],
          },
        },
      }),
    );
    // R11: the tagged tenant's settings (its transient-bounce rule), on tenant settings partitions only.
    grantTenantSettingsRead(handler, props.table);
    if (props.sesMirror) {
      const mirror = new Policy(this, 'SesMirrorPolicy', {
        statements: [new PolicyStatement({ actions: ['ses:PutSuppressedDestination'], resources: ['*'] })],
      });
      handler.role?.attachInlinePolicy(mirror);
      Validations.of(mirror).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'SESv2 PutSuppressedDestination acts on the account-level suppression list, which is no resource: the ' +
          'action supports no resource-level permissions, so its statement must name "*".',
      });
    }
    fed.drainWith(handler, props.maxConcurrency ?? 5);

    new CfnOutput(this, 'ConfigurationSetName', {
      description: 'Send with this SES configuration set so that bounces and complaints reach Quietlist',
      value: this.configurationSet.configurationSetName,
      exportName: `${this.stackName}-ConfigurationSetName`,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'SES feedback records that could not be applied',
      value: this.deadLetterQueue.queueUrl,
    });
  }

  /** Fails synth, naming the ARN, for anything but an SES identity of this stack's account (when it is known). */
  private checkIdentityArns(arns: readonly string[]): void {
    for (const arn of arns) {
      const account = SES_IDENTITY_ARN.exec(arn)?.[1];
      if (account === undefined) {
        throw new Error(
          `sesIdentityArns: "${arn}" is not an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<name>)`,
        );
      }
      if (!Token.isUnresolved(this.account) && account !== this.account) {
        throw new Error(`sesIdentityArns: "${arn}" is not of this stack's account ${this.account}`);
      }
    }
  }
}
