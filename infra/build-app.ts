import { fileURLToPath } from 'node:url';
import { Annotations, App, Tags, Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config';
import { AdminApiStack } from './stacks/admin-api-stack';
import { assertConsoleBuilt, CONSOLE_DIST, ConsoleStack } from './stacks/console-stack';
import { DataStack } from './stacks/data-stack';
import { EventsStack } from './stacks/events-stack';
import { FeedbackStack } from './stacks/feedback-stack';
import { FilterStack } from './stacks/filter-stack';
import { JobsStack } from './stacks/jobs-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { PublicApiStack } from './stacks/public-api-stack';
import { PublicWafStack } from './stacks/public-waf-stack';
import { SmsStack } from './stacks/sms-stack';

export interface BuildOptions {
  /** The built admin console (index.html, assets/). @default `console/dist` of this repository */
  readonly consoleDist?: string;
}

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * Composition only: stacks are wired here and nowhere else, configured by the stage configuration read from CDK
 * context (infra/config.ts, docs/deploy.md). Environment-agnostic, so `cdk synth` needs no AWS account. The AWS
 * Solutions checks run on every synth; an unacknowledged finding fails it.
 *
 * Stack ids stay fixed (`QuietlistData`, ...); stack names carry the stage (`quietlist-prod-data`), so stages
 * can share an account.
 */
export const buildApp = (app = new App(), options: BuildOptions = {}): App => {
  const config = readConfig(app.node);
  // Before any function is bundled, so a missing build fails at once.
  const consoleDist = options.consoleDist ?? `${repositoryRoot}${CONSOLE_DIST}`;
  assertConsoleBuilt(consoleDist);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  Tags.of(app).add('quietlist:stage', config.stage);
  const named = (component: string, description: string) => ({
    stackName: `quietlist-${config.stage}-${component}`,
    description: `Quietlist (${config.stage}): ${description}`,
  });
  const data = new DataStack(app, 'QuietlistData', named('data', 'suppression table and keyring (stateful)'));
  /** What every service stack gets: the table, the keyring and the log retention. */
  const shared = { table: data.table, keys: data.keys, logRetention: config.logRetention };
  const feedback = new FeedbackStack(app, 'QuietlistFeedback', {
    ...named('feedback', 'SES bounces and complaints (SNS, SQS, Lambda, configuration set)'),
    ...shared,
    transientBounces: config.transientBounces,
    sesMirror: config.sesMirror,
    ...(config.sesIdentityArns ? { sesIdentityArns: config.sesIdentityArns } : {}),
  });
  const events = new EventsStack(app, 'QuietlistEvents', {
    ...named('events', 'outbound events (table stream, EventBridge pipe, event bus, optional webhook)'),
    table: data.table,
    stage: config.stage,
    logRetention: config.logRetention,
    ...(config.eventsWebhook ? { webhook: config.eventsWebhook } : {}),
  });
  const sms = new SmsStack(app, 'QuietlistSms', {
    ...named('sms', 'SMS STOP replies (SNS, SQS, Lambda)'),
    ...shared,
  });
  // CLOUDFRONT-scoped web ACLs live in us-east-1 only: a stack of its own there, read through Fn::GetStackOutput.
  const publicWaf =
    config.publicWaf &&
    new PublicWafStack(app, 'QuietlistPublicWaf', {
      ...named('public-waf', 'web ACL of the public unsubscribe endpoint (us-east-1, CloudFront scope)'),
      rateLimit: config.publicWaf.rateLimit,
    });
  const publicApi = new PublicApiStack(app, 'QuietlistPublicApi', {
    ...named('public-api', 'public unsubscribe endpoint (/u/{token}: page and RFC 8058 one-click)'),
    ...shared,
    rateLimit: config.throttling.publicApi.rateLimit,
    burstLimit: config.throttling.publicApi.burstLimit,
    ...(config.customDomain ? { customDomain: config.customDomain } : {}),
    ...(publicWaf ? { edge: { webAclArn: publicWaf.webAclArnReference } } : {}),
  });
  // Fn::GetStackOutput is no CDK reference: the order is stated here, so the web ACL exists when CloudFront asks.
  if (publicWaf) publicApi.addStackDependency(publicWaf);
  const publicBaseUrl = config.publicBaseUrl ?? publicApi.publicBaseUrl;
  const linkSettings = {
    publicBaseUrl,
    ...(config.unsubscribeMailto ? { unsubscribeMailto: config.unsubscribeMailto } : {}),
    ...(config.defaultPhoneCountry ? { defaultPhoneCountry: config.defaultPhoneCountry } : {}),
  };
  const adminApi = new AdminApiStack(app, 'QuietlistAdminApi', {
    ...named('admin-api', 'admin API (JWT-authenticated HTTP API)'),
    ...shared,
    ...linkSettings,
    throttle: config.throttling.adminApi,
    bulkThrottle: config.throttling.adminBulk,
    ...(config.jwt ? { jwtIssuer: config.jwt.issuer, jwtAudience: config.jwt.audience } : {}),
    // From the stage configuration, not from the console stack, which depends on this one (docs/decisions.md).
    ...(config.console.origin ? { consoleOrigin: config.console.origin } : {}),
  });
  const jobs = new JobsStack(app, 'QuietlistJobs', {
    ...named(
      'jobs',
      'imports at scale (S3 bucket, Step Functions Distributed Map, import routes, erasure of job files)',
    ),
    ...shared,
    adminApi: adminApi.api,
    // The jobs stack adds a rule on the bus (erasures delete job files): it depends on the events stack, never back.
    // EventBus declares `eventSourceName` as `string | undefined`, which its own IEventBus rejects under
    // exactOptionalPropertyTypes: the cast is where the two meet (as the buckets' elsewhere).
    eventBus: events.bus as unknown as IEventBus,
    // Filter jobs build the same links as the filter: the same base URL, mailto and phone country.
    ...linkSettings,
    ...(config.console.origin ? { consoleOrigin: config.console.origin } : {}),
  });
  const adminConsole = new ConsoleStack(app, 'QuietlistConsole', {
    ...named('console', 'admin console (S3, CloudFront, config.json)'),
    distPath: consoleDist,
    apiUrl: adminApi.api.apiEndpoint,
    oidcIssuer: adminApi.jwtIssuer,
    logRetention: config.logRetention,
    oidcConnectOrigins: config.console.oidcConnectOrigins,
    // The Imports page PUTs files to the jobs bucket through presigned URLs (virtual-hosted, regional).
    uploadOrigins: [`https://${jobs.bucket.bucketRegionalDomainName}`],
    ...(config.console.oidcClientId ? { oidcClientId: config.console.oidcClientId } : {}),
    ...(config.console.oidcScope ? { oidcScope: config.console.oidcScope } : {}),
    ...(config.console.customDomain ? { customDomain: config.console.customDomain } : {}),
  });
  if (!config.console.origin) {
    Annotations.of(adminConsole).addWarningV2(
      'quietlist:consoleOriginUnset',
      'The admin API allows no browser origin (CORS), so the console cannot call it yet: deploy, then give the ' +
        'ConsoleOrigin output as -c quietlist:consoleOrigin=https://<id>.cloudfront.net (or use ' +
        'quietlist:consoleDomain) and deploy again. docs/deploy.md, "Console".',
    );
  }
  const filter = new FilterStack(app, 'QuietlistFilter', {
    ...named('filter', 'pre-send filter (Lambda invoked by campaign pipelines)'),
    ...shared,
    ...linkSettings,
    ...(config.filterReservedConcurrency === undefined
      ? {}
      : { reservedConcurrentExecutions: config.filterReservedConcurrency }),
  });
  new MonitoringStack(app, 'QuietlistMonitoring', {
    ...named('monitoring', 'alarms and dashboard'),
    functions: {
      SesFeedback: feedback.function,
      UnsubscribePage: publicApi.function,
      Filter: filter.function,
      OutboundEvents: events.enrichment,
      SmsReplies: sms.function,
      ...adminApi.functions,
      ...jobs.functions,
    },
    stateMachines: { Import: jobs.stateMachine },
    deadLetterQueues: {
      SesFeedback: feedback.deadLetterQueue,
      OutboundEvents: events.pipeDeadLetterQueue,
      SmsReplies: sms.deadLetterQueue,
      PurgeJobFiles: jobs.purgeDeadLetterQueue,
      ...(events.webhookDeadLetterQueue ? { EventsWebhook: events.webhookDeadLetterQueue } : {}),
    },
    httpApis: { PublicApi: publicApi.api, AdminApi: adminApi.api },
    alarms: config.alarms,
  });
  return app;
};
