import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, IMPORT_ROUTES, PARTNER_ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';
import { METRICS } from '#shared/metric-contract';
import { ENV, TABLE_KEYS } from '#shared/table-contract';
import {
  type CfnJson,
  PRODUCTION_CONTEXT,
  resourcesOf,
  type SynthesizedApp,
  synthApp,
} from '../support/synth-app';

/**
 * The promises of the deployed app, checked over every stack at once as `npx cdk deploy --all` would create them,
 * with a production configuration and the functions really bundled.
 */
let app: SynthesizedApp;

beforeAll(() => {
  app = synthApp(PRODUCTION_CONTEXT, { bundle: true });
}, 600_000);

const all = (type: string) => resourcesOf(app, type);
/**
 * The app's own functions: all but aws-cdk-lib's BucketDeployment handler (Python with the AWS CLI, run by
 * CloudFormation while the console deploys), which test/infra/console-stack.test.ts covers.
 */
const serviceFunctions = () =>
  all('AWS::Lambda::Function').filter((fn) => !fn.logicalId.startsWith('CustomCDKBucketDeployment'));
const list = <T>(value: T | readonly T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value as T];

interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

/** Every statement of every identity policy in the app: policies, roles' inline policies, managed policies. */
const identityStatements = (): (Statement & { readonly where: string })[] =>
  [
    ...all('AWS::IAM::Policy').map((policy) => ({
      where: policy.logicalId,
      document: policy.properties.PolicyDocument,
    })),
    ...all('AWS::IAM::ManagedPolicy').map((policy) => ({
      where: policy.logicalId,
      document: policy.properties.PolicyDocument,
    })),
    ...all('AWS::IAM::Role').flatMap((role) =>
      list<CfnJson>(role.properties.Policies).map((policy) => ({
        where: role.logicalId,
        document: policy.PolicyDocument,
      })),
    ),
  ].flatMap(({ where, document }) =>
    list<Statement>(document?.Statement).map((statement) => ({ ...statement, where })),
  );

describe('the whole app', () => {
  it('synthesizes every stack', () => {
    expect(app.error?.message).toBeUndefined();
    expect([...app.templates.keys()]).toEqual(
      expect.arrayContaining([
        'QuietlistData',
        'QuietlistEvents',
        'QuietlistSms',
        'QuietlistPublicApi',
        'QuietlistAdminApi',
        'QuietlistFeedback',
        'QuietlistFilter',
        'QuietlistConsole',
        'QuietlistMonitoring',
        'QuietlistPublicWaf',
      ]),
    );
  });

  it("lets the console's CSP reach the jobs bucket, the one place the Imports page uploads to", () => {
    const policies = all('AWS::CloudFront::ResponseHeadersPolicy');
    expect(policies).toHaveLength(1);
    const csp = JSON.stringify(policies[0]?.properties.ResponseHeadersPolicyConfig);
    // A cross-stack reference to the jobs bucket's regional domain name (virtual-hosted presigned URLs).
    expect(csp).toMatch(
      /connect-src [^;]*https:\/\/",\{"Fn::ImportValue":"quietlist-prod-jobs:[^"]*RegionalDomainName/,
    );
  });

  it('keeps the table: deletion protection, point-in-time recovery, TTL, retained on stack deletion', () => {
    const tables = [...app.templates.values()].flatMap((template) =>
      Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::DynamoDB::GlobalTable'),
    );
    expect(tables).toHaveLength(1);
    const table = tables[0] as { Properties: CfnJson; DeletionPolicy?: string };
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_KEYS.ttlAttribute,
      Enabled: true,
    });
    for (const replica of table.Properties.Replicas) {
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });
});

