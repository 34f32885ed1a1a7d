import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { PUBLIC_WAF_WINDOW_SECONDS } from '../config';

/** Where CloudFront reads web ACLs from: a `CLOUDFRONT`-scoped web ACL can only be created in this region. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

/** The output that carries the web ACL's ARN, read by the public API stack in its own region. */
const WEB_ACL_ARN_OUTPUT = 'WebAclArn';

/** The name of the per-IP rule, also its CloudWatch metric name (namespace `AWS/WAFV2`, in us-east-1). */
export const PER_IP_RULE = 'PerIpRate';

export interface PublicWafStackProps extends Omit<StackProps, 'env'> {
  /** Requests one IP address may send in {@link PUBLIC_WAF_WINDOW_SECONDS} before it is answered 429. */
  readonly rateLimit: number;
}

/**
 * The web ACL in front of the public unsubscribe endpoint's CloudFront distribution: one rate-based rule that
 * answers an IP address sending more than `rateLimit` requests in five minutes with 429 (and `Retry-After`)
 * until its rate falls again; everything else passes to the API, whose own stage throttle stays as the backstop.
 *
 * `CLOUDFRONT`-scoped web ACLs exist only in us-east-1, so this small stack is pinned there (its account stays the
 * CLI's, as for every other stack) while the service stacks stay environment-agnostic. The public API stack reads
 * the ARN with CloudFormation's `Fn::GetStackOutput` ({@link webAclArnReference}), which crosses regions without
 * custom resources and without giving the other stacks an explicit region (docs/decisions.md, "Public edge").
 */
export class PublicWafStack extends Stack {
  readonly webAcl: CfnWebACL;
  /**
   * The web ACL's ARN for a stack of any region: `Fn::GetStackOutput` of this stack's output in us-east-1,
   * resolved by CloudFormation when the consuming stack deploys. Deploy this stack first (`addDependency`).
   */
  readonly webAclArnReference: string;

  constructor(scope: Construct, id: string, props: PublicWafStackProps) {
    super(scope, id, { ...props, env: { region: CLOUDFRONT_WAF_REGION } });
    const metrics = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      description: 'Quietlist public unsubscribe endpoint: per-IP rate limit in front of the API throttle',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metrics('QuietlistPublic'),
      customResponseBodies: {
        TooManyRequests: {
          contentType: 'TEXT_PLAIN',
          content: 'Too many requests from your address. Please try again in a few minutes.\n',
        },
      },
      rules: [
        {
          name: PER_IP_RULE,
          priority: 0,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.rateLimit,
              evaluationWindowSec: PUBLIC_WAF_WINDOW_SECONDS,
            },
          },
          // 429 with Retry-After, not WAF's default 403: a mail provider's one-click sender retries a 429 later.
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'TooManyRequests',
                responseHeaders: [
                  { name: 'retry-after', value: String(PUBLIC_WAF_WINDOW_SECONDS) },
                  { name: 'cache-control', value: 'no-store' },
                ],
              },
            },
          },
          visibilityConfig: metrics(PER_IP_RULE),
        },
      ],
    });
    new CfnOutput(this, WEB_ACL_ARN_OUTPUT, {
      description: "The public endpoint's web ACL (CLOUDFRONT scope), read by the public API stack",
      value: this.webAcl.attrArn,
    });
    this.webAclArnReference = Fn.getStackOutput(this.stackName, WEB_ACL_ARN_OUTPUT, CLOUDFRONT_WAF_REGION);
  }
}
