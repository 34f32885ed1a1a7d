import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { SuppressionTable } from '../constructs/suppression-table';

/**
 * The stateful stack: the table and the keyring secret, so service stacks can be replaced freely without
 * touching data or the keys every stored hash and every sent link depends on.
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  /** The keyring (shared/domain/keyring.ts): generated once with a random bootstrap key. */
  readonly keys: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = new SuppressionTable(this, 'Suppressions').table;
    this.keys = new Secret(this, 'Keyring', {
      description: 'Quietlist keyring: value-hash, cursor and unsubscribe-link keys (see README, "Rotating link keys")',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ activeLinkKey: 'k1' }),
        generateStringKey: 'bootstrapKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Losing it orphans every stored hash and breaks every link already sent.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.keys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Automatic rotation would replace the value-hash key and orphan every stored suppression; link keys rotate ' +
        'by adding a key id to the keyring, which keeps links already sent working (README: Rotating link keys).',
    });
  }
}
