import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { contactPk, filterRunPk, suppressionPk } from '#adapters/dynamodb/keys';
import { ADMIN_ROUTES, PARTNER_ADMIN_ROUTES, routeKeyOf } from '#shared/admin-api-contract';
import { ENV, INDEXES } from '#shared/table-contract';
import { LoggedHttpStage } from '../constructs/logged-http-stage';
import { ServiceFunction } from '../constructs/service-function';

/** A route served by a function built elsewhere, mounted on this API behind the same authorizer. */
export interface AdminApiExtraRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: IFunction;
}

export interface AdminApiStackProps extends StackProps {
  /** The Quietlist table (DataStack). */
  readonly table: ITableV2;
  /** The keyring secret (DataStack): value-hash key and cursor key. */
  readonly keys: ISecret;
  /**
   * Issuer (`iss`) of the credentials the JWT authorizer accepts, e.g. a Cognito user pool
   * (`https://cognito-idp.<region>.amazonaws.com/<pool-id>`). Unset: the stack takes it as the CloudFormation
   * parameter `JwtIssuer`, given at deploy time.
   */
  readonly jwtIssuer?: string;
  /** Accepted audiences (`aud`, or Cognito's `client_id`). Unset: the CloudFormation parameter `JwtAudience`. */
  readonly jwtAudience?: readonly string[];
  /** Requests per second (steady, burst) across the whole API. @default { rateLimit: 20, burstLimit: 40 } */
  readonly throttle?: ThrottleSettings;
  /**
   * Limits of the bulk routes (add, remove, check, export), each of which may carry 10,000 values or read a
   * whole list. @default { rateLimit: 2, burstLimit: 5 }
   */
  readonly bulkThrottle?: ThrottleSettings;
  /** Base URL of unsubscribe links, for the link builder route (PublicApiStack.publicBaseUrl or a custom domain). */
  readonly publicBaseUrl?: string;
  /** Country assumed for phone numbers without a country code (`QUIETLIST_DEFAULT_PHONE_COUNTRY`). */
  readonly defaultPhoneCountry?: string;
  /** More routes on this API, served by functions built elsewhere. @default none */
  readonly extraRoutes?: readonly AdminApiExtraRoute[];
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** `mailto:` alternative in the headers the link builder route returns. @default none */
  readonly unsubscribeMailto?: string;
}

const ANY = '*';
/** Partitions the admin function may touch, as IAM `StringLike` patterns built by the one keys module. */
const SUPPRESSIONS = suppressionPk(ANY, 'email', ANY).replace('#email#', `#${ANY}#`);
const CONTACTS = contactPk(ANY, ANY);
const RUN_REPORTS = filterRunPk(ANY, ANY);

/** The routes that may carry thousands of values or read a whole list: they get the bulk throttle. */
const BULK_OPERATIONS = new Set([
  'addSuppressions',
  'removeSuppressions',
  'checkValues',
  'exportSuppressions',
]);

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The admin API: an HTTP API whose every route requires a JWT verified by API Gateway (issuer and audience from
 * props or deploy-time parameters), stage throttling with lower limits on the bulk routes, JSON access logs with
 * retention, and one function for all ADMIN_ROUTES that may only batch-read, write and delete items in the
 * suppression and contact partitions and query the two timeline indexes. The partner routes of
 * PARTNER_ADMIN_ROUTES are mounted too, each in its own least-privilege function, when their handler exists.
 */
export class AdminApiStack extends Stack {
  readonly api: HttpApi;
  readonly function: NodejsFunction;
  /** Every function serving this API (the admin function and the partner routes'), by name, for monitoring. */
  readonly functions: Record<string, IFunction> = {};

