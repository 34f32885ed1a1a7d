import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesAccountSuppressionList } from '#adapters/ses/account-suppression-list';
import { startSesAccountImport } from '#app/create-import';
import type { Principal } from '#domain/roles';
import { GLOBAL_TENANT } from '#domain/tenant';
import { JOB_KEYS } from '#shared/jobs-contract';
import { type Jobs, startJobs, viewOf } from '../support/jobs';

/**
 * A recorded SESv2 `ListSuppressedDestinations` conversation (REST JSON, two pages), replayed by a local HTTP
 * server so the real SESv2 client and our adapter read it as they would read SES.
 */
const PAGES: Record<string, unknown> = {
  first: {
    SuppressedDestinationSummaries: [
      { EmailAddress: 'gone@example.org', Reason: 'BOUNCE', LastUpdateTime: 1_767_225_600 },
      { EmailAddress: 'angry@example.org', Reason: 'COMPLAINT', LastUpdateTime: 1_767_312_000 },
    ],
    NextToken: 'page-2',
  },
  'page-2': {
    SuppressedDestinationSummaries: [
      { EmailAddress: 'Old.Bounce@Example.org', Reason: 'BOUNCE', LastUpdateTime: 1_764_547_200 },
    ],
  },
};

let jobs: Jobs;
let ses: Server;
let reader: SesAccountSuppressionList;
const requests: string[] = [];

beforeAll(async () => {
  jobs = await startJobs();
  ses = createServer((request, response) => {
    requests.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const page = PAGES[url.searchParams.get('NextToken') ?? 'first'];
    response.writeHead(url.pathname === '/v2/email/suppression/addresses' && page ? 200 : 404, {
      'content-type': 'application/json',
    });
    response.end(JSON.stringify(page ?? { message: 'not found' }));
  }).listen(0, '127.0.0.1');
  await once(ses, 'listening');
  const { port } = ses.address() as { port: number };
  reader = new SesAccountSuppressionList(
    new SESv2Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});

afterAll(async () => {
  await jobs?.close();
  ses?.close();
});

const operator: Principal = { tenantId: GLOBAL_TENANT, userId: 'ops', role: 'operator', type: 'person' };

const globalEvents = async () =>
  (
    await jobs.services.doc.send(
      new QueryCommand({
        TableName: jobs.services.config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${GLOBAL_TENANT}#ACT` },
      }),
    )
  ).Items ?? [];

describe('the SES account-level list import', () => {
  it('brings every address into the global list with its SES reason as source and its SES date, once', async () => {
    const { importId } = await startSesAccountImport({ jobs: jobs.jobs, objects: jobs.objects })({
      principal: operator,
      at: new Date(),
    });
    const key = JOB_KEYS.upload(GLOBAL_TENANT, importId);
    expect(await jobs.runner(undefined, reader).run(key)).toMatchObject({ status: 'succeeded' });
    expect(requests.map((url) => new URL(url, 'http://x').searchParams.get('NextToken'))).toEqual([
      null,
      'page-2',
    ]);

    const view = await viewOf(jobs, GLOBAL_TENANT, importId);
    expect(view.counts).toEqual({ lines: 3, added: 3, already_suppressed: 0, invalid: 0, skipped: 0 });
    const entryOf = (address: string) =>
      jobs.services.suppressions.getSuppression({
        tenantId: GLOBAL_TENANT,
        kind: 'email',
        valueHash: jobs.services.hashValue('email', address),
      });
    expect((await entryOf('gone@example.org'))?.sources.bounce?.at).toBe('2026-01-01T00:00:00.000Z');
    expect((await entryOf('angry@example.org'))?.sources.spam_complaint?.at).toBe('2026-01-02T00:00:00.000Z');
    expect((await entryOf('old.bounce@example.org'))?.sources.bounce?.at).toBe('2025-12-01T00:00:00.000Z');
    expect(await globalEvents()).toHaveLength(3);

    // Again: idempotent. Every address is already held by its source: nothing written, no event.
    const again = await startSesAccountImport({ jobs: jobs.jobs, objects: jobs.objects })({
      principal: operator,
      at: new Date(),
    });
    expect(
      await jobs.runner(undefined, reader).run(JOB_KEYS.upload(GLOBAL_TENANT, again.importId)),
    ).toMatchObject({
      status: 'succeeded',
    });
    expect((await viewOf(jobs, GLOBAL_TENANT, again.importId)).counts).toMatchObject({
      added: 0,
      already_suppressed: 3,
    });
    expect(await globalEvents()).toHaveLength(3);
  });
});
