import { Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { SuppressionTable } from '../constructs/suppression-table';

/** The stateful stack: the table alone, so service stacks can be replaced freely without touching data. */
export class DataStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = new SuppressionTable(this, 'Suppressions').table;
  }
}
