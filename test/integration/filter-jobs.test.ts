import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbContactRepository } from '#adapters/dynamodb/contact-repository';
import { DynamoDbSuppressionRepository } from '#adapters/dynamodb/suppression-repository';
import { filterAudience } from '#app/filter-audience';
import { createFilterJob, getFilterJob } from '#app/filter-jobs';
import { domainEntriesCovering } from '#domain/normalize-domain';
import type { Principal } from '#domain/roles';
import { JOB_KEYS, STEP_RETRY } from '#shared/jobs-contract';
import { seedEntries } from '../support/admin-api';
import { interceptedClient } from '../support/filter-fixture';
import { type Jobs, startJobs } from '../support/jobs';
import { uniqueTenant } from '../support/repositories';

let jobs: Jobs;

beforeAll(async () => {
  jobs = await startJobs();
});

afterAll(async () => {
  await jobs?.close();
});

const pipeline = (tenantId: string): Principal => ({
  tenantId,
  userId: 'pipeline',
  role: 'manager',
  type: 'service',
});
const SPEC = {
  campaignId: 'c-42',
  category: 'marketing',
  channels: ['email', 'phone'],
  template: { html: 'Hi [[unsubscribe_link]] [[postal_address]]' },
};

interface Answer {
  readonly line?: number;
  readonly contactId: string;
  readonly reasons?: string[];
  readonly emails?: { address: string }[];
  readonly phones?: string[];
  readonly blocked?: unknown[];
  readonly error?: string;
}

const jsonLines = (text: string | undefined): Answer[] =>
  (text ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Answer);

/** What a comparison looks at: who, and every decision about them (links differ per call: only addresses). */
const decisionOf = (answer: Answer) => ({
  contactId: answer.contactId,
  reasons: answer.reasons,
  emails: answer.emails?.map((email) => email.address),
  phones: answer.phones,
  blocked: answer.blocked,
});

