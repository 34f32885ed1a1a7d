import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Fn } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, PARTNER_ADMIN_ROUTES } from '#shared/admin-api-contract';
import { CONSOLE_BASE_PATH, ConsoleStack, type ConsoleStackProps } from '../../infra/stacks/console-stack';
import {
  type CfnJson,
  type CfnTemplate,
  cdkJsonContext,
  fakeConsoleDist,
  PRODUCTION_CONTEXT,
  resourcesOf,
  type SynthesizedApp,
  synthApp,
} from '../support/synth-app';

const API_URL = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example';
const COGNITO_DOMAIN = 'https://quietlist-example.auth.eu-west-1.amazoncognito.com';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/1b2c3d4e-5f60-7890-bcde-f01234567890';

interface Built {
  readonly template: Template;
  readonly json: CfnTemplate;
  readonly outdir: string;
}

/** The console stack alone, synthesized with cdk.json's feature flags, and where its assets were written. */
const buildConsole = (props: Partial<ConsoleStackProps> = {}): Built => {
  const app = new App({ context: cdkJsonContext() });
  const stack = new ConsoleStack(app, 'Console', {
    distPath: fakeConsoleDist(),
    apiUrl: API_URL,
    oidcIssuer: ISSUER,
    ...props,
  });
  const assembly = app.synth();
  const json = assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
  return {
    template: Template.fromJSON(json as unknown as Record<string, unknown>),
    json,
    outdir: assembly.directory,
  };
};

const resources = (json: CfnTemplate, type: string) =>
  Object.entries(json.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties as CfnJson }));

const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

/** The Custom::CDKBucketDeployment whose logical id starts with `prefix`. */
const deployment = (json: CfnTemplate, prefix: string) =>
  only(resources(json, 'Custom::CDKBucketDeployment').filter((r) => r.logicalId.startsWith(prefix)));

/**
 * The config.json a deploy would write: the file staged by `Source.jsonData`, with each deploy-time marker
 * replaced by the CloudFormation value it stands for (a literal string, or a `Ref`/`Fn::ImportValue`).
 */