describe('least privilege', () => {
  const dynamoStatements = () =>
    identityStatements().filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        list(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );

  it('grants table access to the functions', () => {
    expect(dynamoStatements().length).toBeGreaterThan(0);
  });

  it('grants no wildcard DynamoDB action', () => {
    const wildcards = dynamoStatements().flatMap((statement) =>
      list(statement.Action)
        .filter((action) => action.startsWith('dynamodb:') && action.includes('*'))
        .map((action) => `${statement.where}: ${action}`),
    );
    expect(wildcards).toEqual([]);
  });

  it('grants DynamoDB actions on named tables and indexes only, never on "*"', () => {
    const unscoped = dynamoStatements()
      .filter((statement) => list(statement.Resource).some((resource) => resource === '*'))
      .map((statement) => statement.where);
    expect(unscoped).toEqual([]);
  });

  it('lets only the feedback function list addresses on the SES suppression list, as mirroring is on', () => {
    const mirroring = identityStatements().filter((statement) =>
      list(statement.Action).includes('ses:PutSuppressedDestination'),
    );
    expect(mirroring).toHaveLength(1);
    expect(list(mirroring[0]?.Action)).toEqual(['ses:PutSuppressedDestination']);
    const feedback = all('AWS::Lambda::Function').filter((fn) => fn.stack === 'QuietlistFeedback');
    expect(feedback[0]?.properties.Environment.Variables.QUIETLIST_SES_MIRROR).toBe('true');
  });

  it('grants nobody Scan or table administration: no access pattern needs them', () => {
    const forbidden = [
      'dynamodb:Scan',
      'dynamodb:DeleteTable',
      'dynamodb:UpdateTable',
      'dynamodb:CreateTable',
    ];
    const granted = dynamoStatements().flatMap((statement) =>
      list(statement.Action)
        .filter((action) => forbidden.includes(action))
        .map((action) => `${statement.where}: ${action}`),
    );
    expect(granted).toEqual([]);
  });
});

describe('queues', () => {
  it('either have a dead-letter queue or are one, and are encrypted', () => {
    const queues = all('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    const deadLetterTargets = new Set([
      ...queues.flatMap((queue) =>
        list<CfnJson>(queue.properties.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0]),
      ),
      // A pipe's and an EventBridge rule target's dead-letter queues (the outbound-events stack).
      ...all('AWS::Pipes::Pipe').flatMap((pipe) =>
        list<CfnJson>(
          pipe.properties.SourceParameters?.DynamoDBStreamParameters?.DeadLetterConfig?.Arn?.[
            'Fn::GetAtt'
          ]?.[0],
        ),
      ),
      ...all('AWS::Events::Rule').flatMap((rule) =>
        list<CfnJson>(rule.properties.Targets).flatMap((target) =>
          list<CfnJson>(target.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0]),
        ),
      ),
    ]);
    for (const queue of queues) {
      const covered = queue.properties.RedrivePolicy !== undefined || deadLetterTargets.has(queue.logicalId);
      expect(covered, `${queue.stack}/${queue.logicalId} has no dead-letter queue`).toBe(true);
      const encrypted =
        queue.properties.SqsManagedSseEnabled === true || queue.properties.KmsMasterKeyId !== undefined;
      expect(encrypted, `${queue.stack}/${queue.logicalId} is not encrypted`).toBe(true);
    }
  });
});

