import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack';
import { PublicApiStack } from '../../infra/stacks/public-api-stack';

let template: Template;

beforeAll(() => {
  const app = new App();
  const data = new DataStack(app, 'Data');
  const stack = new PublicApiStack(app, 'PublicApi', {
    table: data.table,
    keys: data.keys,
    rateLimit: 20,
    burstLimit: 40,
  });
  template = Template.fromStack(stack);
}, 120_000);

const policyStatements = (): Record<string, unknown>[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );

describe('the public API stack', () => {
  it('routes exactly GET, HEAD, OPTIONS and POST /u/{token}, with no authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string; AuthorizationType?: string } }).Properties,
    );
    expect(routes.map((route) => route.RouteKey).sort()).toEqual([
      'GET /u/{token}',
      'HEAD /u/{token}',
      'OPTIONS /u/{token}',
      'POST /u/{token}',
    ]);
    for (const route of routes) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the stage and writes access logs that never hold the path', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    });
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: { AccessLogSettings: { Format: string } };
    };
    expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/\$context\.(path|resourcePath)|rawPath/);
  });

  it('runs the page handler on Node.js 24, arm64, with the table and keyring in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          QUIETLIST_TABLE_NAME: Match.anyValue(),
          QUIETLIST_KEYS_SECRET: Match.anyValue(),
        }),
      },
    });
  });

  it('grants the function only the item actions it uses, on the table alone and its own partitions', () => {
    const dynamo = policyStatements().filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith('dynamodb:')),
    );
    expect(dynamo).toHaveLength(2);
    expect(dynamo[0]).toMatchObject({
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUP#*#*#*'] } },
    });
    // Tenant settings are read, never written, by the one function the internet reaches.
    expect(dynamo[1]).toMatchObject({
      Effect: 'Allow',
      Action: 'dynamodb:GetItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TEN#*'] } },
    });
    for (const statement of dynamo) {
      // One resource: the table's ARN, no index.
      expect([statement.Resource].flat()).toHaveLength(1);
      expect(JSON.stringify(statement.Resource)).not.toContain('index');
    }
    const secretRead = policyStatements().find((statement) =>
      [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    expect(secretRead).toBeDefined();
    for (const statement of policyStatements()) {
      expect([statement.Action].flat()).not.toContain('dynamodb:*');
      expect([statement.Action].flat()).not.toContain('*');
    }
  });

  it('exports the base URL of links (alarms live in the monitoring stack)', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasOutput('PublicBaseUrl', { Export: { Name: Match.stringLikeRegexp('PublicBaseUrl') } });
  });
});
