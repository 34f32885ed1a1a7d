import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { isSupportedCountry } from 'libphonenumber-js';
import { DEFAULT_TRANSIENT_BOUNCE_POLICY, type TransientBouncePolicy } from '#domain/ses-feedback-policy';
import { withoutUndefined } from '#domain/without-undefined';
import * as z from '#domain/zod';

/** Requests per second a stage or route accepts steadily, and in a burst. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** How the unsubscribe-spike alarm decides that an hour had too many unsubscribes. */
export type UnsubscribeSpikeDetection =
  /** More than `perHour` recipient unsubscribes (link and one-click) in an hour. */
  | { readonly mode: 'static'; readonly perHour: number }
  /** Above CloudWatch anomaly detection's band of `bandWidth` standard deviations (needs two weeks of history). */
  | { readonly mode: 'anomaly'; readonly bandWidth: number };

/** Where alarms go: a new topic (with an optional e-mail subscription) or a topic that already exists. */
export interface AlarmTarget {
  /** Subscribed to the new topic; AWS sends a confirmation mail first. */
  readonly email?: string;
  /** An existing SNS topic (e.g. the team's ChatOps topic); when set no topic is created. */
  readonly topicArn?: string;
}

/** A custom domain for the public unsubscribe endpoint: an ACM certificate in the stack's region covers it. */
export interface CustomDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

/**
 * CloudFront with an AWS WAF web ACL in front of the public unsubscribe endpoint (infra/stacks/public-waf-stack.ts):
 * a per-IP rate-based rule stops one address's flood at the edge, before it reaches the stage's shared throttle.
 */
export interface PublicWafConfig {
  /**
   * Requests one IP address may send in {@link PUBLIC_WAF_WINDOW_SECONDS} before the web ACL answers it 429 until
   * its rate falls back under the limit.
   */
  readonly rateLimit: number;
}

/** The rate-based rule's evaluation window: WAF's own default, long enough that a mail provider's bursts fit. */
export const PUBLIC_WAF_WINDOW_SECONDS = 300;

/**
 * The admin console's deployment (infra/stacks/console-stack.ts): where it is served, the one origin the admin
 * API's CORS allows, and the OpenID Connect client it signs in with. The issuer is the admin API's `jwt.issuer`:
 * the console signs in where the tokens the API accepts are minted, so it has no issuer key of its own.
 */
export interface ConsoleConfig {
  /** Serve the console on this domain, with an ACM certificate in us-east-1 (CloudFront reads it there). */
  readonly customDomain?: CustomDomain;
  /**
   * The one origin the admin API's CORS allows: `https://<customDomain>`, or `quietlist:consoleOrigin` (the
   * distribution's own `https://d….cloudfront.net`, known after the first deploy). Unset: no CORS at all, so no
   * browser page may call the admin API.
   */
  readonly origin?: string;
  /** The console's OIDC app client (public, authorization code with PKCE); unset: a deploy-time parameter. */
  readonly oidcClientId?: string;
  /** Scopes the console asks for (space-separated, `openid` among them); unset: the console's default. */
  readonly oidcScope?: string;
  /**
   * Origins beside the issuer's that the OIDC client calls from the page (the CSP's `connect-src`), e.g. a Cognito
   * user pool domain, where Cognito's token endpoint is (`https://<prefix>.auth.<region>.amazoncognito.com`).
   */
  readonly oidcConnectOrigins: readonly string[];
}

/**
 * An HTTPS endpoint every outbound event is also sent to (infra/stacks/events-stack.ts), through an EventBridge
 * API destination whose connection authenticates with an API key header; the key is read from Secrets Manager
 * at deploy time and kept by EventBridge in a secret of its own, never in a template.
 */
export interface EventsWebhookConfig {
  readonly url: string;
  /** A Secrets Manager secret whose SecretString is the key. */
  readonly secretArn: string;
  /** The header the key is sent in. @default x-api-key */
  readonly headerName: string;
}

