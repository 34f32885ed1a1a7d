import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMESPACE, METRICS } from '#shared/metric-contract';
import type { ObservabilityProps } from '../../infra/constructs/observability';
import { Observability } from '../../infra/constructs/observability';

type Overrides = Partial<Pick<ObservabilityProps, 'alarmTarget' | 'unsubscribeSpike'>>;

/** A stack watching two functions, one dead-letter queue and one API (imported, so only our resources count). */
const monitoringStack = (overrides: Overrides = {}) => {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Monitoring');
  const observability = new Observability(stack, 'Observability', {
    functions: {
      Filter: LambdaFunction.fromFunctionName(stack, 'Filter', 'quietlist-filter'),
      Feedback: LambdaFunction.fromFunctionName(stack, 'Feedback', 'quietlist-feedback'),
    },
    deadLetterQueues: {
      Feedback: Queue.fromQueueArn(stack, 'Dlq', 'arn:aws:sqs:us-east-1:123456789012:quietlist-feedback-dlq'),
    },
    httpApis: { PublicApi: HttpApi.fromHttpApiAttributes(stack, 'Api', { httpApiId: 'abc123' }) },
    ...overrides,
  });
  return { app, stack, observability, template: Template.fromStack(stack) };
};

type AlarmResource = { Properties: Record<string, unknown> };
const alarmsOf = (template: Template) =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')) as AlarmResource[];

/** The alarm whose description starts with `text`; exactly one must. */
const alarmDescribedAs = (template: Template, text: string): Record<string, unknown> => {
  const found = alarmsOf(template).filter((alarm) =>
    String(alarm.Properties.AlarmDescription).startsWith(text),
  );
  expect(found).toHaveLength(1);
  return found[0]?.Properties ?? {};
};

describe('the observability construct', () => {
  const { template, app, observability } = monitoringStack({ alarmTarget: { email: 'oncall@example.com' } });

  it('sends every alarm, and every recovery, to one encrypted topic with an e-mail subscription', () => {
    const topics = template.findResources('AWS::SNS::Topic');
    const [topicId] = Object.keys(topics);
    expect(Object.keys(topics)).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({
        'Fn::GetAtt': Match.arrayWith([Match.stringLikeRegexp('AlarmTopicKey')]),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    for (const alarm of alarmsOf(template)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    expect(observability.alarms).toHaveLength(alarmsOf(template).length);
  });

  it('lets CloudWatch alarms of this account, and only them, publish through the key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': Match.anyValue() } }),
          }),
        ]),
      },
    });
  });

  it('raises an alarm as soon as one message waits in a dead-letter queue', () => {
    expect(alarmDescribedAs(template, 'Messages wait in the Feedback dead-letter queue')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'quietlist-feedback-dlq' }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('watches every function for errors and throttles', () => {
    for (const label of ['Filter', 'Feedback']) {
      expect(alarmDescribedAs(template, `The ${label} function failed`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [expect.objectContaining({ Name: 'FunctionName' })],
        Threshold: 0,
      });
      expect(alarmDescribedAs(template, `The ${label} function was throttled`)).toMatchObject({
        MetricName: 'Throttles',
        Threshold: 0,
      });
    }
  });

  it('alarms on the share of 5xx answers of each API', () => {
    const alarm = alarmDescribedAs(template, 'More than 1% of PublicApi requests answered 5xx');
    expect(alarm.Threshold).toBe(1);
    expect(alarm.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Expression: 'IF(requests0 > 0, 100 * FILL(errors0, 0) / requests0, 0)' }),
        expect.objectContaining({
          Id: 'errors0',
          MetricStat: expect.objectContaining({
            Metric: expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' }),
          }),
        }),
      ]),
    );
  });

  it('alarms on the first recipient the filter could not check', () => {
    expect(alarmDescribedAs(template, 'The pre-send filter could not check')).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      MetricName: METRICS.filterUnchecked,
      Dimensions: [{ Name: 'service', Value: 'quietlist' }],
      Statistic: 'Sum',
      Threshold: 0,
    });
  });

  it("warns at 0.1% and alarms at 0.3% of a day's sends reported as spam", () => {
    for (const [text, threshold] of [
      ['Spam complaints exceeded 0.1%', 0.1],
      ['Spam complaints exceeded 0.3%', 0.3],
    ] as const) {
      const alarm = alarmDescribedAs(template, text);
      expect(alarm.Threshold).toBe(threshold);
      const metrics = alarm.Metrics as {
        Id: string;
        Expression?: string;
        MetricStat?: Record<string, unknown>;
      }[];
      expect(metrics.find((metric) => metric.Expression)?.Expression).toBe(
        'IF(sends >= 1000, 100 * FILL(complaints, 0) / sends, 0)',
      );
      const complaints = metrics.find((metric) => metric.Id === 'complaints');
      expect(complaints?.MetricStat).toMatchObject({
        Metric: {
          Namespace: METRIC_NAMESPACE,
          MetricName: METRICS.sesEventRecipients,
          Dimensions: expect.arrayContaining([{ Name: 'eventType', Value: 'Complaint' }]),
        },
        Period: 86_400,
        Stat: 'Sum',
      });
    }
  });

  it('alarms on more unsubscribes in an hour than the static threshold', () => {
    expect(alarmDescribedAs(template, 'Recipients are unsubscribing far more than usual')).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      MetricName: METRICS.unsubscribes,
      Period: 3600,
      Threshold: 500,
    });
  });

  it('shows the alarms and the Quietlist metrics on one dashboard', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]);
    for (const name of [METRICS.unsubscribes, METRICS.filteredByReason, METRICS.feedbackFailed]) {
      expect(body).toContain(name);
    }
    expect(body).toContain('Gmail limit');
  });

  it('passes the AWS Solutions checks', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the observability construct, configured otherwise', () => {
  it('sends to an existing topic and creates none', () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
    const { template } = monitoringStack({ alarmTarget: { topicArn: arn } });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    for (const alarm of alarmsOf(template)) expect(alarm.Properties.AlarmActions).toEqual([arn]);
  });

  it('detects unsubscribe spikes with an anomaly band when asked', () => {
    const { template } = monitoringStack({ unsubscribeSpike: { mode: 'anomaly', bandWidth: 3 } });
    const alarm = alarmDescribedAs(template, 'Recipients are unsubscribing far more than usual');
    expect(alarm.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(alarm.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Expression: expect.stringMatching(/^ANOMALY_DETECTION_BAND\(m\d*, 3\)$/) }),
      ]),
    );
  });
});
