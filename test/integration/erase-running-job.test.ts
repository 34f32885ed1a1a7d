import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createS3Client } from '#adapters/s3/client';
import { purgeJobFiles } from '#app/purge-job-files';
import type { Principal } from '#domain/roles';
import { jobFilePrefixes } from '#shared/jobs-contract';
import { type Jobs, startJobs, viewOf } from '../support/jobs';
import { uniqueTenant } from '../support/repositories';

/**
 * Issue 14: an erasure that reaches a job while it runs. The purge (the rule's target) deletes the files that exist
 * and marks the job; the chunks still running write their parts afterwards. The job's last step, seeing the mark,
 * writes no result file and deletes every file of the job: none is left behind, values in clear, until the expiry.
 * Over DynamoDB Local and the local S3 server, with the local stand-in for Step Functions.
 */

let jobs: Jobs;

beforeAll(async () => {
  jobs = await startJobs();
});

afterAll(async () => {
  await jobs?.close();
});

const admin = (tenantId: string): Principal => ({ tenantId, userId: 'ann', role: 'admin', type: 'person' });

/** Every key left under the job's own prefixes, as S3 lists them. */
const keysOfJob = async (tenantId: string, jobId: string): Promise<string[]> => {
  const s3 = createS3Client({ endpoint: jobs.s3.endpoint });
  try {
    const keys: string[] = [];
    for (const prefix of jobFilePrefixes(tenantId, jobId)) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: jobs.s3.bucket, Prefix: prefix }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    }
    return keys;
  } finally {
    s3.destroy();
  }
};

it('a job an erasure reached while it ran ends with its counts, no result file, and none of its files', async () => {
  const tenantId = uniqueTenant();
  const other = uniqueTenant();
  // Three chunks of up to 500 lines; the purge runs right after the first chunk's write.
  const file = Array.from({ length: 1_200 }, (_, i) => `running.${i}@example.org`).join('\n');
  const { importId, key } = await jobs.create(admin(tenantId), 'add', 'running.csv');
  await jobs.objects.write(key, file, 'text/csv');
  const bystander = await jobs.create(admin(other), 'add', 'other.csv');
  await jobs.objects.write(bystander.key, 'kept@example.org', 'text/csv');
  expect(await jobs.runner().run(bystander.key)).toMatchObject({ status: 'succeeded' });

  // One purge, started by the first chunk to write: chunks run concurrently, and a second purge started before the
  // first was assigned would find nothing left and could be the one the test read (a flaky 0 under load).
  let purge: Promise<{ deletedObjects: number }> | undefined;
  const runner = jobs.runner((suppressions) => ({
    batchGetSuppressions: (keys, options) => suppressions.batchGetSuppressions(keys, options),
    addSuppressions: async (commands, options) => {
      const result = await suppressions.addSuppressions(commands, options);
      purge ??= purgeJobFiles({ objects: jobs.objects, jobs: jobs.jobs })({
        tenantId,
        erasureId: 'er_running_job_test_000',
        at: new Date(),
      });
      await purge;
      return result;
    },
  }));

  expect(await runner.run(key)).toMatchObject({ status: 'succeeded' });
  // The purge ran mid-job and found the job's upload and work file: the job was marked then.
  expect((await purge)?.deletedObjects).toBeGreaterThanOrEqual(2);
  const view = await viewOf(jobs, tenantId, importId);
  expect(view).toMatchObject({
    status: 'succeeded',
    counts: { lines: 1_200, added: 1_200 },
    results: null,
    filesErased: { erasureId: 'er_running_job_test_000' },
  });
  // The chunks that ran after the purge wrote parts; the last step deleted them, and wrote no result file.
  expect(await keysOfJob(tenantId, importId)).toEqual([]);
  // Another workspace's job keeps its files and its result.
  expect((await keysOfJob(other, bystander.importId)).length).toBeGreaterThan(0);
  expect((await viewOf(jobs, other, bystander.importId)).results).toMatchObject({ url: expect.any(String) });
});
