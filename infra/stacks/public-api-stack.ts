import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { ApiMapping, DomainName, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { suppressionPk, tenantSettingsPk } from '#adapters/dynamodb/keys';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { LoggedHttpStage } from '../constructs/logged-http-stage';
import { ServiceFunction } from '../constructs/service-function';

export interface PublicApiStackProps extends StackProps {
  /** The Quietlist table (DataStack). */
  readonly table: ITableV2;
  /** The keyring secret (DataStack): link keys open tokens, the value-hash key finds the entry. */
  readonly keys: ISecret;
  /**
   * Steady-state requests per second the stage accepts across `/u/{token}`; beyond it API Gateway answers 429
   * before the function runs. @default 50
   */
  readonly rateLimit?: number;
  /** Requests the stage accepts in a burst. @default 100 */
  readonly burstLimit?: number;
  /**
   * Serve the endpoint (and every link) on this domain, with an ACM certificate of the stack's region; point a
   * CNAME or alias at the `PublicDomainTarget` output. @default the API's own `execute-api` URL
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /** Retention of the function's and the access logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/** Partition keys the function may touch, as IAM `StringLike` patterns built by the one keys module. */
const ANY = '*';
const SUPPRESSIONS = suppressionPk(ANY, 'email', ANY).replace('#email#', `#${ANY}#`);
const TENANT_SETTINGS = tenantSettingsPk(ANY);

/** The path of every unsubscribe link; it may never change, since links already sent carry it. */
export const UNSUBSCRIBE_ROUTE = '/u/{token}';

/**
 * The public unsubscribe endpoint: an HTTP API with `GET`, `HEAD`, `OPTIONS` and `POST /u/{token}` (no
 * authorizer: the sealed token is the recipient's only credential), stage throttling, JSON access logs that never
 * hold the path (the token is in it), and one function that may read tenant settings and read and write
 * suppression entries and their events, nothing else.
 */
export class PublicApiStack extends Stack {
  readonly api: HttpApi;
  readonly function: NodejsFunction;
  /** Base URL of unsubscribe links (`<publicBaseUrl>/u/<token>`): give it to whatever builds links. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: PublicApiStackProps) {
    super(scope, id, props);
    this.function = new ServiceFunction(this, 'UnsubscribePage', {
      entry: 'functions/http/unsubscribe-page.ts',
      description: 'Quietlist: public unsubscribe page and RFC 8058 one-click endpoint (/u/{token})',
      table: props.table,
      keys: props.keys,
      budget: TIME_BUDGETS.unsubscribePage,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    }).function;

    // R1/R11 reads, W1/W2/W3 writes (TransactWriteItems is authorised per contained action): the table alone, no
    // index, and only suppression partitions and tenant settings.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
        ],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SUPPRESSIONS, TENANT_SETTINGS] },
        },
      }),
    );
    this.api = new HttpApi(this, 'Api', {
      description: 'Quietlist public unsubscribe endpoint',
      createDefaultStage: false,
    });
    const { stage } = new LoggedHttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    const routes = this.api.addRoutes({
      path: UNSUBSCRIBE_ROUTE,
      methods: [HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.POST],
      integration: new HttpLambdaIntegration('UnsubscribePageIntegration', this.function),
    });
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Recipients have no account: the AES-GCM sealed token in the path is their credential, and a link must ' +
          'work from any mail client (RFC 8058 one-click forbids any login).',
      });
    }
    this.publicBaseUrl = this.api.apiEndpoint;
    if (props.customDomain) {
      const domain = new DomainName(this, 'CustomDomain', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
      });
      new ApiMapping(this, 'CustomDomainMapping', { api: this.api, domainName: domain, stage });
      this.publicBaseUrl = `https://${props.customDomain.domainName}`;
      new CfnOutput(this, 'PublicDomainTarget', {
        description: `Point ${props.customDomain.domainName} here (CNAME, or a Route 53 alias with the hosted zone id output)`,
        value: domain.regionalDomainName,
      });
      new CfnOutput(this, 'PublicDomainHostedZoneId', {
        description: 'Hosted zone id of the target, for a Route 53 alias record',
        value: domain.regionalHostedZoneId,
      });
    }

    new CfnOutput(this, 'PublicBaseUrl', {
      description: 'Base URL of unsubscribe links (QUIETLIST_PUBLIC_BASE_URL for functions that build them)',
      value: this.publicBaseUrl,
      exportName: `${this.stackName}-PublicBaseUrl`,
    });
  }
}
