import { CfnOutput, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { ApiMapping, DomainName, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { suppressionPk } from '#adapters/dynamodb/keys';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { LoggedHttpStage } from '../constructs/logged-http-stage';
import { ServiceFunction } from '../constructs/service-function';
import { grantTenantSettingsRead } from '../port-grants';

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
   * Serve the endpoint (and every link) on this domain; point a CNAME or alias at the `PublicDomainTarget`
   * output. The ACM certificate is of the stack's region, or of us-east-1 with {@link edge} (CloudFront reads it
   * there). @default the distribution's domain with {@link edge}, else the API's own `execute-api` URL
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /**
   * Put a CloudFront distribution in front of the API, guarded by this AWS WAF web ACL (`CLOUDFRONT` scope, from
   * PublicWafStack), and build every link on the distribution. The stage throttle stays as the backstop.
   * @default none: links point at the API itself
   */
  readonly edge?: { readonly webAclArn: string };
  /** Retention of the function's and the access logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/** Partition keys the function may touch, as IAM `StringLike` patterns built by the one keys module. */
const ANY = '*';
const SUPPRESSIONS = suppressionPk(ANY, 'email', ANY).replace('#email#', `#${ANY}#`);

/** The path of every unsubscribe link; it may never change, since links already sent carry it. */
export const UNSUBSCRIBE_ROUTE = '/u/{token}';

/**
 * The public unsubscribe endpoint: an HTTP API with `GET`, `HEAD`, `OPTIONS` and `POST /u/{token}` (no
 * authorizer: the sealed token is the recipient's only credential), stage throttling, JSON access logs that never
 * hold the path (the token is in it), and one function that may read tenant settings and read and write
 * suppression entries and their events, nothing else. With `edge`, a CloudFront distribution guarded by an AWS WAF
 * web ACL sits in front, and links point at it.
 */
export class PublicApiStack extends Stack {
  readonly api: HttpApi;
  readonly function: NodejsFunction;
  /** The CloudFront distribution in front of the API, when {@link PublicApiStackProps.edge} is given. */
  readonly distribution?: Distribution;
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

    // R1 reads, W1/W2/W3 writes (TransactWriteItems is authorised per contained action): the table alone, no
    // index, suppression partitions only. The internet's one function reads tenant settings (R11) and never writes
    // them: a compromised page cannot change a workspace's name, topics or rules.
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
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SUPPRESSIONS] } },
      }),
    );
    grantTenantSettingsRead(this.function, props.table);
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
    if (props.edge) {
      this.distribution = this.addEdge(props.edge.webAclArn, props.customDomain);
      this.publicBaseUrl = props.customDomain
        ? `https://${props.customDomain.domainName}`
        : `https://${this.distribution.distributionDomainName}`;
    } else if (props.customDomain) {
      const domain = new DomainName(this, 'CustomDomain', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
      });
      new ApiMapping(this, 'CustomDomainMapping', { api: this.api, domainName: domain, stage });
      this.publicBaseUrl = `https://${props.customDomain.domainName}`;
      this.domainTargetOutputs(
        props.customDomain.domainName,
        domain.regionalDomainName,
        domain.regionalHostedZoneId,
      );
    }

    new CfnOutput(this, 'PublicBaseUrl', {
      description: 'Base URL of unsubscribe links (QUIETLIST_PUBLIC_BASE_URL for functions that build them)',
      value: this.publicBaseUrl,
      exportName: `${this.stackName}-PublicBaseUrl`,
    });
  }

  /**
   * CloudFront in front of the API, with the web ACL: nothing cached (every answer is per token and per request),
   * every method the route takes, and the whole viewer request forwarded but its Host (API Gateway routes on its
   * own host name): the path with the token, the POST body, `Content-Type`, `User-Agent` and `Accept-Language`,
   * plus CloudFront's `CloudFront-Viewer-Address`, the recipient's address for the evidence. The function's own
   * security headers pass through untouched.
   */
  private addEdge(webAclArn: string, domain: PublicApiStackProps['customDomain']): Distribution {
    // `https://<id>.execute-api.<region>.amazonaws.com`: the host is its third `/`-separated part.
    const apiHost = Fn.select(2, Fn.split('/', this.api.apiEndpoint));
    const distribution = new Distribution(this, 'Distribution', {
      comment: `Quietlist public unsubscribe endpoint (${UNSUBSCRIBE_ROUTE}) behind AWS WAF`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      webAclId: webAclArn,
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'Unsubscribe links are opened by recipients and mail providers in every country; refusing a country ' +
          'would refuse its recipients the opt-out the law requires.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR3',
        reason:
          "CloudFront's access logs record the URI, and the URI holds the recipient's token, which no log may " +
          "hold; the API stage's JSON access logs (route key, never the path) and the web ACL's metrics remain.",
      },
      ...(domain
        ? []
        : [
            {
              id: 'AwsSolutions::AwsSolutions-CFR4',
              reason:
                'Without quietlist:domainName the Distribution uses the *.cloudfront.net certificate, whose ' +
                'minimum TLS version CloudFront fixes; a custom domain gets TLSv1.2_2021 (docs/deploy.md).',
            },
          ]),
    );
    if (domain) {
      // CloudFront's fixed hosted zone id, for Route 53 alias records to any distribution.
      this.domainTargetOutputs(domain.domainName, distribution.distributionDomainName, 'Z2FDTNDATAQYW2');
    }
    new CfnOutput(this, 'DirectApiUrl', {
      description:
        "The API's own URL, CloudFront's origin: it bypasses the web ACL (only the stage throttle applies), so " +
        'never publish it; links use PublicBaseUrl',
      value: this.api.apiEndpoint,
    });
    return distribution;
  }

  private domainTargetOutputs(domainName: string, target: string, hostedZoneId: string): void {
    new CfnOutput(this, 'PublicDomainTarget', {
      description: `Point ${domainName} here (CNAME, or a Route 53 alias with the hosted zone id output)`,
      value: target,
    });
    new CfnOutput(this, 'PublicDomainHostedZoneId', {
      description: 'Hosted zone id of the target, for a Route 53 alias record',
      value: hostedZoneId,
    });
  }
}
