import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  AnomalyDetectionAlarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FILTER_REASONS } from '#domain/filter-reasons';
import { SOURCES } from '#domain/sources';
import { STATS_ALERT_RULES } from '#domain/stats-alerts';
import {
  METRIC_DIMENSIONS,
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  type MetricName,
} from '#shared/metric-contract';
import type { AlarmTarget, UnsubscribeSpikeDetection } from '../config';

/** What is read of an HTTP API: its request and 5xx counts. */
export type WatchedApi = Pick<IHttpApi, 'metricCount' | 'metricServerError'>;

/**
 * Gmail's lines for the share of sends reported as spam in a day: keep below the first, never reach the second.
 * The same lines raise the tenant-visible `complaint_rate` alerts of `GET /v1/stats`: one table holds both.
 */
export const COMPLAINT_RATE_PERCENT = {
  warning: 100 * STATS_ALERT_RULES.complaint_rate.thresholds.warning,
  limit: 100 * STATS_ALERT_RULES.complaint_rate.thresholds.critical,
} as const;

export interface ObservabilityProps {
  /** Every function to watch for errors and throttles, by a short label used in alarm descriptions. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Dead-letter queues: any message in one is an alarm. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** HTTP APIs whose share of 5xx answers is watched. */
  readonly httpApis: Readonly<Record<string, WatchedApi>>;
  /** State machines whose failed executions are alarms (an import job that failed). @default none */
  readonly stateMachines?: Readonly<Record<string, IStateMachine>>;
  /** Where alarms go. @default a new encrypted topic without subscriptions */
  readonly alarmTarget?: AlarmTarget;
  /** @default { mode: 'static', perHour: 500 } */
  readonly unsubscribeSpike?: UnsubscribeSpikeDetection;
  /** Share of an API's requests answered 5xx, over five minutes, that raises its alarm. @default 1 (%) */
  readonly api5xxPercent?: number;
  /**
   * Sends in a day below which the complaint rate is not judged: with ten sends, one complaint is 10 %.
   * @default 1000
   */
  readonly minimumDailySends?: number;
  /** @default `${stackName}-quietlist` */
  readonly dashboardName?: string;
}

/** A Quietlist metric (shared/metric-contract.ts), summed over `period`. */
const quietlistMetric = (
  name: MetricName,
  period: Duration,
  dimension?: { readonly name: string; readonly value: string },
) =>
  new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: {
      [METRIC_DIMENSIONS.service]: METRIC_SERVICE,
      ...(dimension ? { [dimension.name]: dimension.value } : {}),
    },
    statistic: 'Sum',
    period,
    ...(dimension ? { label: dimension.value } : {}),
  });

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms on what matters and a dashboard that shows it, for the whole service:
 *
 * | alarm | fires when |
 * | --- | --- |
 * | `<queue>DeadLetters` | a message waits in a dead-letter queue (maximum over a minute > 0) |
 * | `<function>Errors`, `<function>Throttles` | a function failed or was throttled in five minutes |
 * | `<api>ServerErrors` | more than `api5xxPercent` of an API's requests answered 5xx in five minutes |
 * | `FilterUnchecked` | the pre-send filter dropped a recipient it could not check (fail closed) |
 * | `ComplaintRateWarning`, `ComplaintRateLimit` | complaints exceed 0.1 % / 0.3 % of a day's sends (Gmail's lines) |
 * | `UnsubscribeSpike` | recipient unsubscribes in an hour exceed a threshold or leave the anomaly band |
 *
 * The complaint rate is computed from Quietlist's own metrics (SES `Send` and `Complaint` events published to
 * the configuration set, per recipient), over calendar days, and only on days with `minimumDailySends`.
 * Every alarm notifies the topic on alarm and on recovery.
 */
