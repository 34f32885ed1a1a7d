import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADMIN_ROUTES, IMPORT_ROUTES, routeKeyOf } from '#shared/admin-api-contract';
import { AdminApiStack } from '../../infra/stacks/admin-api-stack';
import { DataStack } from '../../infra/stacks/data-stack';

let template: Template;
let withParameters: Template;

beforeAll(() => {
  const build = (configure: (props: { table: ITableV2; keys: ISecret }, app: App) => AdminApiStack) => {
    const app = new App();
    const data = new DataStack(app, 'Data');
    // CDK's classes declare optional attributes as `T | undefined`, which exactOptionalPropertyTypes tells apart.
    return Template.fromStack(configure({ table: data.table as ITableV2, keys: data.keys as ISecret }, app));
  };
  template = build(
    (props, app) =>
      new AdminApiStack(app, 'AdminApi', {
        ...props,
        jwtIssuer: 'https://issuer.example.com/',
        jwtAudience: ['console', 'crm'],
        publicBaseUrl: 'https://unsubscribe.example.com',
      }),
  );
  withParameters = build((props, app) => new AdminApiStack(app, 'AdminApiParameters', props));
}, 180_000);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (tpl: Template, roleLogicalIdPrefix: string): Statement[] =>
  Object.entries(tpl.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .flatMap(
      ([, policy]) =>
        (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );

const routeKeys = (tpl: Template) =>
  Object.values(tpl.findResources('AWS::ApiGatewayV2::Route')).map(
    (route) => (route as { Properties: { RouteKey: string; AuthorizationType: string } }).Properties,
  );

describe('the admin API stack', () => {
  it('creates every route of the route table and of docs/openapi.yaml, each behind the JWT authorizer', () => {
    const openapi = parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.yaml'), 'utf8'),
    ) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = routeKeys(template);
    // The job routes are documented here too but mounted on this API by the jobs stack (its own test).
    const mountedByJobs = IMPORT_ROUTES.map(routeKeyOf);
    expect([...routes.map((route) => route.RouteKey), ...mountedByJobs].sort()).toEqual(documented.sort());
    expect(routes.map((route) => route.RouteKey)).toEqual(
      expect.arrayContaining(ADMIN_ROUTES.map(routeKeyOf)),
    );
    expect(new Set(routes.map((route) => route.AuthorizationType))).toEqual(new Set(['JWT']));
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example.com/', Audience: ['console', 'crm'] },
    });
  });

  it('takes issuer and audiences as deploy-time parameters when none are given', () => {
    expect(Object.keys(withParameters.findParameters('*'))).toEqual(
      expect.arrayContaining(['JwtIssuer', 'JwtAudience']),
    );
    withParameters.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: { Ref: 'JwtIssuer' }, Audience: { Ref: 'JwtAudience' } },
    });
  });

  it('throttles the stage, and the bulk routes harder, and writes access logs with retention', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      RouteSettings: {
        'POST /v1/suppressions': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
        'POST /v1/suppressions/remove': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
        'POST /v1/suppressions/check': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
        'GET /v1/suppressions/export': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    });
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: { AccessLogSettings: { Format: string } };
    };
    expect(stage.Properties.AccessLogSettings.Format).not.toContain('$context.path');
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('gives the admin function only the DynamoDB actions it uses, on its partitions and the two indexes', () => {
    const statements = statementsOf(template, 'AdminApiFunction').filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    expect(statements.map((statement) => [statement.Action].flat().sort())).toEqual([
      [
        'dynamodb:BatchGetItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ],
      ['dynamodb:Query'],
      ['dynamodb:Query'],
    ]);
    // Tenant settings (TEN#…): read by the parsers and the settings routes, written by PUT /v1/settings, with its SMS number claims (SMSNUM#…).
    // Erasure records (ERA#…): an erasure's start, so a retry reuses its audit event's key (POST /v1/erasures).
    expect(statements[0]?.Condition).toEqual({
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': ['SUP#*#*#*', 'CON#*#*', 'TEN#*', 'SMSNUM#*', 'ERA#*#*'],
      },
    });
    expect(JSON.stringify(statements[1]?.Resource)).toMatch(/index\/gsi1.*index\/gsi2/);
    // R4 (a value's history, the activity port) and R9/R9b (statistics, the daily-counters port): queries on
    // suppression and daily-counter partitions only.
    expect(statements[2]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUP#*#*#*', 'STAT#*'] },
    });
    expect(JSON.stringify(statements)).not.toMatch(/"dynamodb:\*"|index\/\*/);
  });

  it('runs the admin function for up to 29 s, within API Gateway 30-second limit', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('admin API \\(suppression list'),
      Timeout: 29,
      MemorySize: 1024,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
  });

  it('mounts the partner routes in their own functions with only what they need', () => {
    // The link builder reads the workspace's topics (a GetItem on TEN#<tenant>) and nothing else of the table.
    const links = statementsOf(template, 'UnsubscribeLinksFunction').filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    expect(links).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:GetItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TEN#*'] } },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Quietlist admin API: POST /v1/unsubscribe-links',
      Environment: {
        Variables: Match.objectLike({ QUIETLIST_PUBLIC_BASE_URL: 'https://unsubscribe.example.com' }),
      },
    });
    const runs = statementsOf(template, 'FilterRunsFunction').filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    expect(runs).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:Query',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RUN#*#*'] } },
      }),
    ]);
  });

  it('gives the keyring to the link builder, which seals, and not to the filtered-contacts route, which reads reports', () => {
    const readsKeyring = (prefix: string) =>
      statementsOf(template, prefix).some((statement) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
      );
    expect(readsKeyring('UnsubscribeLinksFunction')).toBe(true);
    expect(readsKeyring('FilterRunsFunction')).toBe(false);
    const runs = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('/filtered$') },
      }),
    );
    expect(runs).toHaveLength(1);
    expect(Object.keys(runs[0]?.Properties.Environment.Variables)).not.toContain('QUIETLIST_KEYS_SECRET');
  });
});
