import { describe, expect, it } from 'vitest';
import { createS3Client } from '#adapters/s3/client';
import { S3ObjectStore } from '#adapters/s3/s3-object-store';

// Presigning is local computation (SigV4 over the request): no S3 is called.
const store = new S3ObjectStore(createS3Client({ endpoint: 'http://127.0.0.1:4569' }), 'jobs-bucket');

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
