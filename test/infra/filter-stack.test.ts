import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack';
import { FilterStack } from '../../infra/stacks/filter-stack';

let filter: Template;
let pipeline: Template;

beforeAll(() => {
  const app = new App();
  const data = new DataStack(app, 'Data');
  const pipelineStack = new Stack(app, 'Pipeline');
  const pipelineRole = new Role(pipelineStack, 'PipelineRole', {
    assumedBy: new ServicePrincipal('states.amazonaws.com'),
  });
  const stack = new FilterStack(app, 'Filter', {
    // TableV2/Secret do not satisfy their interfaces under exactOptionalPropertyTypes (optional ids typed `| undefined`).
    table: data.table as ITableV2,
    keys: data.keys as ISecret,
    publicBaseUrl: 'https://unsubscribe.example.com',
    defaultPhoneCountry: 'FR',
    reportTtlDays: 30,
    reservedConcurrentExecutions: 25,
    invokers: [pipelineRole],
  });
  filter = Template.fromStack(stack);
  pipeline = Template.fromStack(pipelineStack);
}, 120_000);

const policyStatements = (template: Template): Record<string, unknown>[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );

describe('the filter stack', () => {
  it('runs the filter on Node.js 24, arm64, with 1 GB, 60 s and the reserved concurrency asked for', () => {
    filter.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 60,
      ReservedConcurrentExecutions: 25,
      Environment: {
        Variables: Match.objectLike({
          QUIETLIST_FILTER_REPORT_TTL_DAYS: '30',
          QUIETLIST_PUBLIC_BASE_URL: 'https://unsubscribe.example.com',
          QUIETLIST_DEFAULT_PHONE_COUNTRY: 'FR',
        }),
      },
    });
  });

  it('lets it batch-read suppression entries and contacts, batch-write run reports and read tenant settings, nothing more', () => {
    const dynamo = policyStatements(filter).filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith('dynamodb:')),
    );
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:BatchGetItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUP#*#*#*', 'CON#*#*'] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:BatchWriteItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RUN#*#*'] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:GetItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TEN#*'] } },
      }),
    ]);
  });

  it('lets it read the keyring secret', () => {
    expect(policyStatements(filter)).toContainEqual(
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
    );
  });

  it('grants the pipeline role lambda:InvokeFunction on the function', () => {
    expect(policyStatements(pipeline)).toContainEqual(
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Effect: 'Allow' }),
    );
  });

  it('leaves its alarms to the monitoring stack', () => {
    filter.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  it('outputs the function ARN for pipelines', () => {
    filter.hasOutput('FilterFunctionArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Handler'), 'Arn'] },
    });
  });
});
