import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_ROUTES } from '#shared/admin-api-contract';
import {
  CHUNK_UNCHECKED_ERRORS,
  IMPORT_LINES_PER_CHUNK,
  IMPORT_MAX_CONCURRENCY,
  JOB_KEYS,
  JOB_OBJECT_EXPIRY_DAYS,
  STEP_RETRY,
  tenantJobPrefixes,
} from '#shared/jobs-contract';
import { DataStack } from '../../infra/stacks/data-stack';
import { JobsStack } from '../../infra/stacks/jobs-stack';

let template: Template;
// biome-ignore lint/suspicious/noExplicitAny: the state machine definition is arbitrary ASL JSON.
let definition: any;

/** The definition string of the state machine, with its Fn::Join references replaced by placeholders. */
const definitionOf = (t: Template) => {
  const [machine] = Object.values(t.findResources('AWS::StepFunctions::StateMachine')) as {
    Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } };
  }[];
  const parts = machine?.Properties.DefinitionString['Fn::Join'][1] ?? [];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'REF')).join(''));
};

beforeAll(() => {
  const app = new App();
  const data = new DataStack(app, 'Data');
  const apiStack = new Stack(app, 'Api');
  const api = new HttpApi(apiStack, 'AdminApi');
  const eventsStack = new Stack(app, 'Events');
  const bus = new EventBus(eventsStack, 'Bus', { eventBusName: 'quietlist-test' });
  const stack = new JobsStack(app, 'Jobs', {
    eventBus: bus as unknown as IEventBus,
    table: data.table as ITableV2,
    keys: data.keys as ISecret,
    adminApi: api,
    consoleOrigin: 'https://console.example.com',
  });
  template = Template.fromStack(stack);
  definition = definitionOf(template);
}, 120_000);

