import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '../../shared/table-contract';

export interface ServiceFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/http/unsubscribe-page.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly table: ITableV2;
  readonly keys: ISecret;
  readonly environment?: Record<string, string>;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Unset leaves concurrency unreserved. */
  readonly reservedConcurrentExecutions?: number;
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A Lambda function with the house defaults: Node.js 24 on arm64, bundled and minified by esbuild as ESM with
 * source maps, JSON logs into a log group with retention, X-Ray tracing, and the table name and keyring secret in
 * its environment. Table and secret access are granted by the caller, operation by operation.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: `${repositoryRoot}${props.entry}`,
      projectRoot: repositoryRoot,
      depsLockFilePath: `${repositoryRoot}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'quietlist',
        [ENV.tableName]: props.table.tableName,
        [ENV.keysSecret]: props.keys.secretArn,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        target: 'node24',
        // ESM bundles need `require` for the few CommonJS dependencies that call it.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: [],
      },
    });
    props.keys.grantRead(this.function);
  }
}
