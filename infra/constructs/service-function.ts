import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '#shared/table-contract';
import type { TimeBudget } from '#shared/time-budgets';
import { FUNCTION_BUNDLING, FUNCTION_NODE_OPTIONS } from '../bundling';

export interface ServiceFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/http/unsubscribe-page.ts`. */
  readonly entry: string;
  readonly description: string;
  /** Unset for a function that reads no table (the outbound-events enrichment): no table name in its environment. */
  readonly table?: ITableV2;
  /** Unset for a function that hashes and seals nothing: no keyring in its environment, no grant to read it. */
  readonly keys?: ISecret;
  readonly environment?: Record<string, string>;
  /** @default 256 */
  readonly memorySize?: number;
  /**
   * The function's row of TIME_BUDGETS (shared/time-budgets.ts): its Lambda timeout. Its code holds its AWS calls
   * to the rest of the row, so it answers before this timeout even when DynamoDB stalls.
   */
  readonly budget: TimeBudget;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Unset leaves concurrency unreserved. */
  readonly reservedConcurrentExecutions?: number;
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A Lambda function with the house defaults: Node.js 24 on arm64, bundled and minified by esbuild as ESM with
 * source maps, JSON logs into a log group with retention, X-Ray tracing, and the table name and keyring secret in
 * its environment. Its role may write to its own log group and send traces, and read the keyring; table access is
 * granted by the caller, operation by operation.
 *
 * Powertools settings: the service name, and traces that record neither responses nor error messages (both may
 * hold addresses; the logs carry them masked).
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    // Its own role rather than AWSLambdaBasicExecutionRole, which may create any log group and write to all of them.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Quietlist: ${props.description}`.slice(0, 1000),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: `${repositoryRoot}${props.entry}`,
      projectRoot: repositoryRoot,
      depsLockFilePath: `${repositoryRoot}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: Duration.seconds(props.budget.lambdaTimeoutSeconds),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        ...(FUNCTION_NODE_OPTIONS ? { NODE_OPTIONS: FUNCTION_NODE_OPTIONS } : {}),
        POWERTOOLS_SERVICE_NAME: 'quietlist',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        ...(props.table ? { [ENV.tableName]: props.table.tableName } : {}),
        ...(props.keys ? { [ENV.keysSecret]: props.keys.secretArn } : {}),
        ...props.environment,
      },
      bundling: FUNCTION_BUNDLING,
    });
    props.keys?.grantRead(this.function);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions, ' +
        'so its statement must name "*".',
    });
  }
}
