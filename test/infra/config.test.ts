import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONTEXT_KEYS, ConfigError, readConfig } from '../../infra/config';

/** The configuration an app built with this context (as `-c` gives it: strings) would read. */
const configWith = (context: Record<string, unknown> = {}) => readConfig(new App({ context }).node);

const errorWith = (context: Record<string, unknown>): string => {
  try {
    configWith(context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the context to be refused');
};

describe('the stage configuration', () => {
  it('has defaults that let an app synthesize with no context at all', () => {
    const config = configWith();
    expect(config).toEqual({
      stage: 'dev',
      transientBounces: { threshold: 3, windowDays: 7 },
      sesMirror: false,
      logRetention: RetentionDays.THREE_MONTHS,
      alarms: { unsubscribeSpike: { mode: 'static', perHour: 500 } },
      console: { oidcConnectOrigins: [] },
      throttling: CONFIG_DEFAULTS.throttling,
    });
  });

  it('reads every key from the strings that -c gives', () => {
    const config = configWith({
      [CONTEXT_KEYS.stage]: 'prod',
      [CONTEXT_KEYS.publicBaseUrl]: 'https://unsubscribe.example.com',
      [CONTEXT_KEYS.jwtIssuer]: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
      [CONTEXT_KEYS.jwtAudience]: 'client-a, client-b',
      [CONTEXT_KEYS.defaultPhoneCountry]: 'FR',
      [CONTEXT_KEYS.unsubscribeMailto]: 'unsubscribe@example.com',
      [CONTEXT_KEYS.transientBounceThreshold]: '4',
      [CONTEXT_KEYS.transientBounceWindowDays]: '10',
      [CONTEXT_KEYS.sesMirror]: 'true',
      [CONTEXT_KEYS.logRetentionDays]: '365',
      [CONTEXT_KEYS.alarmEmail]: 'oncall@example.com',
      [CONTEXT_KEYS.unsubscribeSpikeMode]: 'anomaly',
      [CONTEXT_KEYS.unsubscribeSpikeBandWidth]: '4',
      [CONTEXT_KEYS.filterReservedConcurrency]: '25',
      [CONTEXT_KEYS.publicRateLimit]: '200',
      [CONTEXT_KEYS.publicBurstLimit]: '400',
    });
    expect(config).toEqual({
      stage: 'prod',
      publicBaseUrl: 'https://unsubscribe.example.com',
      jwt: {
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
        audience: ['client-a', 'client-b'],
      },
      defaultPhoneCountry: 'FR',
      unsubscribeMailto: 'unsubscribe@example.com',
      transientBounces: { threshold: 4, windowDays: 10 },
      sesMirror: true,
      logRetention: RetentionDays.ONE_YEAR,
      alarms: { email: 'oncall@example.com', unsubscribeSpike: { mode: 'anomaly', bandWidth: 4 } },
      filterReservedConcurrency: 25,
      console: { oidcConnectOrigins: [] },
      // The prod stage gets CloudFront and the web ACL unless told otherwise.
      publicWaf: { rateLimit: 1000 },
      throttling: { ...CONFIG_DEFAULTS.throttling, publicApi: { rateLimit: 200, burstLimit: 400 } },
    });
  });

  it('reads the JSON types that cdk.json gives', () => {
    const config = configWith({
      [CONTEXT_KEYS.sesMirror]: true,
      [CONTEXT_KEYS.jwtIssuer]: 'https://issuer.example.com',
      [CONTEXT_KEYS.jwtAudience]: ['client-a'],
      [CONTEXT_KEYS.transientBounceThreshold]: 5,
      [CONTEXT_KEYS.alarmTopicArn]: 'arn:aws:sns:us-east-1:123456789012:ops-alerts',
    });
    expect(config.sesMirror).toBe(true);
    expect(config.jwt?.audience).toEqual(['client-a']);
    expect(config.transientBounces.threshold).toBe(5);
    expect(config.alarms.topicArn).toBe('arn:aws:sns:us-east-1:123456789012:ops-alerts');
  });

  it('derives the link base URL from a custom domain when none is given', () => {
    const config = configWith({
      [CONTEXT_KEYS.domainName]: 'unsubscribe.example.com',
      [CONTEXT_KEYS.certificateArn]: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f',
    });
    expect(config.publicBaseUrl).toBe('https://unsubscribe.example.com');
    expect(config.customDomain).toEqual({
      domainName: 'unsubscribe.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f',
    });
  });

  it.each([
    [CONTEXT_KEYS.stage, 'Prod_1', 'lower-case letters'],
    [CONTEXT_KEYS.publicBaseUrl, 'http://unsubscribe.example.com', 'https://'],
    [CONTEXT_KEYS.publicBaseUrl, 'https://unsubscribe.example.com/', 'trailing slash'],
    [CONTEXT_KEYS.defaultPhoneCountry, 'fr', 'ISO 3166-1'],
    [CONTEXT_KEYS.transientBounceThreshold, 'three', 'whole number'],
    [CONTEXT_KEYS.transientBounceThreshold, '0', 'from 1 to 1000'],
    [CONTEXT_KEYS.sesMirror, 'yes', 'true'],
    [CONTEXT_KEYS.logRetentionDays, '100', 'expected one of'],
    [CONTEXT_KEYS.alarmEmail, 'oncall', 'e-mail'],
    [CONTEXT_KEYS.alarmTopicArn, 'ops-alerts', 'SNS topic ARN'],
    [CONTEXT_KEYS.unsubscribeSpikeMode, 'magic', 'static'],
    [CONTEXT_KEYS.filterReservedConcurrency, '-1', 'whole number'],
    [CONTEXT_KEYS.eventsWebhookUrl, 'http://crm.example.com/hook', 'https://'],
    [CONTEXT_KEYS.eventsWebhookSecretArn, 'webhook-key', 'Secrets Manager secret ARN'],
    [CONTEXT_KEYS.eventsWebhookHeader, 'x api key', 'header name'],
  ])('refuses %s = %j, naming the key', (key, value, hint) => {
    const message = errorWith({ [key]: value });
    const line = message.split('\n').find((text) => text.trim().startsWith(`${key}:`));
    expect(line).toBeDefined();
    expect(line).toContain(hint);
  });

  it('reads the events webhook, and refuses its URL without its secret', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf';
    expect(
      configWith({
        [CONTEXT_KEYS.eventsWebhookUrl]: 'https://crm.example.com/hook',
        [CONTEXT_KEYS.eventsWebhookSecretArn]: secretArn,
      }).eventsWebhook,
    ).toEqual({ url: 'https://crm.example.com/hook', secretArn, headerName: 'x-api-key' });
    expect(configWith().eventsWebhook).toBeUndefined();
    expect(errorWith({ [CONTEXT_KEYS.eventsWebhookUrl]: 'https://crm.example.com/hook' })).toContain(
      `${CONTEXT_KEYS.eventsWebhookSecretArn}: required with ${CONTEXT_KEYS.eventsWebhookUrl}`,
    );
  });

  it('reports every bad key at once', () => {
    const message = errorWith({ [CONTEXT_KEYS.stage]: 'PROD', [CONTEXT_KEYS.sesMirror]: 'maybe' });
    expect(message).toContain(`${CONTEXT_KEYS.stage}:`);
    expect(message).toContain(`${CONTEXT_KEYS.sesMirror}:`);
  });

  it('refuses an unknown quietlist key as a likely typo', () => {
    expect(errorWith({ 'quietlist:publicBaseURL': 'https://x.example.com' })).toContain(
      'quietlist:publicBaseURL: unknown context key',
    );
  });

  it('ignores context that is not its own', () => {
    expect(configWith({ '@aws-cdk/core:target-partitions': ['aws'] }).stage).toBe('dev');
  });

  it.each([
    [{ [CONTEXT_KEYS.domainName]: 'unsubscribe.example.com' }, CONTEXT_KEYS.certificateArn],
    [{ [CONTEXT_KEYS.jwtIssuer]: 'https://issuer.example.com' }, CONTEXT_KEYS.jwtAudience],
    [{ [CONTEXT_KEYS.jwtAudience]: 'client-a' }, CONTEXT_KEYS.jwtIssuer],
    [
      {
        [CONTEXT_KEYS.alarmEmail]: 'oncall@example.com',
        [CONTEXT_KEYS.alarmTopicArn]: 'arn:aws:sns:us-east-1:123456789012:ops',
      },
      CONTEXT_KEYS.alarmEmail,
    ],
    [{ [CONTEXT_KEYS.adminBurstLimit]: '5' }, CONTEXT_KEYS.adminBurstLimit],
  ])('refuses keys that only make sense together: %j names %s', (context, key) => {
    expect(errorWith(context)).toMatch(new RegExp(`^\\s*${key}: `, 'm'));
  });
});

describe('the console configuration', () => {
  const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';

  it('derives the allowed origin from the console domain, and reads the OIDC client', () => {
    const config = configWith({
      [CONTEXT_KEYS.consoleDomain]: 'console.example.com',
      [CONTEXT_KEYS.consoleCertificateArn]: certificate,
      [CONTEXT_KEYS.oidcClientId]: '4example1clientid',
      [CONTEXT_KEYS.oidcScope]: 'openid email profile',
      [CONTEXT_KEYS.oidcConnectOrigins]:
        'https://a.auth.us-east-1.amazoncognito.com, https://login.example.com:8443',
    });
    expect(config.console).toEqual({
      customDomain: { domainName: 'console.example.com', certificateArn: certificate },
      origin: 'https://console.example.com',
      oidcClientId: '4example1clientid',
      oidcScope: 'openid email profile',
      oidcConnectOrigins: ['https://a.auth.us-east-1.amazoncognito.com', 'https://login.example.com:8443'],
    });
  });

  it("takes the distribution's own origin when there is no console domain", () => {
    const config = configWith({
      [CONTEXT_KEYS.consoleOrigin]: 'https://d111111abcdef8.cloudfront.net',
      [CONTEXT_KEYS.oidcConnectOrigins]: ['https://a.auth.us-east-1.amazoncognito.com'],
    });
    expect(config.console).toEqual({
      origin: 'https://d111111abcdef8.cloudfront.net',
      oidcConnectOrigins: ['https://a.auth.us-east-1.amazoncognito.com'],
    });
  });

  it.each([
    [CONTEXT_KEYS.consoleDomain, 'Console.Example.com', 'host name'],
    [CONTEXT_KEYS.consoleCertificateArn, certificate.replace('us-east-1', 'eu-west-1'), 'us-east-1'],
    [CONTEXT_KEYS.consoleOrigin, 'http://d111111abcdef8.cloudfront.net', 'https origin'],
    [CONTEXT_KEYS.consoleOrigin, 'https://d111111abcdef8.cloudfront.net/', 'no path or trailing slash'],
    [CONTEXT_KEYS.consoleOrigin, '*', 'https origin'],
    [CONTEXT_KEYS.oidcClientId, 'two words', 'client id'],
    [CONTEXT_KEYS.oidcScope, 'email profile', 'openid'],
    [CONTEXT_KEYS.oidcScope, 'openid  email', 'space-separated'],
    [CONTEXT_KEYS.oidcConnectOrigins, 'https://a.example.com/oauth2', 'https origin'],
    [CONTEXT_KEYS.oidcConnectOrigins, ',', 'at least one'],
  ])('refuses %s = %j, naming the key', (key, value, hint) => {
    const line = errorWith({ [key]: value })
      .split('\n')
      .find((text) => text.trim().startsWith(`${key}:`));
    expect(line).toBeDefined();
    expect(line).toContain(hint);
  });

  it.each([
    [{ [CONTEXT_KEYS.consoleDomain]: 'console.example.com' }, CONTEXT_KEYS.consoleCertificateArn],
    [{ [CONTEXT_KEYS.consoleCertificateArn]: certificate }, CONTEXT_KEYS.consoleDomain],
    [
      {
        [CONTEXT_KEYS.consoleDomain]: 'console.example.com',
        [CONTEXT_KEYS.consoleCertificateArn]: certificate,
        [CONTEXT_KEYS.consoleOrigin]: 'https://d111111abcdef8.cloudfront.net',
      },
      CONTEXT_KEYS.consoleOrigin,
    ],
  ])('refuses console keys that only make sense together: %j names %s', (context, key) => {
    expect(errorWith(context)).toMatch(new RegExp(`^\\s*${key}: `, 'm'));
  });
});

describe("the public endpoint's CloudFront and web ACL", () => {
  const east = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';
  const west = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f';

  it('is on for the prod stage by default, with a per-IP limit of 1,000 requests in 5 minutes', () => {
    expect(configWith({ [CONTEXT_KEYS.stage]: 'prod' }).publicWaf).toEqual({ rateLimit: 1000 });
  });

  it('is off for any other stage by default', () => {
    expect(configWith().publicWaf).toBeUndefined();
    expect(configWith({ [CONTEXT_KEYS.stage]: 'staging' }).publicWaf).toBeUndefined();
  });

  it('follows quietlist:publicWaf either way, with the configured limit', () => {
    expect(
      configWith({ [CONTEXT_KEYS.stage]: 'prod', [CONTEXT_KEYS.publicWaf]: 'false' }).publicWaf,
    ).toBeUndefined();
    expect(
      configWith({ [CONTEXT_KEYS.publicWaf]: true, [CONTEXT_KEYS.publicWafRateLimit]: '300' }).publicWaf,
    ).toEqual({ rateLimit: 300 });
  });

  it.each([
    [CONTEXT_KEYS.publicWaf, 'on', 'true'],
    [CONTEXT_KEYS.publicWafRateLimit, '9', 'from 10 to 2000000000'],
  ])('refuses %s = %j, naming the key', (key, value, hint) => {
    const line = errorWith({ [key]: value })
      .split('\n')
      .find((text) => text.trim().startsWith(`${key}:`));
    expect(line).toContain(hint);
  });

  it('asks for a us-east-1 certificate for the unsubscribe domain, which CloudFront then serves', () => {
    const domain = { [CONTEXT_KEYS.domainName]: 'unsubscribe.example.com' };
    expect(
      errorWith({ ...domain, [CONTEXT_KEYS.stage]: 'prod', [CONTEXT_KEYS.certificateArn]: west }),
    ).toMatch(
      new RegExp(`^\\s*${CONTEXT_KEYS.certificateArn}: .*us-east-1.*${CONTEXT_KEYS.publicWaf}=false`, 'm'),
    );
    expect(
      configWith({ ...domain, [CONTEXT_KEYS.stage]: 'prod', [CONTEXT_KEYS.certificateArn]: east })
        .customDomain,
    ).toEqual({ domainName: 'unsubscribe.example.com', certificateArn: east });
    // Without CloudFront the API serves the domain with a certificate of its own region, as before.
    expect(configWith({ ...domain, [CONTEXT_KEYS.certificateArn]: west }).customDomain?.certificateArn).toBe(
      west,
    );
  });
});

describe('the SES identities that may publish feedback', () => {
  const identity = (account: string, name: string) => `arn:aws:ses:eu-west-1:${account}:identity/${name}`;

  it('reads identity ARNs, comma-separated or as a JSON array, and none by default', () => {
    expect(configWith().sesIdentityArns).toBeUndefined();
    const arns = [identity('123456789012', 'example.com'), identity('123456789012', 'news@example.org')];
    expect(configWith({ [CONTEXT_KEYS.sesIdentityArns]: arns.join(', ') }).sesIdentityArns).toEqual(arns);
    expect(configWith({ [CONTEXT_KEYS.sesIdentityArns]: arns }).sesIdentityArns).toEqual(arns);
  });

  it.each([
    ['arn:aws:ses:eu-west-1:123456789012:configuration-set/quietlist', 'SES identity ARNs'],
    ['arn:aws:ses:eu-west-1:123456789012:identity/*', 'no wildcards'],
    ['example.com', 'SES identity ARNs'],
  ])('refuses %j, naming the key', (value, hint) => {
    const line = errorWith({ [CONTEXT_KEYS.sesIdentityArns]: value })
      .split('\n')
      .find((text) => text.trim().startsWith(`${CONTEXT_KEYS.sesIdentityArns}:`));
    expect(line).toContain(hint);
  });

  it("refuses identities of two accounts: the policies only admit the deployment's own", () => {
    expect(
      errorWith({
        [CONTEXT_KEYS.sesIdentityArns]: [
          identity('123456789012', 'a.example'),
          identity('210987654321', 'b.example'),
        ],
      }),
    ).toMatch(new RegExp(`^\\s*${CONTEXT_KEYS.sesIdentityArns}: .*123456789012, 210987654321`, 'm'));
  });
});