/** Everything a deployment stage may change, read once from CDK context by {@link readConfig}. */
export interface QuietlistConfig {
  /** Short name of the deployment (`dev`, `prod`), part of every stack name so stages can share an account. */
  readonly stage: string;
  /** Base of unsubscribe links; unset: `https://<customDomain>` or, without one, the public API's own URL. */
  readonly publicBaseUrl?: string;
  /** With {@link publicWaf} on, CloudFront serves it and the certificate must be in us-east-1. */
  readonly customDomain?: CustomDomain;
  /** CloudFront and a web ACL in front of `/u/{token}`; unset: the HTTP API alone (its throttle stays either way). */
  readonly publicWaf?: PublicWafConfig;
  /** The admin API's JWT issuer and audiences; unset: the admin stack asks for them as deploy-time parameters. */
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
  /** ISO 3166-1 alpha-2 country assumed for phone numbers written without a country code. */
  readonly defaultPhoneCountry?: string;
  /** `mailto:` alternative offered in `List-Unsubscribe`. */
  readonly unsubscribeMailto?: string;
  readonly transientBounces: TransientBouncePolicy;
  /** Mirror bounce and complaint suppressions to the SES account-level suppression list. */
  readonly sesMirror: boolean;
  /**
   * SES identities (domains, addresses) whose classic notifications may publish to the feedback topic, beside the
   * configuration set; unset: the configuration set alone.
   */
  readonly sesIdentityArns?: readonly string[];
  readonly logRetention: RetentionDays;
  readonly alarms: AlarmTarget & { readonly unsubscribeSpike: UnsubscribeSpikeDetection };
  /** Concurrent runs reserved for (and capped at) the pre-send filter; unset leaves it unreserved. */
  readonly filterReservedConcurrency?: number;
  readonly console: ConsoleConfig;
  /** Outbound events also sent to this webhook; unset: the event bus alone (customers add their own rules). */
  readonly eventsWebhook?: EventsWebhookConfig;
  readonly throttling: {
    /** The whole public unsubscribe stage (`/u/{token}`). */
    readonly publicApi: Throttle;
    /** The admin API stage. */
    readonly adminApi: Throttle;
    /** Admin routes that carry up to 10,000 values or read a whole list (bulk add/remove, check, export). */
    readonly adminBulk: Throttle;
  };
}

/**
 * The context keys, as given with `-c key=value` or in cdk.json's `context`. Values from `-c` arrive as strings,
 * so numbers and booleans are accepted in both forms.
 */
export const CONTEXT_KEYS = {
  stage: 'quietlist:stage',
  publicBaseUrl: 'quietlist:publicBaseUrl',
  domainName: 'quietlist:domainName',
  certificateArn: 'quietlist:certificateArn',
  jwtIssuer: 'quietlist:jwtIssuer',
  jwtAudience: 'quietlist:jwtAudience',
  defaultPhoneCountry: 'quietlist:defaultPhoneCountry',
  unsubscribeMailto: 'quietlist:unsubscribeMailto',
  transientBounceThreshold: 'quietlist:transientBounceThreshold',
  transientBounceWindowDays: 'quietlist:transientBounceWindowDays',
  sesMirror: 'quietlist:sesMirror',
  sesIdentityArns: 'quietlist:sesIdentityArns',
  logRetentionDays: 'quietlist:logRetentionDays',
  alarmEmail: 'quietlist:alarmEmail',
  alarmTopicArn: 'quietlist:alarmTopicArn',
  unsubscribeSpikeMode: 'quietlist:unsubscribeSpikeMode',
  unsubscribeSpikePerHour: 'quietlist:unsubscribeSpikePerHour',
  unsubscribeSpikeBandWidth: 'quietlist:unsubscribeSpikeBandWidth',
  filterReservedConcurrency: 'quietlist:filterReservedConcurrency',
  publicRateLimit: 'quietlist:publicRateLimit',
  publicBurstLimit: 'quietlist:publicBurstLimit',
  publicWaf: 'quietlist:publicWaf',
  publicWafRateLimit: 'quietlist:publicWafRateLimit',
  adminRateLimit: 'quietlist:adminRateLimit',
  adminBurstLimit: 'quietlist:adminBurstLimit',
  adminBulkRateLimit: 'quietlist:adminBulkRateLimit',
  adminBulkBurstLimit: 'quietlist:adminBulkBurstLimit',
  consoleDomain: 'quietlist:consoleDomain',
  consoleCertificateArn: 'quietlist:consoleCertificateArn',
  consoleOrigin: 'quietlist:consoleOrigin',
  oidcClientId: 'quietlist:oidcClientId',
  oidcScope: 'quietlist:oidcScope',
  oidcConnectOrigins: 'quietlist:oidcConnectOrigins',
  eventsWebhookUrl: 'quietlist:eventsWebhookUrl',
  eventsWebhookSecretArn: 'quietlist:eventsWebhookSecretArn',
  eventsWebhookHeader: 'quietlist:eventsWebhookHeader',
} as const;

