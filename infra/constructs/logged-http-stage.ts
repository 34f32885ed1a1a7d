import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type HttpApi,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LoggedHttpStageProps {
  readonly httpApi: HttpApi;
  readonly throttle: ThrottleSettings;
  readonly logRetention: RetentionDays;
  /** Context variables logged beside the common ones, e.g. the caller's `sub` on an authorized API. */
  readonly extraFields?: Readonly<Record<string, string>>;
}

/**
 * The `$default` stage of a Quietlist HTTP API: auto-deployed, throttled, with JSON access logs in a log group of
 * its own. The log names the route key (`POST /u/{token}`), never the path or query string: a path may carry an
 * unsubscribe token (a credential naming a person) and a query a search for an address.
 */
export class LoggedHttpStage extends Construct {
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: LoggedHttpStageProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: props.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            ...props.extraFields,
          }),
        ),
      },
    });
  }
}