export class Observability extends Construct {
  readonly topic: ITopic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = props.alarmTarget?.topicArn
      ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTarget.topicArn)
      : this.createTopic(props.alarmTarget?.email);
    this.action = new SnsAction(this.topic);

    const deadLetterAlarms = Object.entries(props.deadLetterQueues).map(([label, queue]) =>
      this.alarm(`${label}DeadLetters`, {
        description: `Messages wait in the ${label} dead-letter queue: they failed every retry. Read them, fix the cause, then redrive them.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
      }),
    );
    for (const [label, fn] of Object.entries(props.functions)) {
      this.alarm(`${label}Errors`, {
        description: `The ${label} function failed (an unhandled error or a timeout). Its log names the cause.`,
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
      });
      this.alarm(`${label}Throttles`, {
        description: `The ${label} function was throttled: more concurrent requests than its reserved concurrency or the account limit allows.`,
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
      });
    }
    for (const [label, machine] of Object.entries(props.stateMachines ?? {})) {
      this.alarm(`${label}ExecutionsFailed`, {
        description: `A ${label} state machine execution failed (the job says why: its status item's error). Bad files fail too; look at the job before the code.`,
        metric: machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
      });
    }
    const api5xxPercent = props.api5xxPercent ?? 1;
    const serverErrorRates = Object.entries(props.httpApis).map(([label, api], index) => {
      // Ids unique across APIs: the dashboard graphs every rate together.
      const [requests, errors] = [`requests${index}`, `errors${index}`];
      const rate = new MathExpression({
        expression: `IF(${requests} > 0, 100 * FILL(${errors}, 0) / ${requests}, 0)`,
        usingMetrics: {
          [requests]: api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
          [errors]: api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        label: `${label} 5xx %`,
        period: FIVE_MINUTES,
      });
      this.alarm(`${label}ServerErrors`, {
        description: `More than ${api5xxPercent}% of ${label} requests answered 5xx in five minutes (DynamoDB unavailable, a timeout, or a bug).`,
        metric: rate,
        threshold: api5xxPercent,
      });
      return rate;
    });

    const unchecked = quietlistMetric(METRICS.filterUnchecked, FIVE_MINUTES);
    this.alarm('FilterUnchecked', {
      description:
        'The pre-send filter could not check some recipients (throttling or unprocessed keys after retries) and dropped them: a campaign lost recipients. Look for throttling on the table.',
      metric: unchecked,
      threshold: 0,
    });

    const complaintRate = this.complaintRate(props.minimumDailySends ?? 1000);
    this.alarm('ComplaintRateWarning', {
      description: `Spam complaints exceeded ${COMPLAINT_RATE_PERCENT.warning}% of today's sends: Gmail's warning line. Find the campaign (SES events, Quietlist statistics) and pause it.`,
      metric: complaintRate,
      threshold: COMPLAINT_RATE_PERCENT.warning,
    });
    this.alarm('ComplaintRateLimit', {
      description: `Spam complaints exceeded ${COMPLAINT_RATE_PERCENT.limit}% of today's sends: Gmail's limit, beyond which mail is rejected or sent to spam. Stop sending.`,
      metric: complaintRate,
      threshold: COMPLAINT_RATE_PERCENT.limit,
    });

    const unsubscribes = quietlistMetric(METRICS.unsubscribes, Duration.hours(1));
    this.unsubscribeSpikeAlarm(unsubscribes, props.unsubscribeSpike ?? { mode: 'static', perHour: 500 });

    this.dashboard = this.createDashboard(props, {
      deadLetterAlarms,
      serverErrorRates,
      unchecked,
      complaintRate,
    });
  }

  /** A new topic encrypted with its own key, which CloudWatch (this account's alarms only) may use. */
  private createTopic(email: string | undefined): Topic {
    const stack = Stack.of(this);
    const alarmArns = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Quietlist: encrypts alarm notifications',
      enableKeyRotation: true,
    });
    // Alarms cannot publish to a topic encrypted with the AWS managed key; this key lets CloudWatch encrypt.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Quietlist alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': alarmArns },
        },
      }),
    );
    if (email) topic.addSubscription(new EmailSubscription(email));
    return topic;
  }

  private alarm(
    id: string,
    options: { readonly description: string; readonly metric: IMetric; readonly threshold: number },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
    return alarm;
  }

  private notify(alarm: Alarm) {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }

  /** Complaints per hundred sends, per calendar day, judged only on days with enough sends. */
  private complaintRate(minimumDailySends: number): MathExpression {
    const day = Duration.days(1);
    const by = (eventType: string) =>
      quietlistMetric(METRICS.sesEventRecipients, day, {
        name: METRIC_DIMENSIONS.eventType,
        value: eventType,
      });
    return new MathExpression({
      expression: `IF(sends >= ${minimumDailySends}, 100 * FILL(complaints, 0) / sends, 0)`,
      usingMetrics: { sends: by('Send'), complaints: by('Complaint') },
      label: 'Complaint rate (% of sends)',
      period: day,
    });
  }

  private unsubscribeSpikeAlarm(unsubscribes: Metric, detection: UnsubscribeSpikeDetection) {
    const description =
      'Recipients are unsubscribing far more than usual: a campaign may be going to people who did not ask for it. Check the latest campaigns before sending more.';
    if (detection.mode === 'static') {
      this.alarm('UnsubscribeSpike', {
        description: `${description} (more than ${detection.perHour} in an hour)`,
        metric: unsubscribes,
        threshold: detection.perHour,
      });
      return;
    }
    const alarm = new AnomalyDetectionAlarm(this, 'UnsubscribeSpike', {
      alarmDescription: `${description} (above the anomaly band of ${detection.bandWidth} standard deviations)`,
      metric: unsubscribes,
      stdDevs: detection.bandWidth,
      comparisonOperator: ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
  }

  private createDashboard(
    props: ObservabilityProps,
    shown: {
      readonly deadLetterAlarms: readonly Alarm[];
      readonly serverErrorRates: readonly MathExpression[];
      readonly unchecked: Metric;
      readonly complaintRate: MathExpression;
    },
  ): Dashboard {
    const hour = Duration.hours(1);
    const functions = Object.entries(props.functions);
    const perFunction = (metric: (fn: IFunction) => Metric) =>
      functions.map(([label, fn]) => metric(fn).with({ label, period: FIVE_MINUTES }));
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? `${Stack.of(this).stackName}-quietlist`,
      defaultInterval: Duration.days(7),
    });
    const wide = { width: 12, height: 6 } as const;
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Quietlist\nUnsubscribes, suppressions, the pre-send filter and SES feedback (namespace `Quietlist`), then the functions, APIs and queues behind them.',
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Recipient unsubscribes by source (per hour)',
        left: (['link', 'list_unsubscribe'] as const).map((source) =>
          quietlistMetric(METRICS.unsubscribes, hour, { name: METRIC_DIMENSIONS.source, value: source }),
        ),
        stacked: true,
        ...wide,
      }),
      new GraphWidget({
        title: 'Suppressions written by source (per hour)',
        left: SOURCES.map((source) =>
          quietlistMetric(METRICS.suppressionsWritten, hour, {
            name: METRIC_DIMENSIONS.source,
            value: source,
          }),
        ),
        stacked: true,
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Pre-send filter: recipients (per hour)',
        left: [METRICS.filterRecipients, METRICS.filterEligible, METRICS.filterFiltered].map((name) =>
          quietlistMetric(name, hour).with({ label: name }),
        ),
        right: [shown.unchecked.with({ label: 'Unchecked (dropped, fail closed)', period: hour })],
        ...wide,
      }),
      new GraphWidget({
        title: 'Pre-send filter: filtered by reason (per hour)',
        left: FILTER_REASONS.map((reason) =>
          quietlistMetric(METRICS.filteredByReason, hour, { name: METRIC_DIMENSIONS.reason, value: reason }),
        ),
        stacked: true,
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'SES feedback records (per hour)',
        left: [METRICS.feedbackProcessed, METRICS.feedbackDuplicate, METRICS.feedbackFailed].map((name) =>
          quietlistMetric(name, hour).with({ label: name }),
        ),
        ...wide,
      }),
      new GraphWidget({
        title: 'Complaint rate (% of the day’s sends)',
        left: [shown.complaintRate],
        leftAnnotations: [
          { value: COMPLAINT_RATE_PERCENT.warning, label: 'Gmail warning' },
          { value: COMPLAINT_RATE_PERCENT.limit, label: 'Gmail limit' },
        ] satisfies HorizontalAnnotation[],
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: perFunction((fn) => fn.metricErrors()), ...wide }),
      new GraphWidget({
        title: 'Function duration (p99)',
        left: perFunction((fn) => fn.metricDuration({ statistic: 'p99' })),
        right: perFunction((fn) => fn.metricThrottles()),
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'API 5xx (% of requests)', left: [...shown.serverErrorRates], ...wide }),
      new GraphWidget({
        title: 'Dead-letter queues (messages waiting)',
        left: shown.deadLetterAlarms.map((alarm) => alarm.metric),
        ...wide,
      }),
    );
    return dashboard;
  }
}