/** The defaults, chosen so that `npx cdk synth` works with no context at all; docs/deploy.md quotes them. */
export const CONFIG_DEFAULTS = {
  stage: 'dev',
  logRetentionDays: RetentionDays.THREE_MONTHS,
  sesMirror: false,
  unsubscribeSpike: { mode: 'static', perHour: 500 },
  /** The stage whose public endpoint gets CloudFront and the web ACL unless `quietlist:publicWaf` says otherwise. */
  publicWafStage: 'prod',
  publicWaf: { rateLimit: 1000 },
  throttling: {
    publicApi: { rateLimit: 50, burstLimit: 100 },
    adminApi: { rateLimit: 20, burstLimit: 40 },
    adminBulk: { rateLimit: 2, burstLimit: 5 },
  },
} as const satisfies {
  stage: string;
  logRetentionDays: RetentionDays;
  sesMirror: boolean;
  unsubscribeSpike: UnsubscribeSpikeDetection;
  publicWafStage: string;
  publicWaf: PublicWafConfig;
  throttling: QuietlistConfig['throttling'];
};

/** The retention periods CloudWatch Logs accepts (RetentionDays without INFINITE: logs must expire). */
const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter(
    (days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE,
  ),
);

/** A whole number in a range, given as a JSON number (cdk.json) or a string of digits (`-c`). */
const wholeNumber = (min: number, max: number) =>
  z.pipe(
    z.unknown(),
    z.transform((input, payload) => {
      const value = typeof input === 'string' && /^\s*\d+\s*$/.test(input) ? Number(input) : input;
      if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
      // zod/mini's transforms have no addIssue: the payload's issues are what it would push to.
      payload.issues.push({
        code: 'custom',
        message: `expected a whole number from ${min} to ${max}, got ${JSON.stringify(input)}`,
        input,
      });
      return z.NEVER;
    }),
  );

/** `true` or `false`, as a JSON boolean or a string. */
const flag = z.pipe(
  z.unknown(),
  z.transform((input, payload) => {
    if (input === true || input === 'true') return true;
    if (input === false || input === 'false') return false;
    payload.issues.push({
      code: 'custom',
      message: `expected true or false, got ${JSON.stringify(input)}`,
      input,
    });
    return z.NEVER;
  }),
);

const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

/** A comma-separated string (from `-c`) or a JSON array (from cdk.json). */
const list = z.pipe(
  z.pipe(
    z.union([
      z.array(z.string()),
      z.pipe(
        z.string(),
        z.transform((text: string) => text.split(',')),
      ),
    ]),
    z.transform((items: string[]) => items.map((item) => item.trim()).filter((item) => item !== '')),
  ),
  z.array(z.string()).check(z.minLength(1, 'expected at least one value')),
);