describe('a filter job of 20,000 recipients', () => {
  it("decides every recipient as the synchronous filter does, in input order, and sums the filter's summary", async () => {
    const tenantId = uniqueTenant();
    const at = new Date('2026-01-01T00:00:00Z');
    const seeded = Array.from({ length: 400 }, (_, i) => `blocked${i * 50}@example.org`);
    await seedEntries(jobs.services, tenantId, [
      ...seeded.map((value) => ({ value, kind: 'email' as const, source: 'link' as const, at })),
      { value: '@competitor.example', kind: 'domain', source: 'admin', at },
    ]);
    const recipients = Array.from({ length: 20_000 }, (_, i) => {
      if (i % 50 === 0) return { contactId: `c${i}`, email: `blocked${i}@example.org` };
      if (i % 97 === 1) return { contactId: `c${i}`, email: `not-an-address-${i}` };
      if (i % 113 === 2)
        return { contactId: `c${i}`, email: `x${i}@competitor.example`, phone: '+1 202 555 0100' };
      if (i % 89 === 3) return { contactId: `c${i}`, email: `p${i}@example.org`, doNotContact: true };
      if (i % 71 === 4) return { contactId: `c${i}` };
      return { contactId: `c${i}`, email: `person${i}@example.org` };
    });
    const lines = recipients.map((recipient) => JSON.stringify(recipient));
    // Two lines the filter never sees: not JSON, and a recipient its parser refuses. And a blank line.
    lines.splice(7, 0, '{not json');
    lines.splice(9, 0, JSON.stringify({ contactId: '', email: 'a@example.org' }));
    lines.splice(11, 0, '');

    const { jobId } = await createFilterJob({ jobs: jobs.jobs, objects: jobs.objects })({
      principal: pipeline(tenantId),
      spec: SPEC,
      at: new Date(),
    });
    const key = JOB_KEYS.upload(tenantId, jobId);
    await jobs.objects.write(key, `${lines.join('\n')}\n`, 'text/csv');
    expect(await jobs.runner().run(key)).toMatchObject({ status: 'succeeded' });

    // The synchronous filter over the same recipients, in its largest batches.
    const sync = {
      eligible: [] as Answer[],
      filtered: [] as Answer[],
      received: 0,
      byReason: {} as Record<string, number>,
    };
    for (let from = 0; from < recipients.length; from += 10_000) {
      const { output } = await filterAudience(jobs.filterDeps)({
        tenantId,
        ...SPEC,
        recipients: recipients.slice(from, from + 10_000),
      });
      sync.eligible.push(...(output.eligible as unknown as Answer[]));
      sync.filtered.push(...(output.filtered as unknown as Answer[]));
      sync.received += output.summary.received;
      for (const [reason, count] of Object.entries(output.summary.byReason)) {
        sync.byReason[reason] = (sync.byReason[reason] ?? 0) + (count ?? 0);
      }
    }

    const eligible = jsonLines(await jobs.text(JOB_KEYS.eligible(tenantId, jobId)));
    const filtered = jsonLines(await jobs.text(JOB_KEYS.filtered(tenantId, jobId)));
    expect(eligible.map(decisionOf)).toEqual(sync.eligible.map(decisionOf));
    expect(filtered.filter((answer) => !answer.error).map(decisionOf)).toEqual(sync.filtered.map(decisionOf));
    expect(filtered.filter((answer) => answer.error).map((answer) => answer.line)).toEqual([8, 10]);
    // c2's email is at a blocked domain: eligible on its phone, the email listed as blocked. Lines are the file's.
    expect(eligible[0]).toMatchObject({ line: 3, contactId: 'c2', phones: ['+12025550100'], emails: [] });
    expect(eligible.find((answer) => answer.contactId === 'c5')).toMatchObject({
      line: 6,
      emails: [
        {
          address: 'person5@example.org',
          unsubscribeUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\/u\//),
        },
      ],
    });
    expect(sync.filtered.length).toBeGreaterThan(400);

    const view = await getFilterJob({ jobs: jobs.jobs, objects: jobs.objects })({ tenantId, jobId });
    expect(view.status).toBe('succeeded');
    expect(view.counts).toMatchObject({
      lines: 20_003,
      invalid: 2,
      skipped: 1,
      eligible: sync.eligible.length,
      filtered: sync.filtered.length,
    });
    expect(view.summary).toEqual({
      received: sync.received,
      eligible: sync.eligible.length,
      filtered: sync.filtered.length,
      byReason: expect.objectContaining(sync.byReason),
    });
    expect(view.results?.eligible).toMatch(/X-Amz-Signature=/);
  }, 600_000);

  it('answers a chunk the table never answered with its recipients unchecked, never eligible, and says so', async () => {
    const tenantId = uniqueTenant();
    const at = new Date('2026-01-01T00:00:00Z');
    await seedEntries(jobs.services, tenantId, [
      { value: 'gone1@example.org', kind: 'email', source: 'link', at },
      { value: 'p700@stuck.example', kind: 'email', source: 'link', at },
      { value: 'gone1100@example.org', kind: 'email', source: 'link', at },
    ]);
    // Lines 501–1000 are the second chunk (500 lines a chunk): every read of its recipients' entries and
    // do-not-contact states fails, on every attempt — a fault DynamoDB Local cannot produce for one chunk.
    const lines = Array.from({ length: 1_200 }, (_, i) => {
      const n = i + 1;
      if (n === 600) return '{not json';
      if (n === 650) return '';
      if (n > 500 && n <= 1_000)
        return JSON.stringify({ contactId: `stuck-${n}`, email: `p${n}@stuck.example` });
      const email = n === 1 || n === 1_100 ? `gone${n}@example.org` : `person${n}@example.org`;
      return JSON.stringify({ contactId: `c${n}`, email });
    });
    const stuckHashes = new Set([
      ...Array.from({ length: 500 }, (_, i) => jobs.services.hashValue('email', `p${501 + i}@stuck.example`)),
      ...domainEntriesCovering('@stuck.example').map((domain) => jobs.services.hashValue('domain', domain)),
    ]);
    const stuck = (pk: string) =>
      pk.includes('#stuck-') || stuckHashes.has(pk.slice(pk.lastIndexOf('#') + 1));
    let failedReads = 0;
    const faulty = interceptedClient(jobs.services.doc, (command) => {
      if (!(command instanceof BatchGetCommand)) return undefined;
      const keys = Object.values(command.input.RequestItems ?? {}).flatMap((request) => request.Keys ?? []);
      if (!keys.some((key) => stuck(String(key.pk)))) return undefined;
      failedReads++;
      return Promise.reject(
        Object.assign(new Error('Throughput exceeds the current capacity'), {
          name: 'ProvisionedThroughputExceededException',
        }),
      );
    });
    const { jobId } = await createFilterJob({ jobs: jobs.jobs, objects: jobs.objects })({
      principal: pipeline(tenantId),
      spec: SPEC,
      at: new Date(),
    });
    const key = JOB_KEYS.upload(tenantId, jobId);
    await jobs.objects.write(key, `${lines.join('\n')}\n`, 'text/csv');
    const noWait = { sleep: async () => {} };
    const filter = {
      contacts: new DynamoDbContactRepository(faulty, jobs.tableName, noWait),
      suppressions: new DynamoDbSuppressionRepository(faulty, jobs.tableName, noWait),
    };
    expect(await jobs.runner(undefined, undefined, filter).run(key)).toMatchObject({
      status: 'succeeded',
    });
    // Every attempt of the chunk (STEP_RETRY) read, and failed, before the Catch answered it.
    expect(failedReads).toBeGreaterThanOrEqual(STEP_RETRY.maxAttempts);

    const eligible = jsonLines(await jobs.text(JOB_KEYS.eligible(tenantId, jobId)));
    const filtered = jsonLines(await jobs.text(JOB_KEYS.filtered(tenantId, jobId)));
    const inSecondChunk = (answer: Answer) => (answer.line ?? 0) > 500 && (answer.line ?? 0) <= 1_000;
    expect(eligible.filter(inSecondChunk)).toEqual([]);
    expect(eligible.some((answer) => answer.contactId.startsWith('stuck-'))).toBe(false);
    const unchecked = filtered.filter(inSecondChunk).filter((answer) => !answer.error);
    expect(unchecked).toHaveLength(498);
    expect(unchecked.every((answer) => answer.contactId === `stuck-${answer.line}`)).toBe(true);
    expect(unchecked.every((answer) => JSON.stringify(answer.reasons) === '["unchecked"]')).toBe(true);
    // The line that is not JSON is reported as in any chunk; the blank line is skipped.
    expect(filtered.filter(inSecondChunk).filter((answer) => answer.error)).toEqual([
      { line: 600, error: 'the line is not JSON' },
    ]);
    // The other chunks are decided normally: the suppressed addresses filtered, everyone else eligible.
    const decidedElsewhere = filtered.filter((answer) => !inSecondChunk(answer));
    expect(decidedElsewhere.map((answer) => [answer.line, answer.reasons])).toEqual([
      [1, ['unsubscribed']],
      [1_100, ['unsubscribed']],
    ]);
    expect(eligible.map((answer) => answer.line)).toEqual(
      Array.from({ length: 1_200 }, (_, i) => i + 1).filter(
        (n) => (n > 1 && n <= 500) || (n > 1_000 && n !== 1_100),
      ),
    );

    const view = await getFilterJob({ jobs: jobs.jobs, objects: jobs.objects })({ tenantId, jobId });
    expect(view.status).toBe('succeeded');
    expect(view.unchecked).toEqual({
      recipients: 498,
      chunks: 1,
      error: expect.stringMatching(/could not|unavailable|read/i),
    });
    expect(view.counts).toMatchObject({ lines: 1_200, invalid: 1, skipped: 1, eligible: 698, filtered: 500 });
    expect(view.summary).toEqual({
      received: 1_198,
      eligible: 698,
      filtered: 500,
      byReason: { unchecked: 498, unsubscribed: 2 },
    });
    expect(view.results?.filtered).toMatch(/X-Amz-Signature=/);
  }, 120_000);

  it('refuses a request the filter would refuse, before any upload, naming the field', async () => {
    const tenantId = uniqueTenant();
    await expect(
      createFilterJob({ jobs: jobs.jobs, objects: jobs.objects })({
        principal: pipeline(tenantId),
        spec: { ...SPEC, category: 'newsletter' },
        at: new Date(),
      }),
    ).rejects.toThrow(/category/);
  });

  it('refuses a job about a topic the workspace does not have, naming the ones it has, over HTTP', async () => {
    const tenantId = uniqueTenant();
    await jobs.services.tenantSettings.putTenantSettings(tenantId, {
      topics: [{ id: 'news', name: 'News', defaultSubscribed: true }],
    });
    const post = async (topic: string) =>
      fetch(`${jobs.baseUrl}/v1/filter-jobs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await jobs.credential(tenantId, 'manager')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ ...SPEC, topic }),
      });
    const refused = await post('gone');
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: { message: string } };
    expect(error.message).toMatch(/gone/);
    expect(error.message).toMatch(/news/);
    expect((await post('news')).status).toBe(201);
  });

  it('is hidden from another tenant and from the import routes', async () => {
    const tenantA = uniqueTenant();
    const { jobId } = await createFilterJob({ jobs: jobs.jobs, objects: jobs.objects })({
      principal: pipeline(tenantA),
      spec: SPEC,
      at: new Date(),
    });
    const token = await jobs.credential(tenantA, 'manager');
    const other = await jobs.credential(uniqueTenant(), 'admin');
    const get = (credential: string, path: string) =>
      fetch(`${jobs.baseUrl}${path}`, { headers: { authorization: `Bearer ${credential}` } });
    expect((await get(token, `/v1/filter-jobs/${jobId}`)).status).toBe(200);
    expect((await get(other, `/v1/filter-jobs/${jobId}`)).status).toBe(404);
    expect((await get(token, `/v1/imports/${jobId}`)).status).toBe(404);
    const list = (await (await get(token, '/v1/imports')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
    const viewer = await jobs.credential(tenantA, 'viewer');
    expect((await get(viewer, `/v1/filter-jobs/${jobId}`)).status).toBe(403);
  });
});
