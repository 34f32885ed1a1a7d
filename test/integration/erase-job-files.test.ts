import { ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/import-job-repository';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';
import { purgeJobFiles } from '#app/purge-job-files';
import { OUTBOUND_EVENT_SOURCE } from '#domain/outbound-events';
import { ulid } from '#domain/ulid';
import { tenantJobPrefixes } from '#shared/jobs-contract';
import { wirePurgeJobFiles } from '#wiring/purge-job-files';
import { makeHandler as makePurgeHandler } from '../../functions/event/purge-job-files';
import { deliveredByEventBridge } from '../../local/erasure-job-files-rule';
import type { LocalOutboundEvent } from '../../local/outbound-events';
import { adminCalls } from '../support/admin-calls';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 14: erasure reaches the job files. Over real HTTP, DynamoDB Local and s3rver, with the outbound-events
 * stand-in and the erasure rule's stand-in: an import and a filter job holding a value run to success, `POST
 * /v1/erasures` of that value publishes `Erasure Completed`, and every object under the workspace's job prefixes
 * goes (another workspace's stay), the jobs say why they answer no result URL, and a second delivery does nothing.
 */

let service: LocalService;
let s3: S3Client;
let bucket: string;

beforeAll(async () => {
  service = await startLocalService({ s3: true, events: true });
  if (!service.s3) throw new Error('no local S3 server');
  s3 = createS3Client({ endpoint: service.s3.endpoint });
  bucket = service.s3.bucket;
});

afterAll(async () => {
  s3?.destroy();
  await service?.close();
});

const VALUE = 'jane.jobfiles@example.com';

const { send, json } = adminCalls(() => service);

/** The erasure rule's target, `PurgeJobFiles`, as its handler runs: to deliver an event by hand. */
const purgeHandler = () =>
  makePurgeHandler(
    wirePurgeJobFiles({
      tableName: service.table.tableName,
      dynamoDbEndpoint: service.table.endpoint,
      objects: new S3ObjectStore(s3, bucket),
    }),
  );

/** An `Erasure Completed` as the rule delivers it, with any detail (a malformed one included). */
const erasureCompleted = (detail: { readonly tenantId: unknown; readonly eventId: string }) =>
  deliveredByEventBridge({
    detailType: 'Erasure Completed',
    source: OUTBOUND_EVENT_SOURCE,
    detail: detail as unknown as LocalOutboundEvent['detail'],
  });

/** Polls `check` until it answers something, or fails naming what it waited for. */
const until = async <T>(
  what: string,
  check: () => Promise<T | undefined>,
  deadlineMs = 60_000,
): Promise<T> => {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const answer = await check();
    if (answer !== undefined) return answer;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const upload = async (
  created: { upload: { url: string; method: string; headers: Record<string, string> } },
  body: string,
) => {
  const put = await fetch(created.upload.url, {
    method: created.upload.method,
    headers: created.upload.headers,
    body,
  });
  expect(put.status).toBe(200);
};

/** Every object key under the tenant's job prefixes, as s3rver holds them. */
const jobFilesOf = async (tenant: string): Promise<string[]> => {
  // A set: s3rver's marker paging may answer a key on two pages.
  const keys = new Set<string>();
  // ListObjects (version 1), paged by marker: s3rver fails truncated V2 listings (see S3ObjectStore.listKeys).
  for (const prefix of tenantJobPrefixes(tenant)) {
    let marker: string | undefined;
    for (;;) {
      const listed = await s3.send(
        new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }),
      );
      const page = (listed.Contents ?? []).map((object) => object.Key as string);
      for (const key of page) keys.add(key);
      if (!listed.IsTruncated || page.length === 0) break;
      marker = page.at(-1);
    }
  }
  return [...keys];
};

/** An import of the value (and another), run to success; its result file read back. */
const importValue = async (tenant: string) => {
  const created = await json(
    await send(tenant, 'POST', '/v1/imports', { mode: 'add', fileName: 'list.csv' }),
    201,
  );
  await upload(created, `email\n${VALUE}\nsam.jobfiles@example.com\n`);
  const done = await until('the import to succeed', async () => {
    const job = await json(await send(tenant, 'GET', `/v1/imports/${created.importId}`));
    if (job.status === 'failed') throw new Error(`import failed: ${job.error}`);
    return job.status === 'succeeded' ? job : undefined;
  });
  return { importId: created.importId as string, results: done.results as { url: string } };
};

/** A filter job over the value, run to success. */
const filterValue = async (tenant: string) => {
  const created = await json(
    await send(tenant, 'POST', '/v1/filter-jobs', {
      campaignId: 'c-1',
      category: 'marketing',
      channels: ['email'],
      template: { html: 'Hi [[unsubscribe_link]] [[postal_address]]' },
    }),
    201,
  );
  await upload(created, `${JSON.stringify({ contactId: 'crm-1', email: VALUE })}\n`);
  await until('the filter job to succeed', async () => {
    const job = await json(await send(tenant, 'GET', `/v1/filter-jobs/${created.jobId}`));
    if (job.status === 'failed') throw new Error(`filter job failed: ${job.error}`);
    return job.status === 'succeeded' ? job : undefined;
  });
  return created.jobId as string;
};

describe('an erasure reaches the job files', () => {
  it("deletes every job file of the workspace, leaves another's, and the jobs say why they have no results", async () => {
    const tenant = uniqueTenant();
    const other = uniqueTenant();
    const mine = await importValue(tenant);
    const theirs = await importValue(other);
    const filterJobId = await filterValue(tenant);
    expect(await (await fetch(mine.results.url)).text()).toContain(VALUE);
    // What the Distributed Map's ResultWriter writes deployed (the local runner writes none): a failed chunk's
    // record, input lines included, under the job's own prefix.
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `map-runs/${tenant}/${mine.importId}/run-1/FAILED_0.json`,
        Body: JSON.stringify([{ Input: JSON.stringify({ Items: [{ input: VALUE }] }) }]),
      }),
    );
    const before = await jobFilesOf(tenant);
    expect(before).toEqual(
      expect.arrayContaining([
        `uploads/${tenant}/${mine.importId}`,
        `work/${tenant}/${mine.importId}/lines.jsonl`,
        `results/${tenant}/${mine.importId}/results.csv`,
        `results/${tenant}/${filterJobId}/eligible.jsonl`,
        `map-runs/${tenant}/${mine.importId}/run-1/FAILED_0.json`,
      ]),
    );
    const theirFiles = await jobFilesOf(other);
    expect(theirFiles.length).toBeGreaterThan(2);

    const receipt = await json(await send(tenant, 'POST', '/v1/erasures', { values: [VALUE] }));
    expect(receipt).toMatchObject({ erasureId: expect.any(String), jobFiles: 'deleting' });

    await until('the job files to be deleted', async () =>
      (await jobFilesOf(tenant)).length === 0 ? true : undefined,
    );
    expect(await jobFilesOf(other)).toEqual(theirFiles);

    const job = await json(await send(tenant, 'GET', `/v1/imports/${mine.importId}`));
    expect(job).toMatchObject({
      status: 'succeeded',
      results: null,
      filesErased: { at: expect.any(String), erasureId: receipt.erasureId },
    });
    // The counts stay: the job still says what it did.
    expect(job.counts).toMatchObject({ lines: 3, skipped: 1 });
    const filterJob = await json(await send(tenant, 'GET', `/v1/filter-jobs/${filterJobId}`));
    expect(filterJob).toMatchObject({ results: null, filesErased: { erasureId: receipt.erasureId } });
    const untouched = await json(await send(other, 'GET', `/v1/imports/${theirs.importId}`));
    expect(untouched.filesErased).toBeUndefined();
    expect(untouched.results.url).toEqual(expect.any(String));

    // At-least-once delivery: the same event again finds nothing and marks nothing.
    const purge = purgeHandler();
    const again = await purge(
      erasureCompleted({ tenantId: tenant, eventId: receipt.erasureId }),
      {} as Context,
    );
    expect(again).toEqual({ deletedObjects: 0, jobIds: [] });
    expect((await json(await send(tenant, 'GET', `/v1/imports/${mine.importId}`))).filesErased).toEqual(
      job.filesErased,
    );

    // A repeat of the erasure is the same erasure: no second event, and the receipt says so.
    const repeat = await json(await send(tenant, 'POST', '/v1/erasures', { values: [VALUE] }));
    expect(repeat).toMatchObject({ erasureId: receipt.erasureId, jobFiles: 'requested_earlier' });
    const nothing = await json(
      await send(tenant, 'POST', '/v1/erasures', { values: ['never.jobfiles@example.com'] }),
    );
    expect(nothing).toMatchObject({ erasureId: null, jobFiles: 'not_reached' });
  }, 180_000);

  it('finishes on the retry what a failed run left, having marked the job before deleting its files', async () => {
    const tenant = uniqueTenant();
    const jobs = new DynamoDbImportJobRepository(service.table.doc, service.table.tableName);
    const importId = ulid();
    await jobs.createImportJob({
      tenantId: tenant,
      importId,
      mode: 'add',
      source: 'admin',
      fileName: 'list.csv',
      status: 'succeeded',
      counts: { lines: 1, added: 1, already_suppressed: 0, invalid: 0, skipped: 0 },
      createdAt: new Date().toISOString(),
      actor: { type: 'user', userId: 'u-1' },
    });
    // More than a page of keys, so the purge lists again after deleting one.
    // No upload key: s3rver's Object Created event would start a job on it, as S3's would.
    const keys = [
      `work/${tenant}/${importId}/lines.jsonl`,
      ...Array.from(
        { length: 1_005 },
        (_, i) => `results/${tenant}/${importId}/parts/${String(i).padStart(10, '0')}.csv`,
      ),
    ];
    for (let i = 0; i < keys.length; i += 10) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: VALUE }))),
      );
    }
    // The one fault s3rver cannot be made to give: DeleteObjects refusing a page (S3 answers such keys in Errors).
    const store = new S3ObjectStore(s3, bucket);
    let deletes = 0;
    const faulty = {
      listKeys: (prefix: string, limit: number) => store.listKeys(prefix, limit),
      deleteKeys: async (page: readonly string[]) => {
        deletes += 1;
        if (deletes === 2) throw new Error('S3 did not delete 1000 of 1000 object(s), e.g. x: SlowDown');
        await store.deleteKeys(page);
      },
    };
    const purge = purgeJobFiles({ objects: faulty, jobs });
    const input = { tenantId: tenant, erasureId: 'er_retry', at: new Date('2026-01-02T03:04:05.000Z') };
    await expect(purge(input)).rejects.toThrow(/SlowDown/);
    // The job already says its files go; what the failed page held is still there, for the retry.
    expect((await jobs.getImportJob(tenant, importId))?.filesErased).toEqual({
      at: '2026-01-02T03:04:05.000Z',
      erasureId: 'er_retry',
    });
    expect((await jobFilesOf(tenant)).length).toBe(1_005);
    const retried = await purge(input);
    expect(retried).toEqual({ deletedObjects: 1_005, jobIds: [importId] });
    expect(await jobFilesOf(tenant)).toEqual([]);
  }, 120_000);

  it('refuses an event whose tenant id could reach another prefix, naming it', async () => {
    const purge = purgeHandler();
    const event = (tenantId: unknown) => erasureCompleted({ tenantId, eventId: 'er_x' });
    await expect(purge(event('acme/../other'), {} as Context)).rejects.toThrow(/acme\/\.\.\/other/);
    await expect(purge(event(''), {} as Context)).rejects.toThrow(/tenant/);
    await expect(purge(event(42), {} as Context)).rejects.toThrow(/detail\.tenantId/);
  });
});
