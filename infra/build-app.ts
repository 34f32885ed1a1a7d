import { App, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AdminApiStack } from './stacks/admin-api-stack';
import { DataStack } from './stacks/data-stack';
import { FeedbackStack } from './stacks/feedback-stack';
import { FilterStack } from './stacks/filter-stack';
import { PublicApiStack } from './stacks/public-api-stack';

/**
 * Composition only: stacks are wired here and nowhere else. Environment-agnostic, so `cdk synth` needs no AWS
 * account. The AWS Solutions checks run on every synth; an unacknowledged finding fails it.
 */
export const buildApp = (app = new App()): App => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const data = new DataStack(app, 'QuietlistData', {
    description: 'Quietlist: suppression table (stateful)',
  });
  new FeedbackStack(app, 'QuietlistFeedback', {
    description: 'Quietlist: SES bounces and complaints (SNS, SQS, Lambda, configuration set)',
    table: data.table,
    keys: data.keys,
  });
  const publicApi = new PublicApiStack(app, 'QuietlistPublicApi', {
    description: 'Quietlist: public unsubscribe endpoint (/u/{token}: page and RFC 8058 one-click)',
    table: data.table,
    keys: data.keys,
  });
  new AdminApiStack(app, 'QuietlistAdminApi', {
    description: 'Quietlist: admin API (JWT-authenticated HTTP API)',
    // CDK's classes declare optional attributes as `T | undefined`, which exactOptionalPropertyTypes tells apart.
    table: data.table as ITableV2,
    keys: data.keys as ISecret,
    publicBaseUrl: String(app.node.tryGetContext('quietlist:publicBaseUrl') ?? publicApi.publicBaseUrl),
    ...adminJwtContext(app),
  });
  new FilterStack(app, 'QuietlistFilter', {
    description: 'Quietlist: pre-send filter (Lambda invoked by campaign pipelines)',
    table: data.table,
    keys: data.keys,
    publicBaseUrl: String(app.node.tryGetContext('quietlist:publicBaseUrl') ?? publicApi.publicBaseUrl),
  });
  return app;
};

/**
 * The admin API's JWT issuer and audiences from context (`-c quietlist:jwtIssuer=https://… -c
 * quietlist:jwtAudience=id1,id2`); when absent the stack asks for them as deploy-time parameters.
 */
const adminJwtContext = (app: App) => {
  const issuer = app.node.tryGetContext('quietlist:jwtIssuer');
  const audience = app.node.tryGetContext('quietlist:jwtAudience');
  return {
    ...(issuer ? { jwtIssuer: String(issuer) } : {}),
    ...(audience
      ? {
          jwtAudience: String(audience)
            .split(',')
            .map((item) => item.trim()),
        }
      : {}),
  };
};
