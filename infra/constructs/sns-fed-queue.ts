import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { TimeBudget } from '#shared/time-budgets';

export interface SnsFedQueueProps {
  readonly topic: ITopic;
  /** The budget of the function that drains the queue: the visibility timeout is six of its Lambda timeouts. */
  readonly budget: TimeBudget;
  /** Receives before a record is parked in the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

export interface SnsFedQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Lets `handler` drain the queue in batches, reporting each failed record so only it is retried. */
  readonly drainWith: (handler: IFunction, maxConcurrency: number) => void;
}

/**
 * The queue an SNS topic feeds (SES feedback, SMS replies) and its dead-letter queue, both encrypted and TLS
 * only. A function and not a construct: the queues keep the logical ids (`Queue`, `DeadLetterQueue`) they had as
 * children of their stack, so a deployed stack is not asked to replace them.
 *
 * The visibility timeout is six Lambda timeouts, as AWS advises for an SQS event source, so a batch still being
 * retried is not delivered twice at once; raw message delivery stays off, so each body is SNS's notification JSON
 * whose `Message` is the publisher's (what `#lambda/sns-queue-record` unwraps).
 */
export const snsFedQueue = (scope: Construct, props: SnsFedQueueProps): SnsFedQueue => {
  const deadLetterQueue = new Queue(scope, 'DeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(scope, 'Queue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(4),
    visibilityTimeout: Duration.seconds(props.budget.lambdaTimeoutSeconds * 6),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
  });
  props.topic.addSubscription(new SqsSubscription(queue, { rawMessageDelivery: false }));
  const drainWith = (handler: IFunction, maxConcurrency: number): void => {
    handler.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );
  };
  return { queue, deadLetterQueue, drainWith };
};
