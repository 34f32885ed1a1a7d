import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#shared/table-contract';
import { DataStack } from '../../infra/stacks/data-stack';
import { FeedbackStack } from '../../infra/stacks/feedback-stack';

let template: Template;

beforeAll(() => {
  const app = new App();
  const data = new DataStack(app, 'Data');
  const feedback = new FeedbackStack(app, 'Feedback', {
    // TableV2/Secret do not satisfy their interfaces under exactOptionalPropertyTypes (optional ids typed `| undefined`).
    table: data.table as ITableV2,
    keys: data.keys as ISecret,
    transientBounces: { threshold: 4, windowDays: 10 },
  });
  template = Template.fromStack(feedback);
}, 120_000);

const logicalIdOf = (type: string, properties: Record<string, unknown> = {}): string => {
  const ids = Object.keys(template.findResources(type, { Properties: properties }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

describe('the feedback stack', () => {
  it('publishes bounces, complaints, deliveries, sends and rejects from a configuration set to the topic', () => {
    const topic = logicalIdOf('AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery', 'send', 'reject'],
        SnsDestination: { TopicARN: { Ref: topic } },
      },
    });
    template.hasOutput('ConfigurationSetName', { Value: { Ref: logicalIdOf('AWS::SES::ConfigurationSet') } });
  });

  it('encrypts the topic with a rotating key that SES may use for this configuration set only', () => {
    const key = logicalIdOf('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Condition: Match.objectLike({ ArnLike: Match.anyValue() }),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes an encrypted queue with a dead-letter queue, raw delivery off', () => {
    const dlq = logicalIdOf('AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600 });
    const queue = logicalIdOf('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
    });
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: false,
      Endpoint: { 'Fn::GetAtt': [queue, 'Arn'] },
    });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
  });

  it('feeds the function in batches that report item failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          [ENV.transientBounceThreshold]: '4',
          [ENV.transientBounceWindowDays]: '10',
        }),
      },
    });
  });

  it('grants the function only the table actions it uses, on the table alone', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const dynamo = statements.filter((statement) =>
      [statement.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toHaveLength(2);
    expect([dynamo[0]?.Action].flat().sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(JSON.stringify(dynamo[0]?.Resource)).not.toContain('index');
    // Only the partitions feedback writes: entries and events, bounce marks, daily counters, notification claims.
    expect(dynamo[0]).toMatchObject({
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUP#*#*#*', 'BNC#*#*', 'STAT#*', 'IDEM#*#*'] },
      },
    });
    // The tagged tenant's settings (its transient-bounce rule): read only, on tenant settings partitions only.
    expect(dynamo[1]).toMatchObject({
      Action: 'dynamodb:GetItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TEN#*'] } },
    });
    expect(JSON.stringify(dynamo[1]?.Resource)).not.toContain('index');
  });

  it('caps how many invocations the queue drives at once, so a burst drains instead of throttling', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    // Alarms (dead-letter depth among them) live in the monitoring stack, which reads the queue from here.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('who may publish to the feedback topic', () => {
  const IDENTITIES = [
    'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
    'arn:aws:ses:eu-west-1:123456789012:identity/news@example.org',
  ];

  const synth = (sesIdentityArns?: readonly string[]) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const data = new DataStack(app, 'Data');
    const stack = new FeedbackStack(app, 'Feedback', {
      table: data.table as ITableV2,
      keys: data.keys as ISecret,
      ...(sesIdentityArns ? { sesIdentityArns } : {}),
    });
    return Template.fromStack(stack);
  };

  interface SesStatement {
    readonly Principal?: { readonly Service?: string };
    readonly Condition?: Record<string, Record<string, unknown>>;
  }

  /** The `aws:SourceArn` values each policy admits SES with, and the `aws:SourceAccount` it requires. */
  const sesSources = (template: Template, type: string, property: string) =>
    Object.values(template.findResources(type)).flatMap((resource) =>
      (resource.Properties[property].Statement as SesStatement[])
        .filter((statement) => statement.Principal?.Service === 'ses.amazonaws.com')
        .map((statement) => {
          const conditions = Object.values(statement.Condition ?? {});
          const value = (key: string) =>
            conditions.flatMap((block) =>
              Object.entries(block)
                .filter(([name]) => name.toLowerCase() === key)
                .flatMap(([, v]) => [v].flat()),
            );
          return { sources: value('aws:sourcearn'), accounts: value('aws:sourceaccount') };
        }),
    );

  const admitted = (template: Template) => ({
    topic: sesSources(template, 'AWS::SNS::TopicPolicy', 'PolicyDocument'),
    key: sesSources(template, 'AWS::KMS::Key', 'KeyPolicy'),
  });

  const configurationSetArn = (template: Template) => {
    const id = Object.keys(template.findResources('AWS::SES::ConfigurationSet'))[0];
    return expect.objectContaining({
      'Fn::Join': ['', expect.arrayContaining([':configuration-set/', { Ref: id }])],
    });
  };

  it('admits exactly the configured identities beside the configuration set, on the topic and its key', () => {
    const template = synth(IDENTITIES);
    const { topic, key } = admitted(template);

    expect(topic.flatMap((s) => s.sources)).toEqual([configurationSetArn(template), ...IDENTITIES]);
    expect(key.flatMap((s) => s.sources)).toEqual([configurationSetArn(template), ...IDENTITIES]);
    for (const statement of [...topic, ...key]) {
      expect(statement.accounts).toEqual([{ Ref: 'AWS::AccountId' }]);
    }
  });

  it('admits the configuration set alone when no identity is configured', () => {
    const template = synth();
    const { topic, key } = admitted(template);

    expect(topic.flatMap((s) => s.sources)).toEqual([configurationSetArn(template)]);
    expect(key.flatMap((s) => s.sources)).toEqual([configurationSetArn(template)]);
  });

  it("refuses an ARN that is not an SES identity, or not of the stack's account, naming it", () => {
    expect(() => synth(['arn:aws:ses:eu-west-1:123456789012:configuration-set/other'])).toThrow(
      /configuration-set\/other" is not an SES identity ARN/,
    );
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const data = new DataStack(app, 'Data', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(
      () =>
        new FeedbackStack(app, 'Feedback', {
          env: { account: '123456789012', region: 'eu-west-1' },
          table: data.table as ITableV2,
          keys: data.keys as ISecret,
          sesIdentityArns: ['arn:aws:ses:eu-west-1:210987654321:identity/example.com'],
        }),
    ).toThrow(/210987654321:identity\/example.com" is not of this stack's account 123456789012/);
  });
});