const configJsonOf = (json: CfnTemplate, outdir: string): CfnJson => {
  const pages = deployment(json, 'DeployPages').properties;
  const keys = pages.SourceObjectKeys as string[];
  const index = keys.findIndex((key) =>
    existsSync(join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json')),
  );
  expect(index, 'config.json is one of the page deployment sources').toBeGreaterThanOrEqual(0);
  const text = readFileSync(
    join(outdir, `asset.${(keys[index] as string).replace(/\.zip$/, '')}`, 'config.json'),
    'utf8',
  );
  const markers: Record<string, CfnJson> = pages.SourceMarkers?.[index] ?? {};
  const parsed = JSON.parse(text.replace(/<<marker:0xbaba:\d+>>/g, (marker) => JSON.stringify({ marker })));
  const resolve = (value: CfnJson): CfnJson => {
    if (value && typeof value === 'object' && typeof value.marker === 'string') {
      // A marker stands for a JSON string: `"` + value + `"`, joined by CloudFormation.
      const joined = markers[value.marker]['Fn::Join'][1] as CfnJson[];
      expect([joined[0], joined.at(-1)]).toEqual(['"', '"']);
      return joined.length === 3 ? joined[1] : { 'Fn::Join': ['', joined.slice(1, -1)] };
    }
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
    return value;
  };
  return resolve(parsed);
};

describe('the console stack', () => {
  let custom: Built;
  let plain: Built;

  beforeAll(() => {
    custom = buildConsole({
      customDomain: { domainName: 'console.example.com', certificateArn: CERTIFICATE },
      oidcClientId: 'admin-console',
      oidcScope: 'openid email',
      oidcConnectOrigins: [COGNITO_DOMAIN],
    });
    plain = buildConsole();
  }, 120_000);

  it('keeps the files private: public access blocked, encrypted, versioned, SSL only, access-logged', () => {
    const buckets = resources(custom.json, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const bucket of buckets) {
      expect(bucket.properties.PublicAccessBlockConfiguration, bucket.logicalId).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ]);
      expect(
        bucket.properties.AccessControl,
        'no canned ACL that a stack update would reapply',
      ).toBeUndefined();
    }
    const files = only(buckets.filter((bucket) => bucket.logicalId.startsWith('Files')));
    expect(files.properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(files.properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) },
      LogFilePrefix: 's3/',
    });
    const logs = only(buckets.filter((bucket) => bucket.logicalId.startsWith('AccessLogs')));
    expect(logs.properties.LifecycleConfiguration.Rules).toEqual([
      { ExpirationInDays: 90, Status: 'Enabled' },
    ]);
    for (const policy of resources(custom.json, 'AWS::S3::BucketPolicy')) {
      expect(policy.properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets only the distribution read the files, through origin access control (no OAI, no public policy)', () => {
    custom.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const control = only(resources(custom.json, 'AWS::CloudFront::OriginAccessControl'));
    expect(control.properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const distribution = only(resources(custom.json, 'AWS::CloudFront::Distribution'));
    expect(distribution.properties.DistributionConfig.Origins).toEqual([
      expect.objectContaining({
        DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^Files/), 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [control.logicalId, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      }),
    ]);
    const filesPolicy = only(
      resources(custom.json, 'AWS::S3::BucketPolicy').filter((p) =>
        p.properties.Bucket.Ref.startsWith('Files'),
      ),
    );
    const allows = (filesPolicy.properties.PolicyDocument.Statement as CfnJson[]).filter(
      (statement) => statement.Effect === 'Allow',
    );
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: expect.anything(),
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', expect.arrayContaining([{ Ref: distribution.logicalId }])],
            },
          },
        },
      },
    ]);
  });

  it('serves HTTPS only (HTTP redirects), over HTTP/2 and 3, TLS 1.2+ on the custom domain', () => {
    const config = only(resources(custom.json, 'AWS::CloudFront::Distribution')).properties
      .DistributionConfig;
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.Aliases).toEqual(['console.example.com']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    const withoutDomain = only(resources(plain.json, 'AWS::CloudFront::Distribution')).properties
      .DistributionConfig;
    expect(withoutDomain.Aliases).toBeUndefined();
    expect(withoutDomain.HttpVersion).toBe('http2and3');
  });

  it('sends a strict CSP, HSTS for two years and the other security headers on every response', () => {
    const policy = only(resources(custom.json, 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policy.properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
      ContentSecurityPolicy: {
        ContentSecurityPolicy:
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
          `connect-src 'self' ${API_URL} https://cognito-idp.eu-west-1.amazonaws.com ${COGNITO_DOMAIN}; ` +
          "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        Override: true,
      },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
    const behavior = only(resources(custom.json, 'AWS::CloudFront::Distribution')).properties
      .DistributionConfig.DefaultCacheBehavior;
    expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policy.logicalId });
    expect(
      only(resources(custom.json, 'AWS::CloudFront::Distribution')).properties.DistributionConfig,
    ).not.toHaveProperty('CacheBehaviors');
  });

  it('names the API and issuer origins in the CSP when their URLs are known only at deploy time', () => {
    const { json } = buildConsole({
      apiUrl: Fn.importValue('AdminApiUrl'),
      oidcIssuer: Fn.importValue('Issuer'),
    });
    const csp = only(resources(json, 'AWS::CloudFront::ResponseHeadersPolicy')).properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const hostOf = (name: string) => ({
      'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::ImportValue': name }] }],
    });
    expect(csp).toEqual({
      'Fn::Join': [
        '',
        [
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self' https://",
          hostOf('AdminApiUrl'),
          ' https://',
          hostOf('Issuer'),
          "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ],
      ],
    });
  });

  it('lets the console upload to the origins it is given (the jobs bucket), and to nothing else', () => {
    const csp = (built: Built) =>
      only(resources(built.json, 'AWS::CloudFront::ResponseHeadersPolicy')).properties
        .ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy as string;
    const bucket = 'https://quietlist-jobs.s3.eu-west-1.amazonaws.com';
    expect(csp(buildConsole({ uploadOrigins: [bucket] }))).toContain(
      `connect-src 'self' ${API_URL} https://cognito-idp.eu-west-1.amazonaws.com ${bucket};`,
    );
    expect(csp(buildConsole())).not.toContain('s3.');
  });

  it('serves the app for client routes: 403 and 404 from S3 become /console/index.html, 200, never cached', () => {
    const config = only(resources(custom.json, 'AWS::CloudFront::Distribution')).properties
      .DistributionConfig;
    expect(config.CustomErrorResponses).toEqual(
      [403, 404].map((code) => ({
        ErrorCode: code,
        ResponseCode: 200,
        ResponsePagePath: '/console/index.html',
        ErrorCachingMinTTL: 0,
      })),
    );
  });

  it('redirects / to /console/ and answers /console/ with its index.html (a viewer-request function)', () => {
    const fn = only(resources(custom.json, 'AWS::CloudFront::Function'));
    expect(fn.properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const behavior = only(resources(custom.json, 'AWS::CloudFront::Distribution')).properties
      .DistributionConfig.DefaultCacheBehavior;
    expect(behavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn.logicalId, 'FunctionARN'] } },
    ]);
    const handler = new Function(`${fn.properties.FunctionCode}\nreturn handler;`)() as (
      event: CfnJson,
    ) => CfnJson;
    const request = (uri: string) => handler({ request: { uri, method: 'GET', headers: {} } });
    for (const uri of ['/', '/console']) {
      expect(request(uri)).toMatchObject({
        statusCode: 301,
        headers: { location: { value: CONSOLE_BASE_PATH } },
      });
    }
    expect(request('/console/').uri).toBe('/console/index.html');
    for (const uri of [
      '/console/index.html',
      '/console/config.json',
      '/console/assets/index-Ab12.js',
      '/console/x',
    ]) {
      expect(request(uri).uri).toBe(uri);
    }
  });

  it('caches hashed assets for a year and revalidates index.html and config.json on every load', () => {
    const assets = deployment(custom.json, 'DeployAssets');
    expect(assets.properties).toMatchObject({
      DestinationBucketKeyPrefix: 'console/',
      Exclude: ['*'],
      Include: ['assets/*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    const pages = deployment(custom.json, 'DeployPages');
    expect(pages.properties).toMatchObject({
      DestinationBucketKeyPrefix: 'console/',
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(pages.properties.Include).toBeUndefined();
    // The pages (which name the assets) land after the assets they name.
    expect(custom.json.Resources[pages.logicalId]).toMatchObject({
      DependsOn: expect.arrayContaining([assets.logicalId]),
    });
    // CloudFront keeps what the objects say: no default TTL for an object without Cache-Control.
    expect(
      only(resources(custom.json, 'AWS::CloudFront::CachePolicy')).properties.CachePolicyConfig,
    ).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 31_536_000,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingBrotli: true,
        EnableAcceptEncodingGzip: true,
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      },
    });
  });

  it('writes config.json beside the files: the admin API URL and the OIDC client', () => {
    expect(configJsonOf(custom.json, custom.outdir)).toEqual({
      apiUrl: API_URL,
      oidc: { issuer: ISSUER, clientId: 'admin-console', scope: 'openid email' },
    });
  });

  it('asks for the OIDC client id at deploy time when the configuration has none', () => {
    expect(Object.keys(plain.template.findParameters('OidcClientId'))).toEqual(['OidcClientId']);
    expect(configJsonOf(plain.json, plain.outdir)).toEqual({
      apiUrl: API_URL,
      oidc: { issuer: ISSUER, clientId: { Ref: 'OidcClientId' } },
    });
  });

  it('runs the deployment with a role and a log group of its own, no managed policy', () => {
    const role = only(resources(custom.json, 'AWS::IAM::Role'));
    expect(role.properties.ManagedPolicyArns).toBeUndefined();
    const handler = only(resources(custom.json, 'AWS::Lambda::Function'));
    expect(handler.properties.Role).toEqual({ 'Fn::GetAtt': [role.logicalId, 'Arn'] });
    const logGroup = only(resources(custom.json, 'AWS::Logs::LogGroup'));
    expect(handler.properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup.logicalId } });
    expect(logGroup.properties.RetentionInDays).toBe(90);
    custom.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroup.logicalId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('outputs the console URL and its origin', () => {
    expect(custom.json.Outputs?.ConsoleUrl?.Value).toBe('https://console.example.com/console/');
    expect(custom.json.Outputs?.ConsoleOrigin?.Value).toBe('https://console.example.com');
    expect(plain.json.Outputs?.ConsoleOrigin?.Value).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^Distribution/), 'DomainName'] }],
      ],
    });
  });

  it('refuses to synthesize without a built console, naming the script that builds it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'quietlist-console-empty-'));
    expect(
      () => new ConsoleStack(new App(), 'Console', { distPath: empty, apiUrl: API_URL, oidcIssuer: ISSUER }),
    ).toThrow(/not built.*npm run build:console/s);
  });
});

