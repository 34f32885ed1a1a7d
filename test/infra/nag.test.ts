import { Stack } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import {
  PRODUCTION_CONTEXT,
  type SynthesizedApp,
  synthApp,
  type ValidationFinding,
} from '../support/synth-app';

const AWS_SOLUTIONS = 'AwsSolutions';

const describeFinding = (finding: ValidationFinding) =>
  `${finding.ruleName} at ${finding.violatingConstructs.map((c) => c.constructPath).join(', ')}: ${finding.description}`;

const pluginReport = (synthesized: SynthesizedApp) =>
  synthesized.report?.pluginReports.find((report) => report.pluginName === AWS_SOLUTIONS);

/** Asserts zero unacknowledged findings, listing them (rule, construct, why) when there are some. */
const expectNoFindings = (synthesized: SynthesizedApp) => {
  const report = pluginReport(synthesized);
  expect(report, synthesized.error?.message ?? 'the AWS Solutions checks did not run').toBeDefined();
  expect(report?.violations.map(describeFinding)).toEqual([]);
  expect(synthesized.error?.message).toBeUndefined();
};

describe('cdk-nag (AWS Solutions checks) over the whole app', () => {
  const fresh = synthApp();
  const production = synthApp(PRODUCTION_CONTEXT);

  it('passes on a fresh clone, with no context and no AWS account', () => {
    expect(fresh.templates.size).toBeGreaterThanOrEqual(5);
    expectNoFindings(fresh);
  });

  it('checks every stack of the app, the console and the public web ACL included', () => {
    const stacks = [
      'QuietlistAdminApi',
      'QuietlistConsole',
      'QuietlistData',
      'QuietlistEvents',
      'QuietlistFeedback',
      'QuietlistFilter',
      'QuietlistJobs',
      'QuietlistMonitoring',
      'QuietlistPublicApi',
      'QuietlistSms',
    ];
    expect([...fresh.templates.keys()].sort()).toEqual(stacks);
    // Production puts CloudFront and a web ACL (in us-east-1) in front of the public endpoint.
    expect([...production.templates.keys()].sort()).toEqual([...stacks, 'QuietlistPublicWaf'].sort());
  });

  it('passes with a production configuration', () => {
    expectNoFindings(production);
  });

  it('justifies every acknowledged finding with a reason a reviewer can read', () => {
    const acknowledged = [fresh, production].flatMap((s) => pluginReport(s)?.suppressedViolations ?? []);
    expect(acknowledged.length).toBeGreaterThan(0);
    const unjustified = acknowledged.filter(
      (finding) => (finding.reason ?? '').trim().split(/\s+/).length < 8,
    );
    expect(unjustified.map(describeFinding)).toEqual([]);
  });

  it('fails synth on a finding nobody acknowledged', () => {
    const altered = synthApp(
      {},
      {
        alter: (app) => {
          const stack = app.node.children.find((child): child is Stack => child instanceof Stack);
          if (stack) new Topic(stack, 'UnencryptedTopic');
        },
      },
    );
    expect(altered.error?.message).toContain('UnencryptedTopic');
    expect(pluginReport(altered)?.violations.map((finding) => finding.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SNS3']),
    );
  });
});