describe('the jobs stack', () => {
  it('keeps its objects in a private, encrypted, TLS-only bucket that forgets them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: JOB_OBJECT_EXPIRY_DAYS, Status: 'Enabled' })],
      },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedOrigins: ['https://console.example.com'],
            AllowedMethods: ['PUT', 'GET'],
          }),
        ],
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('runs a Distributed Map over the work file, in batches, with bounded concurrency and a result writer', () => {
    expect(definition.StartAt).toBe('Prepare');
    const map = definition.States.Chunks;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemReader).toMatchObject({
      Resource: 'arn:REF:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { 'Key.$': '$.prepared.workKey' },
    });
    expect(map.ItemBatcher).toEqual({
      MaxItemsPerBatch: IMPORT_LINES_PER_CHUNK,
      BatchInput: { 'tenantId.$': '$.prepared.tenantId', 'importId.$': '$.prepared.importId' },
    });
    expect(map.MaxConcurrency).toBe(IMPORT_MAX_CONCURRENCY);
    // No failure tolerated: CDK leaves out a 0, which is the state's default.
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    expect(map.ToleratedFailureCount ?? 0).toBe(0);
    // Each job's records under its tenant-first prefix (an erasure's purge reaches them), outputs only (COMPACT:
    // a succeeded chunk's record holds its counts, not its input lines).
    expect(map.ResultWriter).toEqual({
      Resource: 'arn:REF:states:::s3:putObject',
      Parameters: { Bucket: 'REF', 'Prefix.$': '$.prepared.mapRunPrefix' },
      WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
    });
    expect(JOB_KEYS.mapRun('acme', '01J00000000000000000000000')).toBe(
      'map-runs/acme/01J00000000000000000000000',
    );
    expect(tenantJobPrefixes('acme')).toContain('map-runs/acme/');
    expect(map.ItemProcessor.States.Chunk.Parameters).toEqual({
      step: 'chunk',
      'Items.$': '$.Items',
      'BatchInput.$': '$.BatchInput',
    });
  });

  it('retries every step with backoff and jitter on throttling, and marks the job failed on anything else', () => {
    const chunk = definition.States.Chunks.ItemProcessor.States.Chunk;
    for (const state of [definition.States.Prepare, chunk, definition.States.Finish]) {
      expect(state.Retry).toEqual([
        {
          ErrorEquals: [...STEP_RETRY.errors],
          IntervalSeconds: STEP_RETRY.intervalSeconds,
          BackoffRate: STEP_RETRY.backoffRate,
          MaxAttempts: STEP_RETRY.maxAttempts - 1,
          MaxDelaySeconds: STEP_RETRY.maxDelaySeconds,
          JitterStrategy: 'FULL',
        },
      ]);
    }
    for (const name of ['Prepare', 'Chunks', 'Finish']) {
      expect(definition.States[name].Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'MarkFailed' },
      ]);
    }
    expect(definition.States.MarkFailed.Next).toBe('ImportFailed');
    expect(definition.States.ImportFailed.Type).toBe('Fail');
  });

  it("catches a chunk whose retries are spent on the table's errors and answers it unchecked, retried alike", () => {
    const processor = definition.States.Chunks.ItemProcessor;
    expect(processor.StartAt).toBe('Chunk');
    expect(processor.States.Chunk.Catch).toEqual([
      { ErrorEquals: [...CHUNK_UNCHECKED_ERRORS], ResultPath: '$.failure', Next: 'MarkUnchecked' },
    ]);
    const markUnchecked = processor.States.MarkUnchecked;
    expect(markUnchecked.Parameters).toEqual({
      step: 'unchecked',
      'Items.$': '$.Items',
      'BatchInput.$': '$.BatchInput',
      'error.$': '$.failure.Error',
      'cause.$': '$.failure.Cause',
    });
    expect(markUnchecked.End).toBe(true);
    // The fallback itself writes to the table and S3: throttling there is retried as everywhere.
    expect(markUnchecked.Retry).toEqual(processor.States.Chunk.Retry);
    expect(markUnchecked.Catch).toBeUndefined();
    // Only the table's and Lambda's errors reach it: anything else (a bug, a refused chunk) fails the job.
    expect(CHUNK_UNCHECKED_ERRORS).not.toContain('States.ALL');
  });

  it('starts the state machine on each upload, with the uploaded key', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { object: { key: [{ prefix: 'uploads/' }] } },
      },
      Targets: [
        Match.objectLike({
          InputTransformer: Match.objectLike({ InputTemplate: '{"key":<detail-object-key>}' }),
        }),
      ],
    });
  });

  it('lets the steps page through the SES account-level suppression list, and nothing else of SES', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ses:ListSuppressedDestinations', Effect: 'Allow', Resource: '*' }),
        ]),
      },
    });
  });

  it('sends each Erasure Completed on the Quietlist bus to PurgeJobFiles, retried for a day, then parked', () => {
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { source: ['quietlist'], 'detail-type': ['Erasure Completed'] } },
    });
    const [rule] = Object.values(rules) as { Properties: Record<string, unknown> }[];
    expect(Object.keys(rules)).toHaveLength(1);
    // On the bus of the events stack (an imported reference), not the account's default bus.
    expect(rule?.Properties.EventBusName).toEqual({ 'Fn::ImportValue': expect.stringContaining('Events') });
    const purge = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('PurgeJobFilesFunction'),
    );
    expect(purge).toBeDefined();
    const dlq = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) =>
      id.startsWith('PurgeJobFilesDeadLetterQueue'),
    );
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [purge?.[0], 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
      }),
    ]);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('lets PurgeJobFiles list and delete the job prefixes only, and update job items only', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('PurgeJobFilesFunctionRole'),
    );
    expect(policies).toHaveLength(1);
    const policy = policies[0]?.[1] as
      | { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }
      | undefined;
    const statements = policy?.Properties.PolicyDocument.Statement ?? [];
    const s3 = statements.filter((statement) => String(statement.Action).startsWith('s3:'));
    expect(s3).toHaveLength(2);
    const list = s3.find((statement) => statement.Action === 's3:ListBucket');
    expect(list?.Condition).toEqual({
      StringLike: { 's3:prefix': ['uploads/*', 'work/*', 'results/*', 'map-runs/*'] },
    });
    expect(JSON.stringify(list?.Resource)).not.toContain('/*');
    const del = s3.find((statement) => statement.Action === 's3:DeleteObject');
    const resources = ((del?.Resource ?? []) as { 'Fn::Join': [string, unknown[]] }[]).map((r) =>
      JSON.stringify(r['Fn::Join'][1].at(-1)),
    );
    expect(resources).toEqual(['"/uploads/*"', '"/work/*"', '"/results/*"', '"/map-runs/*"']);
    const table = statements.filter((statement) => String(statement.Action).includes('dynamodb'));
    expect(table).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['JOB#*#*'] } },
      }),
    ]);
    // No keyring: the purge hashes and seals nothing.
    expect(JSON.stringify(statements)).not.toContain('secretsmanager');
  });

  it("lets the import steps delete a job's own files, under the job prefixes only (a job an erasure reached)", () => {
    const statements = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('ImportStepsFunctionRole'))
      .flatMap(
        ([, policy]) =>
          (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
            .PolicyDocument.Statement,
      );
    const list = statements.find((statement) => statement.Action === 's3:ListBucket');
    expect(list?.Condition).toEqual({
      StringLike: { 's3:prefix': ['uploads/*', 'work/*', 'results/*', 'map-runs/*'] },
    });
    const del = statements.find((statement) => statement.Action === 's3:DeleteObject');
    const resources = ((del?.Resource ?? []) as { 'Fn::Join': [string, unknown[]] }[]).map((r) =>
      JSON.stringify(r['Fn::Join'][1].at(-1)),
    );
    expect(resources).toEqual(['"/uploads/*"', '"/work/*"', '"/results/*"', '"/map-runs/*"']);
  });

  it('mounts the import routes on the admin API', () => {
    for (const route of IMPORT_ROUTES) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
      });
    }
  });

  it('logs and traces its executions', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });
});