describe('the console in the app', () => {
  const consoleOrigin = 'https://d111111abcdef8.cloudfront.net';
  let production: SynthesizedApp;
  let cloudFrontOrigin: SynthesizedApp;
  let fresh: SynthesizedApp;

  beforeAll(() => {
    production = synthApp(PRODUCTION_CONTEXT);
    cloudFrontOrigin = synthApp({ 'quietlist:consoleOrigin': consoleOrigin });
    fresh = synthApp();
  }, 180_000);

  const template = (app: SynthesizedApp, stack: string) => {
    const found = app.templates.get(stack);
    expect(found, `${stack} synthesized (${app.error?.message ?? 'no error'})`).toBeDefined();
    return found as CfnTemplate;
  };
  const corsOf = (app: SynthesizedApp) =>
    only(resourcesOf(app, 'AWS::ApiGatewayV2::Api').filter((api) => api.stack === 'QuietlistAdminApi'))
      .properties.CorsConfiguration;

  it('writes the admin API URL into config.json, imported from the admin API stack', () => {
    const json = template(production, 'QuietlistConsole');
    const config = configJsonOf(json, production.outdir);
    const exportName = config.apiUrl['Fn::ImportValue'] as string;
    const exported = Object.values(template(production, 'QuietlistAdminApi').Outputs ?? {}).find(
      (output) => (output as CfnJson).Export?.Name === exportName,
    );
    expect(exported?.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] });
    expect(config.oidc).toEqual({
      issuer: PRODUCTION_CONTEXT['quietlist:jwtIssuer'],
      clientId: 'admin-console',
      scope: 'openid email',
    });
  });

  it("lets the admin API's CORS allow exactly the console's origin, with the routes' methods", () => {
    const cors = corsOf(production);
    expect(cors).toEqual({
      AllowOrigins: ['https://console.example.com'],
      AllowMethods: [...new Set([...ADMIN_ROUTES, ...PARTNER_ADMIN_ROUTES].map((route) => route.method))],
      AllowHeaders: ['authorization', 'content-type'],
      ExposeHeaders: ['x-next-cursor', 'content-disposition'],
      MaxAge: 7200,
    });
    expect(JSON.stringify(cors)).not.toContain('*');
    expect(template(production, 'QuietlistConsole').Outputs?.ConsoleOrigin?.Value).toBe(
      'https://console.example.com',
    );
  });

  it('leaves the preflight to API Gateway: no OPTIONS or ANY route that the JWT authorizer would guard', () => {
    const keys = resourcesOf(production, 'AWS::ApiGatewayV2::Route')
      .filter((route) => route.stack === 'QuietlistAdminApi')
      .map((route) => route.properties.RouteKey as string);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => /^(OPTIONS|ANY) |^\$default$/.test(key))).toEqual([]);
  });

  it("allows the distribution's own domain when it is given as quietlist:consoleOrigin", () => {
    expect(corsOf(cloudFrontOrigin).AllowOrigins).toEqual([consoleOrigin]);
  });

  it('allows no origin at all until one is configured, and warns at synth', () => {
    const warnings = (app: SynthesizedApp) =>
      Object.values<{ type: string; data: unknown }[]>(
        JSON.parse(readFileSync(join(app.outdir, 'QuietlistConsole.metadata.json'), 'utf8')),
      )
        .flat()
        .filter((entry) => entry.type === 'aws:cdk:warning')
        .map((entry) => String(entry.data));
    expect(corsOf(fresh)).toBeUndefined();
    expect(warnings(fresh)).toEqual([expect.stringContaining('-c quietlist:consoleOrigin=https://')]);
    expect(warnings(production)).toEqual([]);
  });

  it('has no dependency cycle: the console depends on the admin API, which imports nothing from it', () => {
    const manifest = JSON.parse(readFileSync(join(production.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.QuietlistConsole.dependencies).toContain('QuietlistAdminApi');
    expect(manifest.artifacts.QuietlistAdminApi.dependencies ?? []).not.toContain('QuietlistConsole');
    expect(JSON.stringify(template(production, 'QuietlistAdminApi'))).not.toContain('quietlist-prod-console');
  });
});
