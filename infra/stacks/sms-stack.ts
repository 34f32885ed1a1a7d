import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { ServiceFunction } from '../constructs/service-function';
import { snsFedQueue } from '../constructs/sns-fed-queue';
import { PARTITIONS } from '../port-grants';

export interface SmsStackProps extends StackProps {
  /** The Quietlist table (DataStack). */
  readonly table: ITableV2;
  /** The keyring secret (DataStack): the function hashes phone numbers with its value-hash key. */
  readonly keys: ISecret;
  /** Deliveries of one message before it is parked in the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/**
 * SMS STOP replies (docs/sms-stop.md): AWS End User Messaging SMS two-way messaging publishes each inbound message
 * to an encrypted SNS topic (set it as the phone number's two-way destination); an SQS queue subscribed to it
 * feeds the SMS replies function in batches with partial batch responses; records that keep failing (a malformed
 * message among them) land in a dead-letter queue, which the monitoring stack alarms on, as for SES feedback.
 */
export class SmsStack extends Stack {
  readonly topic: Topic;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: SmsStackProps) {
    super(scope, id, props);
    const smsVoice = new ServicePrincipal('sms-voice.amazonaws.com');
    const fromThisAccount = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': `arn:${this.partition}:sms-voice:${this.region}:${this.account}:*` },
    };
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Quietlist: encrypts inbound SMS replies in the SNS topic',
      enableKeyRotation: true,
    });
    // End User Messaging encrypts what it publishes with the topic's key (its documentation, "encrypted topics").
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [smsVoice],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Quietlist inbound SMS',
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EndUserMessagingTwoWay',
        principals: [smsVoice],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccount,
      }),
    );

    const fed = snsFedQueue(this, {
      topic: this.topic,
      budget: TIME_BUDGETS.smsReplies,
      ...(props.maxReceiveCount === undefined ? {} : { maxReceiveCount: props.maxReceiveCount }),
    });
    this.queue = fed.queue;
    this.deadLetterQueue = fed.deadLetterQueue;

    this.function = new ServiceFunction(this, 'Handler', {
      entry: 'functions/queue/sms-replies.ts',
      description: 'Quietlist: applies SMS STOP replies to the suppression list',
      table: props.table,
      keys: props.keys,
      budget: TIME_BUDGETS.smsReplies,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    }).function;
    const handler = this.function;
    // R12 reads a number's claim; W1 (a transaction of the entry and its event) and W3 (a reply's event) write
    // in value partitions. Nothing else: no index, no other partition.
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.smsNumbers] } },
      }),
    );
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITIONS.suppressions] } },
      }),
    );
    fed.drainWith(handler, 5);

    new CfnOutput(this, 'TopicArn', {
      description:
        "Set as the two-way SMS destination of the workspaces' phone numbers (End User Messaging SMS)",
      value: this.topic.topicArn,
      exportName: `${this.stackName}-TopicArn`,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Inbound SMS messages that could not be applied',
      value: this.deadLetterQueue.queueUrl,
    });
  }
}
