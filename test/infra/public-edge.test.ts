import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack';
import { PublicApiStack } from '../../infra/stacks/public-api-stack';
import { PER_IP_RULE, PublicWafStack } from '../../infra/stacks/public-waf-stack';
import { type CfnJson, resourcesOf, type SynthesizedApp, synthApp } from '../support/synth-app';

/** AWS's managed CloudFront policies, by the ids CloudFormation takes. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/quietlist/0a1b2c3d';
const EAST_CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const publicApi = (props: Partial<ConstructorParameters<typeof PublicApiStack>[2]> = {}) => {
  const app = new App({ context: NO_BUNDLING });
  const data = new DataStack(app, 'Data');
  const stack = new PublicApiStack(app, 'PublicApi', {
    table: data.table,
    keys: data.keys,
    rateLimit: 20,
    burstLimit: 40,
    ...props,
  });
  return { stack, template: Template.fromStack(stack) };
};

const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

const distributionConfig = (template: Template): CfnJson =>
  only(Object.values(template.findResources('AWS::CloudFront::Distribution'))).Properties.DistributionConfig;

describe('the public API behind CloudFront and AWS WAF', () => {
  const { template } = publicApi({ edge: { webAclArn: WEB_ACL_ARN } });

  it('puts a distribution guarded by the web ACL in front of the API', () => {
    const config = distributionConfig(template);
    expect(config.WebACLId).toBe(WEB_ACL_ARN);
    const origin = only<CfnJson>(config.Origins);
    // The API's own host (`https://<id>.execute-api...`, third `/`-part), over HTTPS only.
    expect(origin.DomainName).toEqual({
      'Fn::Select': [
        2,
        { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] }] },
      ],
    });
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('caches nothing and forwards what the page needs: every method, the body, all viewer headers but Host', () => {
    const behavior = distributionConfig(template).DefaultCacheBehavior;
    expect(behavior.CachePolicyId).toBe(CACHING_DISABLED);
    expect(behavior.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'POST']));
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    // The function's security headers pass untouched: no response headers policy rewrites them.
    expect(behavior.ResponseHeadersPolicyId).toBeUndefined();
    template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 0);
  });

  it('keeps the stage throttle as the backstop', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('builds links on the distribution, and names the direct API URL as one never to publish', () => {
    const distribution = only(Object.keys(template.findResources('AWS::CloudFront::Distribution')));
    template.hasOutput('PublicBaseUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] },
    });
    template.hasOutput('DirectApiUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Api'), 'ApiEndpoint'] },
    });
  });

  it('serves a custom domain from the distribution, with its us-east-1 certificate, and no API domain', () => {
    const custom = publicApi({
      edge: { webAclArn: WEB_ACL_ARN },
      customDomain: { domainName: 'unsubscribe.example.com', certificateArn: EAST_CERTIFICATE },
    });
    const config = distributionConfig(custom.template);
    expect(config.Aliases).toEqual(['unsubscribe.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: EAST_CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    custom.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    expect(custom.stack.publicBaseUrl).toBe('https://unsubscribe.example.com');
    custom.template.hasOutput('PublicDomainHostedZoneId', { Value: 'Z2FDTNDATAQYW2' });
  });

  it('has no distribution without a web ACL: links point at the API', () => {
    const plain = publicApi();
    plain.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(plain.stack.distribution).toBeUndefined();
  });
});

describe('the web ACL stack', () => {
  const app = new App();
  const stack = new PublicWafStack(app, 'Waf', { stackName: 'quietlist-test-public-waf', rateLimit: 250 });
  const template = Template.fromStack(stack);

  it('lives in us-east-1, where CloudFront reads web ACLs from', () => {
    expect(stack.region).toBe('us-east-1');
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
  });

  it('answers an IP address over the configured limit in five minutes with 429 and Retry-After', () => {
    const acl = only(Object.values(template.findResources('AWS::WAFv2::WebACL')));
    const rule = only<CfnJson>(acl.Properties.Rules);
    expect(rule.Name).toBe(PER_IP_RULE);
    expect(rule.Statement).toEqual({
      RateBasedStatement: { AggregateKeyType: 'IP', Limit: 250, EvaluationWindowSec: 300 },
    });
    expect(rule.Action.Block.CustomResponse).toMatchObject({
      ResponseCode: 429,
      ResponseHeaders: expect.arrayContaining([{ Name: 'retry-after', Value: '300' }]),
    });
    expect(rule.VisibilityConfig).toMatchObject({
      CloudWatchMetricsEnabled: true,
      SampledRequestsEnabled: true,
    });
  });

  it("gives other regions its ARN through Fn::GetStackOutput of this stack's output", () => {
    template.hasOutput('WebAclArn', { Value: { 'Fn::GetAtt': ['WebAcl', 'Arn'] } });
    expect(stack.resolve(stack.webAclArnReference)).toEqual({
      'Fn::GetStackOutput': {
        StackName: 'quietlist-test-public-waf',
        OutputName: 'WebAclArn',
        Region: 'us-east-1',
      },
    });
  });
});

describe('CloudFront and the web ACL in the app', () => {
  const distributions = (app: SynthesizedApp) => resourcesOf(app, 'AWS::CloudFront::Distribution');
  const publicDistribution = (app: SynthesizedApp) =>
    distributions(app).filter((distribution) => distribution.stack === 'QuietlistPublicApi');
  const webAcls = (app: SynthesizedApp) => resourcesOf(app, 'AWS::WAFv2::WebACL');

  it('are on for the prod stage by default, and links are built on the distribution', () => {
    const app = synthApp({ 'quietlist:stage': 'prod', 'quietlist:publicWafRateLimit': '600' });
    expect(app.error?.message).toBeUndefined();
    const acl = only(webAcls(app));
    expect(acl.stack).toBe('QuietlistPublicWaf');
    expect(acl.properties.Rules[0].Statement.RateBasedStatement.Limit).toBe(600);
    const distribution = only(publicDistribution(app));
    expect(distribution.properties.DistributionConfig.WebACLId).toEqual({
      'Fn::GetStackOutput': {
        StackName: 'quietlist-prod-public-waf',
        OutputName: 'WebAclArn',
        Region: 'us-east-1',
      },
    });
    // The pre-send filter and the admin API build links on the distribution's domain.
    const linkBuilders = resourcesOf(app, 'AWS::Lambda::Function').filter(
      (fn) => fn.properties.Environment?.Variables?.QUIETLIST_PUBLIC_BASE_URL !== undefined,
    );
    expect(new Set(linkBuilders.map((fn) => fn.stack))).toEqual(
      // The filter, the admin API's link builder, and filter jobs (their chunks run the filter).
      new Set(['QuietlistFilter', 'QuietlistAdminApi', 'QuietlistJobs']),
    );
    for (const fn of linkBuilders) {
      expect(JSON.stringify(fn.properties.Environment.Variables.QUIETLIST_PUBLIC_BASE_URL)).toMatch(
        /QuietlistPublicApi|quietlist-prod-public-api/,
      );
    }
    const publicApi = app.templates.get('QuietlistPublicApi');
    expect(publicApi?.Outputs?.PublicBaseUrl?.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution.logicalId, 'DomainName'] }]],
    });
  });

  it('deploy the web ACL before the distribution that names it', () => {
    const app = synthApp({ 'quietlist:stage': 'prod' });
    const manifest = JSON.parse(readFileSync(`${app.outdir}/manifest.json`, 'utf8')) as {
      artifacts: Record<string, { dependencies?: string[]; environment?: string }>;
    };
    expect(manifest.artifacts.QuietlistPublicApi?.dependencies).toContain('QuietlistPublicWaf');
    expect(manifest.artifacts.QuietlistPublicWaf?.environment).toBe('aws://unknown-account/us-east-1');
  });

  it('are off when quietlist:publicWaf=false, and for other stages by default; the API throttle stays', () => {
    for (const context of [{ 'quietlist:stage': 'prod', 'quietlist:publicWaf': 'false' }, {}]) {
      const app = synthApp(context);
      expect(app.error?.message).toBeUndefined();
      expect(app.templates.has('QuietlistPublicWaf')).toBe(false);
      expect(webAcls(app)).toEqual([]);
      expect(publicDistribution(app)).toEqual([]);
      const stage = only(
        resourcesOf(app, 'AWS::ApiGatewayV2::Stage').filter((s) => s.stack === 'QuietlistPublicApi'),
      );
      expect(stage.properties.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      });
    }
  });

  it('keep the API throttle when on', () => {
    const app = synthApp({
      'quietlist:stage': 'prod',
      'quietlist:publicRateLimit': '80',
      'quietlist:publicBurstLimit': '160',
    });
    const stage = only(
      resourcesOf(app, 'AWS::ApiGatewayV2::Stage').filter((s) => s.stack === 'QuietlistPublicApi'),
    );
    expect(stage.properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 80,
      ThrottlingBurstLimit: 160,
    });
  });
});
