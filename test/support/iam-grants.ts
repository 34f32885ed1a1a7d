import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { DataStack } from '../../infra/stacks/data-stack';
import type { TableRequest } from './table-requests';

/**
 * DynamoDB Local checks no IAM, so a key a function sends outside its granted partitions fails only when deployed.
 * What a composition root really sends to DynamoDB Local is recorded by table-requests.ts; these helpers hold it to
 * the policy its stack synthesizes: each item action and partition key against the statements' actions and
 * `dynamodb:LeadingKeys`.
 */

/** One statement's DynamoDB actions (without `dynamodb:`) and the partitions its condition allows. */
export interface TableGrant {
  readonly actions: ReadonlySet<string>;
  readonly partitions: readonly RegExp[];
  /** The statement names the table itself, and an index of it. */
  readonly onTable: boolean;
  readonly onIndex: boolean;
}

/** `StringLike` as IAM reads it: `*` any run of characters, `?` one, the rest literal. */
const stringLike = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );

const isIndex = (resource: unknown): boolean => JSON.stringify(resource ?? '').includes('/index/');

interface Statement {
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: {
    readonly 'ForAllValues:StringLike'?: { readonly 'dynamodb:LeadingKeys'?: string[] };
  };
}

/**
 * The DynamoDB statements of the policies attached to roles whose logical id starts with `rolePrefix` (a stack's
 * one function when omitted). A statement without a `LeadingKeys` condition allows every partition.
 */
export const tableGrantsOf = (template: Template, rolePrefix = ''): TableGrant[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
    .map((statement) => ({
      actions: new Set([statement.Action].flat().map((action) => action.replace('dynamodb:', ''))),
      partitions: (statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['*']).map(
        stringLike,
      ),
      onTable: [statement.Resource].flat().some((resource) => !isIndex(resource)),
      onIndex: [statement.Resource].flat().some(isIndex),
    }));

/**
 * The grants of one function's role in the stack `build` makes beside the data stack, synthesized without bundling
 * (the policies do not depend on the code). The table and keyring are typed as the stacks take them: CDK's classes
 * declare optional attributes as `T | undefined`, which exactOptionalPropertyTypes tells apart.
 */
export const synthesizedTableGrants = (
  build: (app: App, data: { readonly table: ITableV2; readonly keys: ISecret }) => Stack,
  rolePrefix: string,
): TableGrant[] => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const data = new DataStack(app, 'Data');
  const stack = build(app, { table: data.table as ITableV2, keys: data.keys as ISecret });
  return tableGrantsOf(Template.fromStack(stack), rolePrefix);
};

/** The requests no statement allows: its action on its partition, on the table or on the index it names. */
export const requestsOutside = (
  sent: readonly TableRequest[],
  grants: readonly TableGrant[],
): TableRequest[] =>
  sent.filter(
    (request) =>
      !grants.some(
        (grant) =>
          grant.actions.has(request.action) &&
          (request.index === undefined ? grant.onTable : grant.onIndex) &&
          grant.partitions.some((pattern) => pattern.test(request.pk)),
      ),
  );

/** The partitions' prefixes (`SUP`, `TEN`, …) the requests reached: what a scenario has exercised. */
export const prefixesOf = (sent: readonly TableRequest[]): string[] =>
  [...new Set(sent.map((request) => request.pk.split('#')[0] ?? ''))].sort();
