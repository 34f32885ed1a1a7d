import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { SuppressionTable } from '../constructs/suppression-table';

/**
 * The stateful stack: the table and the keyring secret, so service stacks can be replaced freely without
 * touching data or the keys every stored hash and every sent link depends on.
 */
export class DataStack extends Stack {
  readonly table: ITableV2;
  /** The keyring (shared/domain/keyring.ts): generated once with a random bootstrap key. */
  readonly keys: ISecret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // aws-cdk-lib's classes declare optional fields as `T | undefined`, which its own interfaces reject under
    // exactOptionalPropertyTypes; the casts are the one place the stacks meet that mismatch.
    this.table = new SuppressionTable(this, 'Suppressions').table as unknown as ITableV2;
    const keys = new Secret(this, 'Keyring', {
      description:
        'Quietlist keyring: value-hash, cursor and unsubscribe-link keys (see README, "Rotating link keys")',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ activeLinkKey: 'k1' }),
        generateStringKey: 'bootstrapKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Losing it orphans every stored hash and breaks every link already sent.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.keys = keys as unknown as ISecret;
    Validations.of(keys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Automatic rotation would replace the value-hash key and orphan every stored suppression; link keys rotate ' +
        'by adding a key id to the keyring, which keeps links already sent working (README: Rotating link keys).',
    });
    new CfnOutput(this, 'TableName', {
      description: 'The Quietlist table (kept when the stack is deleted; deletion protection on)',
      value: this.table.tableName,
    });
    new CfnOutput(this, 'KeyringSecretName', {
      description:
        'The keyring secret: add link keys here to rotate them (docs/unsubscribe.md, "Rotating link keys")',
      value: keys.secretName,
    });
  }
}
