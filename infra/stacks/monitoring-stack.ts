import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { QuietlistConfig } from '../config';
import { Observability, type WatchedApi } from '../constructs/observability';

export interface MonitoringStackProps extends StackProps {
  /** Every function of the app, by a short label used in alarm descriptions and on the dashboard. */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly httpApis: Readonly<Record<string, WatchedApi>>;
  /** State machines whose failed executions are alarms. @default none */
  readonly stateMachines?: Readonly<Record<string, IStateMachine>>;
  /** Where alarms go and how unsubscribe spikes are detected (infra/config.ts). */
  readonly alarms: QuietlistConfig['alarms'];
}

/**
 * Alarms and the dashboard for the whole service, in a stack of their own: it depends on every other stack and
 * none depends on it, so it can be changed (or torn down) without touching what serves traffic.
 */
export class MonitoringStack extends Stack {
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { unsubscribeSpike, ...alarmTarget } = props.alarms;
    this.observability = new Observability(this, 'Observability', {
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      httpApis: props.httpApis,
      ...(props.stateMachines ? { stateMachines: props.stateMachines } : {}),
      alarmTarget,
      unsubscribeSpike,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description:
        'Every Quietlist alarm notifies this topic (on alarm and on recovery): subscribe your pager to it',
      value: this.observability.topic.topicArn,
    });
    new CfnOutput(this, 'DashboardUrl', {
      description:
        'The Quietlist dashboard: unsubscribes, suppressions, filter runs, SES feedback, functions, APIs',
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.observability.dashboard.dashboardName}`,
    });
  }
}
