import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * How long EventBridge keeps trying a rule's target before its dead-letter queue: the most attempts it allows
 * (185) over a day, for the webhook and the erasure's purge of job files alike.
 */
export const RULE_TARGET_RETRY = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;

/**
 * The dead-letter queue of something that is not an SQS queue (a pipe, a rule's target): encrypted, TLS only,
 * kept 14 days. A function and not a construct, so the queue keeps the logical id it had as a child of its stack.
 *
 * @param of - what it is the dead-letter queue of, for the cdk-nag acknowledgement.
 */
export const targetDeadLetterQueue = (scope: Construct, id: string, of: string): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter queue (of ${of}), which cdk-nag recognizes only between SQS queues.`,
  });
  return queue;
};
