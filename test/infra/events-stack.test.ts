import { describe, expect, it } from 'vitest';
import { ACTIVITY_INSERT_PATTERN } from '#shared/events-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { type CfnJson, type CfnTemplate, PRODUCTION_CONTEXT, synthApp } from '../support/synth-app';

const fresh = synthApp();
const production = synthApp(PRODUCTION_CONTEXT);

const template = (app: typeof fresh, stack: string): CfnTemplate => {
  expect(app.error?.message).toBeUndefined();
  const found = app.templates.get(stack);
  if (!found) throw new Error(`no stack ${stack}`);
  return found;
};

const resources = (t: CfnTemplate, type: string) =>
  Object.entries(t.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties as CfnJson }));

const one = (t: CfnTemplate, type: string) => {
  const found = resources(t, type);
  expect(found, type).toHaveLength(1);
  return found[0] as { logicalId: string; properties: CfnJson };
};

describe('the outbound-events path', () => {
  it('gives the table a stream of new images (what an append-only activity item needs)', () => {
    const table = one(template(fresh, 'QuietlistData'), 'AWS::DynamoDB::GlobalTable');
    expect(table.properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('pipes the stream, filtered to inserts of published activity items, through the enrichment to the bus', () => {
    const events = template(fresh, 'QuietlistEvents');
    const pipe = one(events, 'AWS::Pipes::Pipe').properties;
    const bus = one(events, 'AWS::Events::EventBus');
    const enrichment = one(events, 'AWS::Lambda::Function');
    const deadLetterQueue = resources(events, 'AWS::SQS::Queue').find((queue) =>
      queue.logicalId.startsWith('PipeDeadLetterQueue'),
    );
    expect(bus.properties.Name).toBe('quietlist-dev');
    expect(pipe.Source).toMatchObject({ 'Fn::ImportValue': expect.stringMatching(/StreamArn/) });
    const params = pipe.SourceParameters;
    expect(params.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      ACTIVITY_INSERT_PATTERN,
    ]);
    expect(JSON.parse(params.FilterCriteria.Filters[0].Pattern).dynamodb.NewImage.action.S).not.toContain(
      'action_refused',
    );
    expect(params.DynamoDBStreamParameters).toMatchObject({
      StartingPosition: 'LATEST',
      ParallelizationFactor: 1,
      MaximumRetryAttempts: 10,
      OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetterQueue?.logicalId, 'Arn'] } },
    });
    expect(pipe.Enrichment).toEqual({ 'Fn::GetAtt': [enrichment.logicalId, 'Arn'] });
    expect(pipe.Target).toEqual({ 'Fn::GetAtt': [bus.logicalId, 'Arn'] });
    expect(pipe.TargetParameters).toEqual({
      EventBridgeEventBusParameters: { Source: 'quietlist', DetailType: '$.detailType' },
      InputTemplate: '<$.detail>',
    });
    expect(pipe.LogConfiguration).toMatchObject({ Level: 'ERROR' });
    expect(pipe.LogConfiguration.IncludeExecutionData).toBeUndefined();
  });

  it('runs the enrichment with no table, no keyring, and its time budget', () => {
    const fn = one(template(fresh, 'QuietlistEvents'), 'AWS::Lambda::Function').properties;
    expect(fn.Timeout).toBe(TIME_BUDGETS.outboundEvents.lambdaTimeoutSeconds);
    expect(Object.keys(fn.Environment.Variables)).not.toContain('QUIETLIST_TABLE_NAME');
    expect(Object.keys(fn.Environment.Variables)).not.toContain('QUIETLIST_KEYS_SECRET');
  });

  it("lets the pipe's role read the stream, invoke the function itself, put events on the bus and park batches", () => {
    const events = template(fresh, 'QuietlistEvents');
    const policy = resources(events, 'AWS::IAM::Policy').find((p) => p.logicalId.startsWith('PipeRole'));
    if (!policy) throw new Error('no policy of the pipe role');
    const statements = policy.properties.PolicyDocument.Statement as { Action: string | string[] }[];
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'lambda:InvokeFunction',
        'events:PutEvents',
        'sqs:SendMessage',
      ]),
    );
    expect(
      actions.filter((action) => action.startsWith('dynamodb:') && !/Stream|Records|Shard/.test(action)),
    ).toEqual([]);
  });

  it('has no webhook unless configured', () => {
    const events = template(fresh, 'QuietlistEvents');
    expect(resources(events, 'AWS::Events::ApiDestination')).toEqual([]);
    expect(resources(events, 'AWS::Events::Rule')).toEqual([]);
  });

  it('sends every event to the configured webhook with an API key from Secrets Manager, retries and a DLQ', () => {
    const events = template(production, 'QuietlistEvents');
    const connection = one(events, 'AWS::Events::Connection').properties;
    expect(connection.AuthorizationType).toBe('API_KEY');
    expect(connection.AuthParameters.ApiKeyAuthParameters.ApiKeyName).toBe('x-api-key');
    // The key is a dynamic reference resolved at deploy time, never a value in the template.
    expect(JSON.stringify(connection.AuthParameters.ApiKeyAuthParameters.ApiKeyValue)).toContain(
      '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:quietlist/webhook-key-AbCdEf:SecretString:::}}',
    );
    expect(one(events, 'AWS::Events::ApiDestination').properties).toMatchObject({
      InvocationEndpoint: 'https://crm.example.com/hooks/quietlist',
      HttpMethod: 'POST',
    });
    const rule = one(events, 'AWS::Events::Rule').properties;
    expect(rule.EventPattern).toEqual({ source: ['quietlist'] });
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^WebhookDeadLetterQueue/), 'Arn'] } },
    });
  });

  it('alarms on both dead-letter queues and the enrichment function', () => {
    const monitoring = JSON.stringify(template(production, 'QuietlistMonitoring'));
    expect(monitoring).toMatch(/PipeDeadLetterQueue/);
    expect(monitoring).toMatch(/WebhookDeadLetterQueue/);
  });
});
