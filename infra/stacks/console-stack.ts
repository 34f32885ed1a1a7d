import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CfnOutput,
  CfnParameter,
  DefaultStackSynthesizer,
  Duration,
  Fn,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { CustomDomain } from '../config';

/** The path the console is served under, on CloudFront as locally (`local/`): Vite's `base`. */
export const CONSOLE_BASE_PATH = '/console/';

/** Where the console's files live in the bucket: the base path without its slashes, so URL path = object key. */
const KEY_PREFIX = CONSOLE_BASE_PATH.slice(1);

/** What `npm run build:console` writes (Vite's `build.outDir`), relative to the repository root. */
export const CONSOLE_DIST = 'console/dist';

/** The context key of the bootstrap qualifier (`cdk bootstrap --qualifier`), which names the assets bucket. */
const BOOTSTRAP_QUALIFIER_CONTEXT = '@aws-cdk/core:bootstrapQualifier';

/** The console's runtime configuration, `<base path>config.json`, which the console fetches before it starts. */
export interface ConsoleRuntimeConfig {
  /** Base URL of the admin API, without a trailing slash: the console appends `/v1/...`. */
  readonly apiUrl: string;
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scope?: string };
}

/** Cache-Control of the hashed files under `assets/`: a new build writes new names, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control of everything else (index.html, config.json): revalidated on every load, so a deploy shows. */
export const REVALIDATE = 'no-cache';