/** A string matching `pattern`, else `message`. */
const matching = (pattern: RegExp, message: string) => z.string().check(z.regex(pattern, message));

const hostName = matching(
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  'expected a lower-case host name',
);

/**
 * An SES identity's ARN (`arn:aws:ses:<region>:<account>:identity/<domain or address>`), without wildcards: the
 * policies admit exactly these identities.
 */
const sesIdentityArn = matching(
  /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/[^\s*?/]+$/,
  'expected SES identity ARNs (arn:aws:ses:<region>:<account>:identity/<domain or address>, no wildcards)',
);

/** The account an ARN names (its fifth field). */
export const accountOfArn = (arn: string): string => arn.split(':')[4] ?? '';

/** The region an ARN names (its fourth field). */
export const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

/** `https://host[:port]`: what a browser sends as `Origin`, so no path and no trailing slash. */
const httpsOrigin = matching(
  /^https:\/\/([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/,
  'expected an https origin (https://host, lower-case, no path or trailing slash)',
);

/** A comma-separated string (from `-c`) or a JSON array (from cdk.json) of https origins. */
const originList = z.pipe(list, z.array(httpsOrigin));

/** OAuth 2.0 scope tokens (RFC 6749 §3.3), space-separated; OpenID Connect sign-in needs `openid`. */
const scope = z.string().check(
  z.regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'expected space-separated scopes'),
  z.refine((text) => text.split(' ').includes('openid'), 'expected openid among the scopes'),
);

const contextSchema = z.object({
  [CONTEXT_KEYS.stage]: z._default(
    matching(
      /^[a-z][a-z0-9-]{0,15}$/,
      'expected 1-16 lower-case letters, digits or dashes, starting with a letter',
    ),
    CONFIG_DEFAULTS.stage,
  ),
  [CONTEXT_KEYS.publicBaseUrl]: z.optional(
    httpsUrl.check(
      z.refine((url) => !url.endsWith('/'), 'expected no trailing slash (links append /u/<token>)'),
    ),
  ),
  [CONTEXT_KEYS.domainName]: z.optional(hostName),
  [CONTEXT_KEYS.certificateArn]: z.optional(
    matching(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'expected an ACM certificate ARN'),
  ),
  [CONTEXT_KEYS.jwtIssuer]: z.optional(httpsUrl),
  [CONTEXT_KEYS.jwtAudience]: z.optional(list),
  [CONTEXT_KEYS.defaultPhoneCountry]: z.optional(
    z
      .string()
      .check(
        z.refine(
          (code) => isSupportedCountry(code),
          'expected an upper-case ISO 3166-1 alpha-2 country code',
        ),
      ),
  ),
  [CONTEXT_KEYS.unsubscribeMailto]: z.optional(z.email('expected an e-mail address')),
  [CONTEXT_KEYS.transientBounceThreshold]: z._default(
    wholeNumber(1, 1000),
    DEFAULT_TRANSIENT_BOUNCE_POLICY.threshold,
  ),
  [CONTEXT_KEYS.transientBounceWindowDays]: z._default(
    wholeNumber(1, 1000),
    DEFAULT_TRANSIENT_BOUNCE_POLICY.windowDays,
  ),
  [CONTEXT_KEYS.sesMirror]: z._default(flag, CONFIG_DEFAULTS.sesMirror),
  [CONTEXT_KEYS.sesIdentityArns]: z.optional(z.pipe(list, z.array(sesIdentityArn))),
  [CONTEXT_KEYS.logRetentionDays]: z._default(
    wholeNumber(1, 3653).check(
      z.refine((days) => RETENTION_DAYS.has(days), `expected one of ${[...RETENTION_DAYS].join(', ')}`),
    ),
    CONFIG_DEFAULTS.logRetentionDays,
  ),
  [CONTEXT_KEYS.alarmEmail]: z.optional(z.email('expected an e-mail address')),
  [CONTEXT_KEYS.alarmTopicArn]: z.optional(
    matching(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'expected an SNS topic ARN'),
  ),
  [CONTEXT_KEYS.unsubscribeSpikeMode]: z._default(
    z.enum(['static', 'anomaly']),
    CONFIG_DEFAULTS.unsubscribeSpike.mode,
  ),
  [CONTEXT_KEYS.unsubscribeSpikePerHour]: z._default(
    wholeNumber(1, 10_000_000),
    CONFIG_DEFAULTS.unsubscribeSpike.perHour,
  ),
  [CONTEXT_KEYS.unsubscribeSpikeBandWidth]: z._default(wholeNumber(1, 10), 3),
  [CONTEXT_KEYS.filterReservedConcurrency]: z.optional(wholeNumber(1, 1000)),
  [CONTEXT_KEYS.publicRateLimit]: z._default(
    wholeNumber(1, 10_000),
    CONFIG_DEFAULTS.throttling.publicApi.rateLimit,
  ),
  [CONTEXT_KEYS.publicBurstLimit]: z._default(
    wholeNumber(1, 5000),
    CONFIG_DEFAULTS.throttling.publicApi.burstLimit,
  ),
  // Unset: on for the prod stage only, decided with the stage in toConfig.
  [CONTEXT_KEYS.publicWaf]: z.optional(flag),
  // WAF's bounds for a rate-based rule's limit.
  [CONTEXT_KEYS.publicWafRateLimit]: z._default(
    wholeNumber(10, 2_000_000_000),
    CONFIG_DEFAULTS.publicWaf.rateLimit,
  ),
  [CONTEXT_KEYS.adminRateLimit]: z._default(
    wholeNumber(1, 10_000),
    CONFIG_DEFAULTS.throttling.adminApi.rateLimit,
  ),
  [CONTEXT_KEYS.adminBurstLimit]: z._default(
    wholeNumber(1, 5000),
    CONFIG_DEFAULTS.throttling.adminApi.burstLimit,
  ),
  [CONTEXT_KEYS.adminBulkRateLimit]: z._default(
    wholeNumber(1, 10_000),
    CONFIG_DEFAULTS.throttling.adminBulk.rateLimit,
  ),
  [CONTEXT_KEYS.adminBulkBurstLimit]: z._default(
    wholeNumber(1, 5000),
    CONFIG_DEFAULTS.throttling.adminBulk.burstLimit,
  ),
  [CONTEXT_KEYS.consoleDomain]: z.optional(hostName),
  [CONTEXT_KEYS.consoleCertificateArn]: z.optional(
    matching(
      /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
      'expected an ACM certificate ARN in us-east-1 (CloudFront reads certificates from there)',
    ),
  ),
  [CONTEXT_KEYS.consoleOrigin]: z.optional(httpsOrigin),
  [CONTEXT_KEYS.oidcClientId]: z.optional(
    matching(/^[\x21-\x7e]{1,256}$/, 'expected a client id (1-256 printable characters, no spaces)'),
  ),
  [CONTEXT_KEYS.oidcScope]: z.optional(scope),
  [CONTEXT_KEYS.oidcConnectOrigins]: z.optional(originList),
  [CONTEXT_KEYS.eventsWebhookUrl]: z.optional(httpsUrl),
  [CONTEXT_KEYS.eventsWebhookSecretArn]: z.optional(
    matching(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/,
      'expected a Secrets Manager secret ARN',
    ),
  ),
  // RFC 9110 token characters: a header name EventBridge can send.
  [CONTEXT_KEYS.eventsWebhookHeader]: z._default(
    matching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, 'expected an HTTP header name'),
    'x-api-key',
  ),
});