describe('functions', () => {
  const functions = serviceFunctions;

  it('run Node.js 24 on arm64 with active tracing, and source maps read only on an error', () => {
    expect(functions().length).toBeGreaterThanOrEqual(6);
    for (const fn of functions()) {
      expect(fn.properties, fn.logicalId).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
      // Not at every cold start: shared/lambda/original-stack.ts reads the map when an error is logged.
      expect(fn.properties.Environment.Variables.NODE_OPTIONS ?? '').not.toContain('--enable-source-maps');
    }
  });

  it('log into a log group of their own that expires with the configured retention', () => {
    for (const fn of all('AWS::Lambda::Function')) {
      const ref = fn.properties.LoggingConfig?.LogGroup?.Ref as string | undefined;
      const logGroup = app.templates.get(fn.stack)?.Resources[ref ?? ''];
      expect(logGroup?.Type, `${fn.logicalId} has no log group`).toBe('AWS::Logs::LogGroup');
      expect(logGroup?.Properties?.RetentionInDays).toBe(365);
    }
  });

  it('give every log group in the app a retention', () => {
    for (const logGroup of all('AWS::Logs::LogGroup')) {
      expect(logGroup.properties.RetentionInDays, logGroup.logicalId).toBe(365);
    }
  });

  it('are bundled by esbuild, minified, with a source map beside the bundle', () => {
    for (const fn of functions()) {
      const key = String(fn.properties.Code.S3Key);
      const directory = join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const bundle = join(directory, 'index.mjs');
      expect(existsSync(bundle), `${fn.logicalId}: ${bundle}`).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      const code = readFileSync(bundle, 'utf8');
      // Minified: long lines, not one statement per line.
      expect(code.length / code.split('\n').length).toBeGreaterThan(500);
    }
  });

  it('reserve concurrency for the pre-send filter, so a burst of pipelines cannot starve the rest', () => {
    const filter = resourcesOf(app, 'AWS::Lambda::Function').filter((fn) => fn.stack === 'QuietlistFilter');
    expect(filter).toHaveLength(1);
    expect(filter[0]?.properties.ReservedConcurrentExecutions).toBe(20);
  });
});

describe('the APIs', () => {
  const routes = () => all('AWS::ApiGatewayV2::Route');
  const routeByKey = (key: string) => routes().filter((route) => route.properties.RouteKey === key);

  it('serve /u/{token} with every method and no authorizer: the sealed token is the credential', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'POST']) {
      const found = routeByKey(`${method} /u/{token}`);
      expect(found, method).toHaveLength(1);
      expect(found[0]?.properties.AuthorizationType ?? 'NONE').toBe('NONE');
    }
  });

  it('serve every admin route behind the JWT authorizer', () => {
    for (const route of [...ADMIN_ROUTES, ...PARTNER_ADMIN_ROUTES, ...IMPORT_ROUTES]) {
      const found = routeByKey(routeKeyOf(route));
      expect(found, routeKeyOf(route)).toHaveLength(1);
      expect(found[0]?.properties).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: expect.anything(),
      });
    }
    const authorizers = all('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.properties).toMatchObject({
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: PRODUCTION_CONTEXT['quietlist:jwtIssuer'],
        Audience: ['admin-console', 'partner-app'],
      },
    });
  });

  it('leave no route open but the unsubscribe page', () => {
    const open = routes()
      .filter((route) => (route.properties.AuthorizationType ?? 'NONE') === 'NONE')
      .map((route) => route.properties.RouteKey as string);
    expect(open.every((key) => key.endsWith(' /u/{token}'))).toBe(true);
  });

  it('throttle every stage, and the bulk admin routes harder', () => {
    const stages = all('AWS::ApiGatewayV2::Stage');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      expect(stage.properties.DefaultRouteSettings, stage.logicalId).toMatchObject({
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      });
      expect(stage.properties.AccessLogSettings, stage.logicalId).toBeDefined();
    }
    const routeSettings = stages.flatMap((stage) =>
      Object.entries<CfnJson>(stage.properties.RouteSettings ?? {}),
    );
    const bulk = routeSettings.find(([key]) => key === 'POST /v1/suppressions');
    expect(bulk?.[1].ThrottlingRateLimit).toBeLessThan(
      stages.find((stage) => stage.properties.RouteSettings)?.properties.DefaultRouteSettings
        .ThrottlingRateLimit,
    );
  });

  it('serve unsubscribe links from the custom domain, which the filter builds links with', () => {
    // Production puts CloudFront (and its web ACL) in front of the API: the distribution serves the domain.
    const publicDistributions = all('AWS::CloudFront::Distribution').filter(
      (distribution) => distribution.stack === 'QuietlistPublicApi',
    );
    expect(publicDistributions.map((d) => d.properties.DistributionConfig.Aliases)).toEqual([
      ['unsubscribe.example.com'],
    ]);
    expect(all('AWS::ApiGatewayV2::DomainName')).toEqual([]);
    const filter = all('AWS::Lambda::Function').find((fn) => fn.stack === 'QuietlistFilter');
    expect(filter?.properties.Environment.Variables.QUIETLIST_PUBLIC_BASE_URL).toBe(
      'https://unsubscribe.example.com',
    );
  });
});

