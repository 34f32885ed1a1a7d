import { describe, expect, it } from 'vitest';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';

// Presigning is local computation (SigV4 over the request): no S3 is called.
const store = new S3ObjectStore(createS3Client({ endpoint: 'http://127.0.0.1:4569' }), 'jobs-bucket');
const localStore = store;
// As deployed: no endpoint, the region and credentials from the environment, as Lambda sets them.
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIAEXAMPLEEXAMPLE00';
process.env.AWS_SECRET_ACCESS_KEY ??= 'example-secret-example-secret-example-000';
const deployedStore = new S3ObjectStore(createS3Client({}), 'jobs-bucket');

describe('the S3 object store', () => {
  it('presigns a PUT of one key for 15 minutes, its content type signed', async () => {
    const put = await store.presignPut('uploads/acme/01M8W5DYPWKS82AAT13G4GW5CP', {
      expiresInSeconds: 900,
      contentType: 'text/csv',
    });
    const url = new URL(put.url);
    expect(url.pathname).toBe('/jobs-bucket/uploads/acme/01M8W5DYPWKS82AAT13G4GW5CP');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(put).toMatchObject({ method: 'PUT', headers: { 'content-type': 'text/csv' } });
  });

  it("signs no checksum into the PUT: real S3 would hold the file to the empty body's CRC32 and refuse it", async () => {
    // SDK v3 (since 3.729) adds `x-amz-checksum-crc32` of the body it presigns, which is empty (AAAAAA==). The
    // local S3 server ignores it; S3 answers BadDigest to every real upload (aws-sdk-js-v3 default checksums).
    for (const store of [deployedStore, localStore]) {
      const put = new URL(
        (
          await store.presignPut('uploads/acme/01M8W5DYPWKS82AAT13G4GW5CP', {
            expiresInSeconds: 900,
            contentType: 'text/csv',
          })
        ).url,
      );
      const checksums = [...put.searchParams.keys()].filter((name) => /checksum/i.test(name));
      expect(checksums).toEqual([]);
    }
  });

  it('presigns a GET that downloads under the given name, and signs each key apart', async () => {
    const options = { expiresInSeconds: 900, fileName: 'list.csv.results.csv' };
    const a = new URL((await store.presignGet('results/acme/A/results.csv', options)).url);
    const b = new URL((await store.presignGet('results/acme/B/results.csv', options)).url);
    expect(a.searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="list.csv.results.csv"',
    );
    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(b.searchParams.get('X-Amz-Signature'));
  });
});

describe('the S3 object store, writing', () => {
  it('gives S3 the length of every body, an empty one too (S3 refuses a PutObject without one)', async () => {
    const client = createS3Client({ endpoint: 'http://127.0.0.1:9' });
    const lengths: (string | undefined)[] = [];
    // Stop each request before the network, once signed: the headers are what S3 would receive.
    client.middlewareStack.add(
      () => async (args) => {
        lengths.push((args.request as { headers: Record<string, string> }).headers['content-length']);
        return { output: { $metadata: {} }, response: {} } as never;
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    const writer = new S3ObjectStore(client, 'jobs-bucket');
    await writer.write('results/acme/A/parts/0000000001.filtered.jsonl', '', 'application/x-ndjson');
    await writer.write('results/acme/A/parts/0000000001.eligible.jsonl', 'é\n', 'application/x-ndjson');
    await writer.write('results/acme/A/results.csv', new Uint8Array(3), 'text/csv');
    expect(lengths).toEqual(['0', '3', '3']);
  });
});
