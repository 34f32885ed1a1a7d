import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/build-app';

const root = join(import.meta.dirname, '..', '..');

/** Free-form CloudFormation JSON, walked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are arbitrary JSON that assertions walk.
export type CfnJson = any;

/** A CloudFormation template as synthesized: only what the infra tests read. */
export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, { readonly Type: string; readonly Properties?: CfnJson }>>;
  readonly Outputs?: Readonly<Record<string, { readonly Description?: string; readonly Value: unknown }>>;
}

/** One finding of a validation plugin, as CDK writes it to `validation-report.json`. */
export interface ValidationFinding {
  readonly ruleName: string;
  readonly description: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
  /** Present on acknowledged findings. */
  readonly reason?: string;
}

export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: 'success' | 'failure';
    readonly violations: readonly ValidationFinding[];
    readonly suppressedViolations?: readonly ValidationFinding[];
  }[];
}

export interface SynthesizedApp {
  readonly outdir: string;
  /** Template of each stack, by stack id. */
  readonly templates: ReadonlyMap<string, CfnTemplate>;
  /** The validation report (cdk-nag's findings, acknowledged or not); absent when no plugin ran. */
  readonly report: ValidationReport | undefined;
  /** What `app.synth()` threw: a failed validation, or a configuration error. */
  readonly error: Error | undefined;
}

/** A context a production deployment would give: every optional part switched on. */
export const PRODUCTION_CONTEXT: Readonly<Record<string, string>> = {
  'quietlist:stage': 'prod',
  'quietlist:domainName': 'unsubscribe.example.com',
  'quietlist:certificateArn':
    'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  'quietlist:jwtIssuer': 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
  'quietlist:jwtAudience': 'admin-console,partner-app',
  'quietlist:defaultPhoneCountry': 'US',
  'quietlist:unsubscribeMailto': 'unsubscribe@example.com',
  'quietlist:sesMirror': 'true',
  'quietlist:logRetentionDays': '365',
  'quietlist:alarmEmail': 'oncall@example.com',
  'quietlist:filterReservedConcurrency': '20',
  'quietlist:consoleDomain': 'console.example.com',
  'quietlist:consoleCertificateArn':
    'arn:aws:acm:us-east-1:123456789012:certificate/1b2c3d4e-5f60-7890-bcde-f01234567890',
  'quietlist:oidcClientId': 'admin-console',
  'quietlist:oidcScope': 'openid email',
  'quietlist:oidcConnectOrigins': 'https://quietlist-example.auth.us-east-1.amazoncognito.com',
  'quietlist:eventsWebhookUrl': 'https://crm.example.com/hooks/quietlist',
  'quietlist:eventsWebhookSecretArn':
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:quietlist/webhook-key-AbCdEf',
};

/**
 * A stand-in for the built console (`console/dist`, which `npm run build:console` writes and tests do not need):
 * an index.html and one hashed asset, in a folder of its own.
 */
export const fakeConsoleDist = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'quietlist-console-dist-'));
  mkdirSync(join(folder, 'assets'));
  writeFileSync(
    join(folder, 'index.html'),
    '<!doctype html><title>Quietlist</title><script type="module" src="/console/assets/index-Ab12Cd34.js"></script>',
  );
  writeFileSync(join(folder, 'assets', 'index-Ab12Cd34.js'), 'export {};\n');
  return folder;
};

/** The context `npx cdk synth` reads from cdk.json, so tests synthesize with the same feature flags. */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> })
    .context ?? {};

/**
 * Builds the whole app (infra/build-app.ts) with cdk.json's context plus `context`, synthesizes it into a fresh
 * directory and reads back every stack template and the validation report. A failed validation does not throw:
 * the templates are written before validation runs, so tests can report the findings and still inspect the rest.
 *
 * @param options.bundle - run esbuild for the functions (slow); without it assets are placeholders.
 * @param options.alter - changes the built app before synthesis (to prove a check can fail).
 */
export const synthApp = (
  context: Record<string, unknown> = {},
  options: {
    readonly bundle?: boolean;
    readonly alter?: (app: App) => void;
    /** The built console to deploy. @default a {@link fakeConsoleDist} */
    readonly consoleDist?: string;
  } = {},
): SynthesizedApp => {
  const outdir = mkdtempSync(join(tmpdir(), 'quietlist-synth-'));
  let error: Error | undefined;
  try {
    const app = buildApp(
      new App({
        outdir,
        context: {
          ...cdkJsonContext(),
          ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
          ...context,
        },
      }),
      { consoleDist: options.consoleDist ?? fakeConsoleDist() },
    );
    options.alter?.(app);
    app.synth();
  } catch (thrown) {
    error = thrown as Error;
  }
  const read = <T>(file: string): T | undefined => {
    try {
      return JSON.parse(readFileSync(join(outdir, file), 'utf8')) as T;
    } catch {
      return undefined;
    }
  };
  const manifest = read<{
    artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
  }>('manifest.json');
  const templates = new Map<string, CfnTemplate>();
  for (const [id, artifact] of Object.entries(manifest?.artifacts ?? {})) {
    const file = artifact.properties?.templateFile;
    if (artifact.type === 'aws:cloudformation:stack' && file) {
      const template = read<CfnTemplate>(file);
      if (template) templates.set(id, template);
    }
  }
  return { outdir, templates, report: read<ValidationReport>('validation-report.json'), error };
};

/** Every resource of every stack, with its stack id and logical id. */
export const resourcesOf = (synthesized: SynthesizedApp, type?: string) =>
  [...synthesized.templates].flatMap(([stack, template]) =>
    Object.entries(template.Resources)
      .filter(([, resource]) => type === undefined || resource.Type === type)
      .map(([logicalId, resource]) => ({
        stack,
        logicalId,
        type: resource.Type,
        properties: resource.Properties ?? {},
      })),
  );
