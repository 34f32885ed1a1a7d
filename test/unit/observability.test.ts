import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, redactLogValue } from '#lambda/log-redaction';
import { correlationIdOf } from '#lambda/observability';
import { METRIC_NAMESPACE, METRICS } from '#shared/metric-contract';

const root = join(import.meta.dirname, '..', '..');

/** What the logger writes for these attributes: the same replacer, the same JSON.stringify. */
const logged = (attributes: Record<string, unknown>): string => JSON.stringify(attributes, redactLogValue);

describe('log redaction', () => {
  it('masks contact details under the keys that hold them', () => {
    expect(
      JSON.parse(
        logged({
          email: 'jane.doe@example.com',
          phone: '+33 6 12 34 56 78',
          linkedin: 'https://www.linkedin.com/in/jane-doe/',
          value: '@example.com',
          values: ['jane.doe@example.com', '+33612345678'],
        }),
      ),
    ).toEqual({
      email: 'j***@example.com',
      phone: '+33*******78',
      linkedin: 'https://www.linkedin.com/in/j***',
      value: '@example.com',
      values: ['j***@example.com', '+33*******78'],
    });
  });

  it('drops credentials whole', () => {
    expect(JSON.parse(logged({ token: 'k1.abcdef', headers: { authorization: 'Bearer eyJ' } }))).toEqual({
      token: REDACTED,
      headers: { authorization: REDACTED },
    });
  });

  it('masks addresses inside free text, error messages included', () => {
    const text = logged({ error: { message: 'bounce for <Jane.Doe+news@Example.com>: 550 user unknown' } });
    expect(text).toContain('J***@Example.com');
    expect(text).not.toContain('Jane.Doe');
  });

  it('leaves hashes, ids, tenants and counts as they are', () => {
    const attributes = {
      valueHash: 'h1:abc',
      tenantId: 't-1',
      sqsMessageId: 'm-1',
      added: 3,
      route: 'GET /v1',
    };
    expect(JSON.parse(logged(attributes))).toEqual(attributes);
  });

  it('never lets a whole address through, whatever key or text carries it', () => {
    const local = fc.stringMatching(/^[a-z0-9._+-]{2,20}$/);
    const domain = fc.stringMatching(/^[a-z0-9]{1,10}\.(com|org|fr)$/);
    fc.assert(
      fc.property(
        local,
        domain,
        fc.constantFrom('email', 'note', 'message', 'detail', 'values'),
        fc.string(),
        (user, host, key, prefix) => {
          const address = `${user}@${host}`;
          const text = logged({ [key]: key === 'values' ? [address] : `${prefix} ${address}` });
          expect(text).not.toContain(address);
        },
      ),
    );
  });

  it('masks an address in text under a contact key even when the text starts like a domain entry', () => {
    // Found by the property above: "@ ++@0.com" was shown whole, as if it were the domain entry "@…".
    expect(logged({ email: '@ ++@0.com' })).not.toContain('++@0.com');
    expect(logged({ value: '@example.com' })).toContain('@example.com');
  });
});

describe('correlation ids', () => {
  it('are the API Gateway request id for HTTP events', () => {
    expect(correlationIdOf({ requestContext: { requestId: 'Ab12=' }, body: '' })).toBe('Ab12=');
  });

  it('are the message id of a one-record SQS batch, and none for larger batches', () => {
    expect(correlationIdOf({ Records: [{ messageId: 'm-1' }] })).toBe('m-1');
    expect(correlationIdOf({ Records: [{ messageId: 'm-1' }, { messageId: 'm-2' }] })).toBeUndefined();
  });

  it('are absent from a direct invocation payload', () => {
    expect(correlationIdOf({ tenantId: 't-1', recipients: [] })).toBeUndefined();
  });
});

describe('an observed handler, as it runs in Lambda', () => {
  let lines: Record<string, unknown>[];
  let raw: string;

  beforeAll(async () => {
    // A process of its own: Powertools writes to stdout as in Lambda (POWERTOOLS_DEV would route it elsewhere).
    const { POWERTOOLS_DEV: _, ...env } = process.env;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/support/observe-probe.ts')],
      { cwd: root, env },
    );
    raw = `${stdout}\n${stderr}`;
    lines = raw
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 30_000);

  it('logs JSON with the Lambda context, the operation and the API Gateway request id', () => {
    const line = lines.find((entry) => entry.message === 'recipient unsubscribe');
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'quietlist',
      function_request_id: 'lambda-request-1',
      operation: 'probe',
      correlation_id: 'api-request-1',
      email: 'j***@example.com',
    });
  });

  it('never writes the address, not even in the error it logged', () => {
    expect(lines.some((entry) => entry.message === 'request failed')).toBe(true);
    expect(raw).not.toContain('jane.doe@example.com');
  });

  it('publishes EMF metrics in the Quietlist namespace, totals and breakdowns, even when the handler failed', () => {
    const emf = lines.filter((entry) => '_aws' in entry);
    const totals = emf.find((entry) =>
      Object.keys(entry).every((key) => !['source', 'reason', 'eventType'].includes(key)),
    );
    const sum = (value: unknown) => [value].flat().reduce((total: number, item) => total + Number(item), 0);
    expect(totals).toMatchObject({
      service: 'quietlist',
      [METRICS.unsubscribes]: 1,
      [METRICS.filterRecipients]: 3,
      [METRICS.filterUnchecked]: 1,
      [METRICS.feedbackProcessed]: 9,
      [METRICS.feedbackFailed]: 1,
    });
    // One from the unsubscribe, two from the bulk add (the already suppressed and the invalid value count none).
    expect(sum(totals?.[METRICS.suppressionsWritten])).toBe(3);
    // Nothing is published for a zero: no duplicate records, no empty series.
    expect(totals).not.toHaveProperty(METRICS.feedbackDuplicate);
    expect(JSON.stringify(totals)).toContain(`"Namespace":"${METRIC_NAMESPACE}"`);
    // A recipient's unsubscribe is one breakdown record holding both of its metrics (one EMF line per click less).
    expect(emf.filter((entry) => entry.source === 'link')).toEqual([
      expect.objectContaining({ [METRICS.unsubscribes]: 1, [METRICS.suppressionsWritten]: 1 }),
    ]);
    expect(emf).toContainEqual(expect.objectContaining({ reason: 'bounced', [METRICS.filteredByReason]: 1 }));
    expect(emf).toContainEqual(
      expect.objectContaining({ source: 'admin', [METRICS.suppressionsWritten]: 2 }),
    );
    expect(emf).toContainEqual(
      expect.objectContaining({ eventType: 'Complaint', [METRICS.sesEventRecipients]: 2 }),
    );
    // SES event recipients are only meaningful per type: no service-wide total.
    expect(totals).not.toHaveProperty(METRICS.sesEventRecipients);
  });

  it('gives each breakdown record its own dimension alone, none left over from the record before', () => {
    // The breakdowns share one single-metric publisher for the container: its dimension must not stick.
    const breakdownKeys = ['source', 'reason', 'eventType'];
    const breakdowns = lines.filter((entry) => '_aws' in entry && breakdownKeys.some((key) => key in entry));
    expect(breakdowns.length).toBeGreaterThanOrEqual(5);
    for (const entry of breakdowns) {
      const { CloudWatchMetrics } = entry._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] };
      const dimensions = CloudWatchMetrics[0]?.Dimensions ?? [];
      expect(dimensions).toHaveLength(1);
      expect(dimensions[0]).toHaveLength(2);
      expect(breakdownKeys.filter((key) => key in entry)).toHaveLength(1);
    }
  });
});