describe('link settings', () => {
  it('are the same in every function that builds unsubscribe links: the filter, the link builder, the job steps', () => {
    const builders = serviceFunctions().filter(
      (fn) => fn.properties.Environment?.Variables?.[ENV.publicBaseUrl] !== undefined,
    );
    expect(builders.map((fn) => fn.stack).sort()).toEqual([
      'QuietlistAdminApi',
      'QuietlistFilter',
      'QuietlistJobs',
    ]);
    for (const fn of builders) {
      const variables = fn.properties.Environment.Variables;
      // A link's base URL and the List-Unsubscribe header's mailto: the same link wherever it is built.
      expect(
        [variables[ENV.publicBaseUrl], variables[ENV.unsubscribeMailto]],
        `${fn.stack}/${fn.logicalId}`,
      ).toEqual(['https://unsubscribe.example.com', 'unsubscribe@example.com']);
    }
  });

  it("keep a filter job's run reports as long as the filter's", () => {
    const keepers = serviceFunctions().filter(
      (fn) => fn.properties.Environment?.Variables?.[ENV.filterReportTtlDays] !== undefined,
    );
    expect(keepers.map((fn) => fn.stack).sort()).toEqual(['QuietlistFilter', 'QuietlistJobs']);
    expect(
      new Set(keepers.map((fn) => fn.properties.Environment.Variables[ENV.filterReportTtlDays])).size,
    ).toBe(1);
  });
});

describe('alarms', () => {
  const alarms = () => all('AWS::CloudWatch::Alarm');
  const byMetric = (name: string) => alarms().filter((alarm) => alarm.properties.MetricName === name);
  const byExpression = (pattern: RegExp) =>
    alarms().filter((alarm) =>
      list<CfnJson>(alarm.properties.Metrics).some((m) => pattern.test(m.Expression ?? '')),
    );

  it('all notify someone when they fire and when they recover', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(list(alarm.properties.AlarmActions).length, `${alarm.stack}/${alarm.logicalId}`).toBeGreaterThan(
        0,
      );
      expect(list(alarm.properties.OKActions).length, `${alarm.stack}/${alarm.logicalId}`).toBeGreaterThan(0);
    }
    expect(
      all('AWS::SNS::Subscription').some(
        (subscription) => subscription.properties.Endpoint === 'oncall@example.com',
      ),
    ).toBe(true);
  });

  it('watch every dead-letter queue, every function (errors and throttles) and every API (5xx share)', () => {
    const deadLetterQueues = all('AWS::SQS::Queue').filter(
      (queue) => queue.properties.RedrivePolicy === undefined,
    );
    expect(byMetric('ApproximateNumberOfMessagesVisible').length).toBeGreaterThanOrEqual(
      deadLetterQueues.length,
    );
    expect(byMetric('Errors').length).toBeGreaterThanOrEqual(serviceFunctions().length);
    expect(byMetric('Throttles').length).toBeGreaterThanOrEqual(serviceFunctions().length);
    expect(byExpression(/errors/).length).toBeGreaterThanOrEqual(all('AWS::ApiGatewayV2::Api').length);
  });

  it('watch the filter dropping unchecked recipients, the complaint rate and unsubscribe spikes', () => {
    expect(byMetric(METRICS.filterUnchecked)).toHaveLength(1);
    expect(
      byExpression(/complaints/)
        .map((alarm) => alarm.properties.Threshold)
        .sort(),
    ).toEqual([0.1, 0.3]);
    expect(byMetric(METRICS.unsubscribes)).toHaveLength(1);
    expect(all('AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });
});
