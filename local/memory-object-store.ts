import { randomBytes } from 'node:crypto';
import type { ObjectStore, PresignedRequest } from '#app/ports/objects';

/**
 * The local stand-in for the jobs' S3 bucket, in memory, until an S3-compatible server (s3rver) is available to
 * `npm start` and the tests: the same ObjectStore port the S3 adapter implements. Its presigned URLs point at the
 * local server's `/_local/objects/<key>` (local/routes/jobs.ts), carry a random 256-bit signature, and are
 * honoured only for the method, key and time they were issued for.
 */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, Uint8Array>();
  private readonly grants = new Map<
    string,
    { readonly key: string; readonly method: string; readonly until: number }
  >();

  constructor(private readonly baseUrl = 'http://127.0.0.1') {}

  private presign(key: string, method: 'PUT' | 'GET', expiresInSeconds: number): PresignedRequest {
    const until = Date.now() + expiresInSeconds * 1000;
    const signature = randomBytes(32).toString('hex');
    this.grants.set(signature, { key, method, until });
    return {
      url: `${this.baseUrl}/_local/objects/${key}?X-Amz-Expires=${expiresInSeconds}&X-Amz-Signature=${signature}`,
      method,
      headers: method === 'PUT' ? { 'content-type': 'text/csv' } : {},
      expiresAt: new Date(until).toISOString(),
    };
  }

  /** Whether a presigned request's signature was issued for this method and key and has not expired. */
  honours(method: string, key: string, signature: string | undefined): boolean {
    const grant = signature === undefined ? undefined : this.grants.get(signature);
    return grant !== undefined && grant.key === key && grant.method === method && Date.now() < grant.until;
  }

  async presignPut(key: string, options: { readonly expiresInSeconds: number }): Promise<PresignedRequest> {
    return this.presign(key, 'PUT', options.expiresInSeconds);
  }

  async presignGet(key: string, options: { readonly expiresInSeconds: number }): Promise<PresignedRequest> {
    return this.presign(key, 'GET', options.expiresInSeconds);
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const body = this.objects.get(key);
    if (!body) return undefined;
    // Small pieces, as a network stream delivers them: readers must not assume a line fits in one piece.
    return (async function* () {
      for (let at = 0; at < body.length; at += 64 * 1024) yield body.subarray(at, at + 64 * 1024);
    })();
  }

  async size(key: string): Promise<number | undefined> {
    return this.objects.get(key)?.length;
  }

  async write(key: string, body: string | Uint8Array): Promise<void> {
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async writeStream(key: string, parts: AsyncIterable<string>): Promise<void> {
    const pieces: Buffer[] = [];
    for await (const part of parts) pieces.push(Buffer.from(part, 'utf8'));
    this.objects.set(key, Buffer.concat(pieces));
  }

  async listKeys(prefix: string, limit: number): Promise<string[]> {
    return [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .slice(0, limit);
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }

  /** The object as text (tests read result files with it). */
  text(key: string): string | undefined {
    const body = this.objects.get(key);
    return body === undefined ? undefined : new TextDecoder().decode(body);
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }
}
