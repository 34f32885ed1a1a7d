import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { contactPk, filterRunPk, suppressionPk } from '#adapters/dynamodb/keys';
import { DEFAULT_FILTER_REPORT_TTL_DAYS } from '#lambda/filter-config';
import { ENV } from '#shared/table-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { ServiceFunction } from '../constructs/service-function';
import { grantTenantSettingsRead } from '../port-grants';

export interface FilterStackProps extends StackProps {
  /** The Quietlist table (DataStack). */
  readonly table: ITableV2;
  /** The keyring secret (DataStack): value-hash key for lookups, link keys for unsubscribe links. */
  readonly keys: ISecret;
  /**
   * Base URL of the public unsubscribe endpoint, for the links eligible emails get (a token of the public API
   * stack works). Without it every run with an eligible email fails, so synth warns.
   */
  readonly publicBaseUrl?: string;
  /** Country assumed for phone numbers without a country code; without it such numbers are `invalid_phone`. */
  readonly defaultPhoneCountry?: string;
  /**
   * Memory, and with it CPU: hashing, normalizing and link signing for 10,000 recipients is CPU work.
   * @default 1024
   */
  readonly memorySize?: number;
  /** Days a run's report is kept. @default 90 */
  readonly reportTtlDays?: number;
  /**
   * Concurrent runs reserved for (and capped at) the filter, so a burst of pipelines can neither starve other
   * functions nor be starved by them. @default unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /** Roles (pipelines) allowed to invoke the filter; more can be granted later with {@link FilterStack.grantInvoke}. */
  readonly invokers?: readonly IGrantable[];
  /** Address offered as the `mailto:` alternative in the `List-Unsubscribe` headers it returns. @default none */
  readonly unsubscribeMailto?: string;
  /** Retention of the function's logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/** Partition keys the function may touch, as IAM `StringLike` patterns built by the one keys module. */
const ANY = '*';
const SUPPRESSION_ENTRIES = suppressionPk(ANY, 'email', ANY).replace('#email#', `#${ANY}#`);
const CONTACTS = contactPk(ANY, ANY);
const RUN_REPORTS = filterRunPk(ANY, ANY);

/**
 * The pre-send filter: one function that campaign pipelines invoke (Lambda Invoke, synchronous) with an audience
 * batch. It may read suppression entries and do-not-contact states and write run reports, nothing else: IAM
 * conditions on `dynamodb:LeadingKeys` hold it to those partitions of the single table.
 */
export class FilterStack extends Stack {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: FilterStackProps) {
    super(scope, id, props);
    if (props.publicBaseUrl === undefined) {
      Annotations.of(this).addWarningV2(
        'quietlist:filter-no-public-url',
        'FilterStack has no publicBaseUrl: runs with an eligible email will fail until it is set',
      );
    }
    this.function = new ServiceFunction(this, 'Handler', {
      entry: 'functions/invoke/filter.ts',
      description: 'Quietlist: pre-send filter (who may be contacted, on which channel, and why not)',
      table: props.table,
      keys: props.keys,
      memorySize: props.memorySize ?? 1024,
      budget: TIME_BUDGETS.filter,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      environment: {
        [ENV.filterReportTtlDays]: String(props.reportTtlDays ?? DEFAULT_FILTER_REPORT_TTL_DAYS),
        ...(props.publicBaseUrl === undefined ? {} : { [ENV.publicBaseUrl]: props.publicBaseUrl }),
        ...(props.defaultPhoneCountry === undefined
          ? {}
          : { [ENV.defaultPhoneCountry]: props.defaultPhoneCountry }),
        ...(props.unsubscribeMailto === undefined
          ? {}
          : { [ENV.unsubscribeMailto]: props.unsubscribeMailto }),
      },
    }).function;

    // R2 and R7 are BatchGetItem on suppression entries and do-not-contact items; W9 is BatchWriteItem of run
    // reports. The table alone (no index), and only those partitions.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SUPPRESSION_ENTRIES, CONTACTS] },
        },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchWriteItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [RUN_REPORTS] } },
      }),
    );
    // R11: the run's tenant's settings (its default phone country).
    grantTenantSettingsRead(this.function, props.table);
    for (const invoker of props.invokers ?? []) this.grantInvoke(invoker);

    new CfnOutput(this, 'FilterFunctionArn', {
      description: 'Pipelines invoke this function (lambda:InvokeFunction) with an audience batch',
      value: this.function.functionArn,
      exportName: `${this.stackName}-FilterFunctionArn`,
    });
    new CfnOutput(this, 'FilterFunctionName', {
      description: 'Name of the pre-send filter function',
      value: this.function.functionName,
    });
  }

  /** Lets a pipeline's role (or any grantable) invoke the filter: `lambda:InvokeFunction` on its ARN. */
  grantInvoke(grantee: IGrantable) {
    return this.function.grantInvoke(grantee);
  }
}