type Context = z.output<typeof contextSchema>;

/** CloudFront and the web ACL: as configured, else on for the prod stage only. */
const publicWafOn = (context: Context): boolean =>
  context[CONTEXT_KEYS.publicWaf] ?? context[CONTEXT_KEYS.stage] === CONFIG_DEFAULTS.publicWafStage;

/** Rules that tie two keys together; each names the key to fix. */
const crossChecks = (context: Context): string[] => {
  const problems: string[] = [];
  const { alarmEmail, alarmTopicArn, consoleDomain, consoleOrigin } = CONTEXT_KEYS;
  for (const [one, other] of [
    [CONTEXT_KEYS.domainName, CONTEXT_KEYS.certificateArn],
    [CONTEXT_KEYS.jwtIssuer, CONTEXT_KEYS.jwtAudience],
    [CONTEXT_KEYS.consoleDomain, CONTEXT_KEYS.consoleCertificateArn],
    [CONTEXT_KEYS.eventsWebhookUrl, CONTEXT_KEYS.eventsWebhookSecretArn],
  ] as const) {
    if ((context[one] === undefined) !== (context[other] === undefined)) {
      const missing = context[one] === undefined ? one : other;
      problems.push(`${missing}: required with ${missing === one ? other : one}`);
    }
  }
  if (context[consoleDomain] !== undefined && context[consoleOrigin] !== undefined) {
    problems.push(
      `${consoleOrigin}: give either ${consoleDomain} (the console's origin is https://<consoleDomain>) or ` +
        `${consoleOrigin} (the distribution's own domain), not both`,
    );
  }
  if (context[alarmEmail] !== undefined && context[alarmTopicArn] !== undefined) {
    problems.push(
      `${alarmEmail}: give either ${alarmEmail} (a new topic) or ${alarmTopicArn} (an existing one), not both`,
    );
  }
  const identities = context[CONTEXT_KEYS.sesIdentityArns] ?? [];
  const accounts = [...new Set(identities.map(accountOfArn))];
  if (accounts.length > 1) {
    problems.push(
      `${CONTEXT_KEYS.sesIdentityArns}: every identity must be of the deployment's one account, got ${accounts.join(', ')}`,
    );
  }
  const certificateArn = context[CONTEXT_KEYS.certificateArn];
  if (publicWafOn(context) && certificateArn !== undefined && regionOfArn(certificateArn) !== 'us-east-1') {
    problems.push(
      `${CONTEXT_KEYS.certificateArn}: with ${CONTEXT_KEYS.publicWaf} on (the default for the ` +
        `${CONFIG_DEFAULTS.publicWafStage} stage) CloudFront serves the unsubscribe domain and reads its ` +
        `certificate from us-east-1, got ${regionOfArn(certificateArn)}; give a us-east-1 certificate, or set ` +
        `${CONTEXT_KEYS.publicWaf}=false`,
    );
  }
  for (const [rate, burst] of [
    [CONTEXT_KEYS.publicRateLimit, CONTEXT_KEYS.publicBurstLimit],
    [CONTEXT_KEYS.adminRateLimit, CONTEXT_KEYS.adminBurstLimit],
    [CONTEXT_KEYS.adminBulkRateLimit, CONTEXT_KEYS.adminBulkBurstLimit],
  ] as const) {
    if (context[burst] < context[rate])
      problems.push(`${burst}: must be at least ${rate} (${context[rate]})`);
  }
  return problems;
};