export interface ConsoleStackProps extends StackProps {
  /**
   * The built console: a folder holding `index.html` and `assets/` (Vite's output, `console/dist`). Tests give a
   * folder of their own. It must exist at synth time.
   */
  readonly distPath: string;
  /** Base URL of the admin API (AdminApiStack's endpoint), for config.json and the CSP's `connect-src`. */
  readonly apiUrl: string;
  /** The OIDC issuer the console signs in with: the admin API's JWT issuer (a literal or a deploy-time value). */
  readonly oidcIssuer: string;
  /** The console's OIDC app client id. Unset: the CloudFormation parameter `OidcClientId`, given at deploy time. */
  readonly oidcClientId?: string;
  /** Scopes the console asks for (space-separated). Unset: config.json has none, the console uses its default. */
  readonly oidcScope?: string;
  /** Origins beside the issuer's that the OIDC client calls (a Cognito user pool domain). @default none */
  readonly oidcConnectOrigins?: readonly string[];
  /**
   * Origins the console uploads to and reads from outside the API: the jobs bucket, which import files are PUT to
   * through presigned URLs (JobsStack's bucket, `https://<bucket>.s3.<region>.amazonaws.com`). @default none
   */
  readonly uploadOrigins?: readonly string[];
  /** Serve the console on this domain; the certificate must be in us-east-1. @default the distribution's domain */
  readonly customDomain?: CustomDomain;
  /** Retention of the deployment function's log and of the access logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/** Fails, naming the script that builds it, unless `distPath` holds a built console (its index.html). */
export const assertConsoleBuilt = (distPath: string): void => {
  if (!existsSync(join(distPath, 'index.html'))) {
    throw new Error(
      `The admin console is not built: ${join(distPath, 'index.html')} does not exist. ` +
        'Run `npm run build:console` before `cdk synth` or `cdk deploy`.',
    );
  }
};

/** `https://host` of a URL: computed at synth time for a literal, by CloudFormation for a deploy-time value. */
export const originOf = (url: string): string =>
  Token.isUnresolved(url) ? Fn.join('', ['https://', Fn.select(2, Fn.split('/', url))]) : new URL(url).origin;

/** The Content-Security-Policy every response carries: the console's own files, and calls to these origins. */
export const contentSecurityPolicy = (connectOrigins: readonly string[]): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');

/**
 * Runs on every viewer request: `/` and `/console` redirect to the base path, and the base path itself is its
 * index.html. Client routes below it (`/console/suppressions`) are no object: S3 answers 403, and the
 * distribution's error responses serve index.html with 200.
 */
const VIEWER_REQUEST = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '${CONSOLE_BASE_PATH.slice(0, -1)}') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '${CONSOLE_BASE_PATH}' } } };
  }
  if (request.uri === '${CONSOLE_BASE_PATH}') request.uri = '${CONSOLE_BASE_PATH}index.html';
  return request;
}`;

/**
 * The admin console: its static files in a private, versioned, encrypted bucket that only the distribution may
 * read (origin access control), served by CloudFront over HTTPS (HTTP/2 and 3) under `/console/` with a strict
 * CSP, HSTS and the other security headers on every response, and its runtime configuration (`config.json`: the
 * admin API's URL and the OIDC client) written at deploy time beside the files. Hashed assets are cached for a
 * year; index.html and config.json are revalidated on every load.
 *
 * It depends on the admin API stack (for its URL), never the other way round: the admin API's CORS origin comes
 * from the stage configuration (docs/decisions.md, "Admin console").
 */
export class ConsoleStack extends Stack {
  readonly bucket: IBucket;
  readonly distribution: Distribution;
  /** `https://<host>`: what the admin API's CORS must allow. */
  readonly origin: string;
  /** The console's address: `<origin>/console/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    assertConsoleBuilt(props.distPath);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    // aws-cdk-lib's Bucket declares `isWebsite` as `boolean | undefined`, which its own IBucket rejects under
    // exactOptionalPropertyTypes (as in DataStack): the casts are where the two meet.
    const accessLogBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL grant, which needs ACLs enabled on the target bucket.
      // S3's server access logs arrive through a bucket policy instead (cdk.json's
      // `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`): the LogDeliveryWrite canned ACL would be reapplied by
      // every stack update, over the grant CloudFront adds.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(retention) }],
    });
    const accessLogs = accessLogBucket as unknown as IBucket;
    Validations.of(accessLogBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        "AccessLogs is the target of the console bucket's server access logs and the distribution's " +
        'standard logs; logging its own writes would log every log delivery.',
    });

    const files = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 's3/',
      // Versions replaced by a deploy are kept for a rollback by hand, not forever.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.bucket = files as unknown as IBucket;

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Quietlist console: CSP, HSTS and the other security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy([
            originOf(props.apiUrl),
            originOf(props.oidcIssuer),
            ...(props.oidcConnectOrigins ?? []),
            ...(props.uploadOrigins ?? []),
          ]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });

    // The origin decides: objects carry their Cache-Control (IMMUTABLE or REVALIDATE), and an object without one
    // is not cached.
    const cachePolicy = new CachePolicy(this, 'FollowOrigin', {
      comment: 'Quietlist console: as the object Cache-Control says (assets a year, pages revalidated)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Quietlist admin console (${CONSOLE_BASE_PATH})`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, 'BasePath', {
              comment: `Quietlist console: / to ${CONSOLE_BASE_PATH}, ${CONSOLE_BASE_PATH} to its index.html`,
              runtime: FunctionRuntime.JS_2_0,
              code: FunctionCode.fromInline(VIEWER_REQUEST),
            }),
          },
        ],
      },
      // A client route is no object; without s3:ListBucket S3 answers 403 rather than 404. Both serve the app,
      // which routes on the path; never cached, so a deploy shows at once.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: `${CONSOLE_BASE_PATH}index.html`,
        ttl: Duration.seconds(0),
      })),
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'The console Distribution serves static files to admins wherever they work; who may act is decided ' +
          "by OIDC sign-in and the admin API's JWT authorizer, not by country.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'The console Distribution serves only static, public-by-design files (no server-side code, no data); ' +
          'every data request goes to the JWT-authorized, throttled admin API, so a WAF web ACL would guard ' +
          'nothing that needs it.',
      },
      ...(domain
        ? []
        : [
            {
              id: 'AwsSolutions::AwsSolutions-CFR4',
              reason:
                'Without quietlist:consoleDomain the Distribution uses the *.cloudfront.net certificate, whose ' +
                'minimum TLS version CloudFront fixes; a custom domain gets TLSv1.2_2021 (docs/deploy.md).',
            },
          ]),
    );

    this.origin = domain
      ? `https://${domain.domainName}`
      : `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}${CONSOLE_BASE_PATH}`;

    const clientId =
      props.oidcClientId ??
      new CfnParameter(this, 'OidcClientId', {
        type: 'String',
        description: "Client id of the admin console's OIDC app client (public client, code flow with PKCE)",
      }).valueAsString;
    const config: ConsoleRuntimeConfig = {
      apiUrl: props.apiUrl,
      oidc: {
        issuer: props.oidcIssuer,
        clientId,
        ...(props.oidcScope === undefined ? {} : { scope: props.oidcScope }),
      },
    };
    this.deployFiles(props.distPath, config, retention);

    new CfnOutput(this, 'ConsoleUrl', {
      description: "The admin console; register <ConsoleUrl>callback as the OIDC client's callback URL",
      value: this.url,
    });
    new CfnOutput(this, 'ConsoleOrigin', {
      description: domain
        ? `The console's origin, which the admin API's CORS allows; point ${domain.domainName} at ConsoleDomainTarget`
        : "The console's origin: give it as quietlist:consoleOrigin so that the admin API's CORS allows it",
      value: this.origin,
    });
    if (domain) {
      new CfnOutput(this, 'ConsoleDomainTarget', {
        description: `Point ${domain.domainName} here (CNAME, or a Route 53 alias with zone Z2FDTNDATAQYW2)`,
        value: this.distribution.distributionDomainName,
      });
    }
    new CfnOutput(this, 'ConsoleBucketName', {
      description: "The console's files (under console/), written by each deploy",
      value: this.bucket.bucketName,
    });
  }

  /**
   * Two deployments into `console/`: the hashed assets first, immutable and never pruned (a tab still open on the
   * previous index.html loads its chunks lazily), then everything else with config.json, revalidated, pruning
   * what the build no longer has (but not the assets). One role and one log group serve both: CDK runs them in one
   * function.
   */
  private deployFiles(distPath: string, config: ConsoleRuntimeConfig, retention: RetentionDays) {
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention });
    // Its own role rather than AWSLambdaBasicExecutionRole (any log group); the deployments grant it the buckets.
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Quietlist: copies the admin console files and config.json into the console bucket',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const build = Source.asset(distPath);
    const common = { destinationBucket: this.bucket, destinationKeyPrefix: KEY_PREFIX, role, logGroup };
    const assets = new BucketDeployment(this, 'DeployAssets', {
      ...common,
      sources: [build],
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE)],
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      ...common,
      sources: [build, Source.jsonData('config.json', config)],
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.fromString(REVALIDATE)],
    });
    pages.node.addDependency(assets);

    // What BucketDeployment grants its role, as cdk-nag names it: the bucket by logical id, and the bootstrap
    // assets bucket of the synthesizer's qualifier.
    const filesBucket = this.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const qualifier =
      (this.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    Validations.of(role).acknowledge(
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::<${filesBucket}.Arn>/*`,
        `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`,
      ].map((finding) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
        reason:
          "DeploymentRole is the role of CDK's BucketDeployment function: it syncs whole prefixes, so it " +
          'lists, reads and deletes any object of the console bucket and reads the CDK asset objects it copies.',
      })),
    );
    // CDK's BucketDeployment function (one per stack, shared by both deployments) runs the AWS CLI on the Python
    // runtime aws-cdk-lib chose for it.
    for (const child of this.node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions::AwsSolutions-L1',
          reason:
            'The Custom::CDKBucketDeployment function is aws-cdk-lib’s own (Python with the AWS CLI layer); ' +
            'its runtime is chosen and upgraded by aws-cdk-lib, and it runs only during deploys.',
        });
      }
    }
  }
}
