import { CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  ADMIN_ROUTES,
  type AdminRoute,
  PARTNER_ADMIN_ROUTES,
  type RouteSetting,
  routeKeyOf,
} from '#shared/admin-api-contract';
import { ENV } from '#shared/table-contract';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { LoggedHttpStage } from '../constructs/logged-http-stage';
import { ServiceFunction } from '../constructs/service-function';
import { grantPorts } from '../port-grants';

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
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** `mailto:` alternative in the headers the link builder route returns. @default none */
  readonly unsubscribeMailto?: string;
  /**
   * The admin console's origin (`https://host`), the one origin whose pages may call the API (CORS). A value known
   * at synth time (stage configuration), so this stack never depends on the console stack, which depends on it.
   * @default no CORS: no browser page may call the API
   */
  readonly consoleOrigin?: string;
}

/** Response headers the console reads: the next part of an export, and its file name. */
export const CORS_EXPOSED_HEADERS = ['x-next-cursor', 'content-disposition'];
/** Request headers the console sends: the bearer token and JSON bodies. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type'];
/** Browsers (Chrome) cap a cached preflight at two hours; API Gateway allows up to a day. */
export const CORS_MAX_AGE = Duration.hours(2);

/** The route table, read through its general type (optional fields and all). */
const ROUTES: readonly AdminRoute[] = ADMIN_ROUTES;

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
  /** The issuer the JWT authorizer accepts (a literal, or the `JwtIssuer` parameter): the console signs in there. */
  readonly jwtIssuer: string;

  constructor(scope: Construct, id: string, props: AdminApiStackProps) {
    super(scope, id, props);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;
    this.function = new ServiceFunction(this, 'AdminApiFunction', {
      entry: 'functions/http/admin-api.ts',
      description: 'Quietlist: admin API (suppression list, bulk add/remove, check, export, contacts, stats)',
      table: props.table,
      keys: props.keys,
      // Bulk routes parse and hash 10,000 values; more memory is more CPU.
      memorySize: 1024,
      budget: TIME_BUDGETS.adminApi,
      logRetention: retention,
      environment: this.environmentFor(
        ROUTES.flatMap((route) => route.settings ?? []),
        props,
      ),
    }).function;

    // What the ports of its routes need (infra/port-grants.ts), and nothing else.
    grantPorts(
      this.function,
      props.table,
      ROUTES.flatMap((route) => route.ports),
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
    this.jwtIssuer = issuer;
    const authorizer = new HttpJwtAuthorizer('AdminJwt', issuer, {
      jwtAudience: [...audience],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'Api', {
      description: 'Quietlist admin API',
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
      // API Gateway answers the preflight (OPTIONS) itself, before any route or authorizer: no route is OPTIONS or
      // ANY, so none shadows it. Bearer tokens, no cookies: no credentials mode.
      ...(props.consoleOrigin
        ? {
            corsPreflight: {
              allowOrigins: [props.consoleOrigin],
              allowMethods: [
                ...new Set([...ROUTES, ...PARTNER_ADMIN_ROUTES].map((route) => CorsHttpMethod[route.method])),
              ],
              allowHeaders: CORS_ALLOWED_HEADERS,
              exposeHeaders: CORS_EXPOSED_HEADERS,
              maxAge: CORS_MAX_AGE,
            },
          }
        : {}),
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
    const routes = ROUTES.flatMap((route) => {
      if (route.bulk) {
        routeSettings[routeKeyOf(route)] = {
          ...(bulk.rateLimit === undefined ? {} : { ThrottlingRateLimit: bulk.rateLimit }),
          ...(bulk.burstLimit === undefined ? {} : { ThrottlingBurstLimit: bulk.burstLimit }),
        };
      }
      return this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    });
    routes.push(...this.mountPartnerRoutes(props));
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name route keys, which must exist before the stage refers to them.
    for (const route of routes) cfnStage.node.addDependency(route);

    new CfnOutput(this, 'AdminApiUrl', {
      description: 'Base URL of the admin API (append /v1/...)',
      value: this.api.apiEndpoint,
    });
  }

  /** The environment variables of what `settings` name, for those the stack was given. */
  private environmentFor(
    settings: readonly RouteSetting[],
    props: AdminApiStackProps,
  ): Record<string, string> {
    const environment: Record<string, string> = {};
    if (settings.includes('defaultPhoneCountry') && props.defaultPhoneCountry) {
      environment[ENV.defaultPhoneCountry] = props.defaultPhoneCountry;
    }
    if (settings.includes('publicBaseUrl') && props.publicBaseUrl) {
      environment[ENV.publicBaseUrl] = props.publicBaseUrl;
      if (props.unsubscribeMailto) environment[ENV.unsubscribeMailto] = props.unsubscribeMailto;
    }
    return environment;
  }

  /**
   * PARTNER_ADMIN_ROUTES, each in its own function with only its route's ports and settings: the link builder
   * signs with the keyring, reads tenant settings only to check a topic, and needs the public base URL; the filtered-contacts route queries
   * run-report partitions.
   */
  private mountPartnerRoutes(props: AdminApiStackProps) {
    return PARTNER_ADMIN_ROUTES.flatMap((route) => {
      const name = route.entry
        .replace(/^.*\/|\.ts$/g, '')
        .replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
      const handler = new ServiceFunction(this, `${name}Function`, {
        entry: route.entry,
        description: `Quietlist admin API: ${routeKeyOf(route)}`,
        table: props.table,
        // Only the routes that seal or hash read the keyring: the filtered-contacts route reads reports alone.
        ...('keyring' in route ? { keys: props.keys } : {}),
        budget: TIME_BUDGETS[route.budget],
        logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
        environment: this.environmentFor('settings' in route ? route.settings : [], props),
      }).function;
      grantPorts(handler, props.table, route.ports);
      this.functions[name] = handler;
      return this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${name}Integration`, handler),
      });
    });
  }
}