/** Thrown when context holds a value Quietlist cannot deploy with; the message names every key at fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** What {@link readConfig} needs of a construct node: CDK's `Node` satisfies it. */
export interface ContextSource {
  getAllContext(): Record<string, unknown>;
}

const KNOWN_KEYS = new Set<string>(Object.values(CONTEXT_KEYS));

/**
 * Reads and validates the stage configuration from CDK context (`cdk.json` and `-c key=value`). Every problem is
 * reported at once, each naming its context key, and an unknown `quietlist:` key is refused as a likely typo, so a
 * bad value fails synth instead of deploying something else.
 *
 * @example
 * const config = readConfig(app.node);
 */
export const readConfig = (source: ContextSource): QuietlistConfig => {
  const all = source.getAllContext();
  const unknown = Object.keys(all).filter((key) => key.startsWith('quietlist:') && !KNOWN_KEYS.has(key));
  const parsed = contextSchema.safeParse(
    Object.fromEntries(Object.entries(all).filter(([key]) => KNOWN_KEYS.has(key))),
  );
  const problems = [
    ...unknown.map((key) => `${key}: unknown context key (known: ${[...KNOWN_KEYS].join(', ')})`),
    ...(parsed.success
      ? crossChecks(parsed.data)
      : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '(context)')}: ${issue.message}`)),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`invalid Quietlist context:\n  ${problems.join('\n  ')}`);
  }
  return toConfig(parsed.data);
};

const webhookOf = (context: Context): EventsWebhookConfig | undefined => {
  const url = context[CONTEXT_KEYS.eventsWebhookUrl];
  const secretArn = context[CONTEXT_KEYS.eventsWebhookSecretArn];
  return url && secretArn
    ? { url, secretArn, headerName: context[CONTEXT_KEYS.eventsWebhookHeader] }
    : undefined;
};

const toConfig = (context: Context): QuietlistConfig => {
  const k = CONTEXT_KEYS;
  const domainName = context[k.domainName];
  const certificateArn = context[k.certificateArn];
  const issuer = context[k.jwtIssuer];
  const audience = context[k.jwtAudience];
  const consoleDomain = context[k.consoleDomain];
  const consoleCertificateArn = context[k.consoleCertificateArn];
  const spike: UnsubscribeSpikeDetection =
    context[k.unsubscribeSpikeMode] === 'anomaly'
      ? { mode: 'anomaly', bandWidth: context[k.unsubscribeSpikeBandWidth] }
      : { mode: 'static', perHour: context[k.unsubscribeSpikePerHour] };
  return withoutUndefined({
    stage: context[k.stage],
    publicBaseUrl: context[k.publicBaseUrl] ?? (domainName ? `https://${domainName}` : undefined),
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    jwt: issuer && audience ? { issuer, audience } : undefined,
    defaultPhoneCountry: context[k.defaultPhoneCountry],
    unsubscribeMailto: context[k.unsubscribeMailto],
    transientBounces: {
      threshold: context[k.transientBounceThreshold],
      windowDays: context[k.transientBounceWindowDays],
    },
    sesMirror: context[k.sesMirror],
    sesIdentityArns: context[k.sesIdentityArns],
    publicWaf: publicWafOn(context) ? { rateLimit: context[k.publicWafRateLimit] } : undefined,
    logRetention: context[k.logRetentionDays] as RetentionDays,
    alarms: withoutUndefined({
      email: context[k.alarmEmail],
      topicArn: context[k.alarmTopicArn],
      unsubscribeSpike: spike,
    }),
    filterReservedConcurrency: context[k.filterReservedConcurrency],
    console: withoutUndefined({
      customDomain:
        consoleDomain && consoleCertificateArn
          ? { domainName: consoleDomain, certificateArn: consoleCertificateArn }
          : undefined,
      origin: consoleDomain ? `https://${consoleDomain}` : context[k.consoleOrigin],
      oidcClientId: context[k.oidcClientId],
      oidcScope: context[k.oidcScope],
      oidcConnectOrigins: context[k.oidcConnectOrigins] ?? [],
    }),
    eventsWebhook: webhookOf(context),
    throttling: {
      publicApi: { rateLimit: context[k.publicRateLimit], burstLimit: context[k.publicBurstLimit] },
      adminApi: { rateLimit: context[k.adminRateLimit], burstLimit: context[k.adminBurstLimit] },
      adminBulk: { rateLimit: context[k.adminBulkRateLimit], burstLimit: context[k.adminBulkBurstLimit] },
    },
  });
};