  constructor(scope: Construct, id: string, props: AdminApiStackProps) {
    super(scope, id, props);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;
    const environment = props.defaultPhoneCountry
      ? { [ENV.defaultPhoneCountry]: props.defaultPhoneCountry }
      : undefined;
    this.function = new ServiceFunction(this, 'AdminApiFunction', {
      entry: 'functions/http/admin-api.ts',
      description: 'Quietlist: admin API (suppression list, bulk add/remove, check, export, contacts, stats)',
      table: props.table,
      keys: props.keys,
      // Bulk routes parse and hash 10,000 values; more memory is more CPU. API Gateway gives up at 30 s.
      memorySize: 1024,
      timeout: Duration.seconds(29),
      logRetention: retention,
      ...(environment ? { environment } : {}),
    }).function;

    // R1/R2/R7 reads and W1-W5 writes (TransactWriteItems is authorised per contained action) on the suppression
    // and contact partitions only; R3/R5/R6 queries on the two timeline indexes.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SUPPRESSIONS, CONTACTS] } },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [INDEXES.byTenantTimeline, INDEXES.byContactTimeline].map(
          (index) => `${props.table.tableArn}/index/${index.indexName}`,
        ),
      }),
    );
    this.functions.AdminApi = this.function;

    const issuer =
      props.jwtIssuer ??
      new CfnParameter(this, 'JwtIssuer', {
        type: 'String',
        description:
          'Issuer (iss) of admin API credentials, e.g. https://cognito-idp.<region>.amazonaws.com/<pool-id>',
      }).valueAsString;
    const audience =
      props.jwtAudience ??
      new CfnParameter(this, 'JwtAudience', {
        type: 'CommaDelimitedList',
        description: 'Accepted audiences (aud, or the Cognito app client ids), comma-separated',
      }).valueAsList;
    const authorizer = new HttpJwtAuthorizer('AdminJwt', issuer, {
      jwtAudience: [...audience],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'Api', {
      description: 'Quietlist admin API',
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
    const { stage } = new LoggedHttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      throttle: props.throttle ?? { rateLimit: 20, burstLimit: 40 },
      logRetention: retention,
      // Who called, and why the authorizer refused: the admin API's extra questions.
      extraFields: { sub: '$context.authorizer.claims.sub', authorizerError: '$context.authorizer.error' },
    });

    const integration = new HttpLambdaIntegration('AdminApiIntegration', this.function);
    const bulk = props.bulkThrottle ?? { rateLimit: 2, burstLimit: 5 };
    const routeSettings: Record<string, { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }> = {};
    const routes = ADMIN_ROUTES.flatMap((route) => {
      if (BULK_OPERATIONS.has(route.operation)) {
        routeSettings[routeKeyOf(route)] = {
          ...(bulk.rateLimit === undefined ? {} : { ThrottlingRateLimit: bulk.rateLimit }),
          ...(bulk.burstLimit === undefined ? {} : { ThrottlingBurstLimit: bulk.burstLimit }),
        };
      }
      return this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    });
    routes.push(...this.mountPartnerRoutes(props), ...this.mountExtraRoutes(props.extraRoutes ?? []));
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name route keys, which must exist before the stage refers to them.
    for (const route of routes) cfnStage.node.addDependency(route);

    new CfnOutput(this, 'AdminApiUrl', {
      description: 'Base URL of the admin API (append /v1/...)',
      value: this.api.apiEndpoint,
    });
  }

  /**
   * PARTNER_ADMIN_ROUTES whose handler file exists, each in its own function with only what it needs: the link
   * builder signs with the keyring (no table access) and needs the public base URL; the filtered-contacts route
   * queries run-report partitions.
   */
  private mountPartnerRoutes(props: AdminApiStackProps) {
    return PARTNER_ADMIN_ROUTES.filter((route) => existsSync(`${repositoryRoot}${route.entry}`)).flatMap(
      (route) => {
        const name = route.entry
          .replace(/^.*\/|\.ts$/g, '')
          .replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
        const handler = new ServiceFunction(this, `${name}Function`, {
          entry: route.entry,
          description: `Quietlist admin API: ${routeKeyOf(route)}`,
          table: props.table,
          keys: props.keys,
          logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
          ...(route.path === '/v1/unsubscribe-links' && props.publicBaseUrl
            ? {
                environment: {
                  [ENV.publicBaseUrl]: props.publicBaseUrl,
                  ...(props.unsubscribeMailto ? { [ENV.unsubscribeMailto]: props.unsubscribeMailto } : {}),
                },
              }
            : {}),
        }).function;
        if (route.path.includes('/runs/')) {
          handler.addToRolePolicy(
            new PolicyStatement({
              actions: ['dynamodb:Query'],
              resources: [props.table.tableArn],
              conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [RUN_REPORTS] } },
            }),
          );
        }
        this.functions[name] = handler;
        return this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration: new HttpLambdaIntegration(`${name}Integration`, handler),
        });
      },
    );
  }

  private mountExtraRoutes(extra: readonly AdminApiExtraRoute[]) {
    return extra.flatMap((route, index) =>
      this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`ExtraRoute${index}Integration`, route.handler),
      }),
    );
  }
}
