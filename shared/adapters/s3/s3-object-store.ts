import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore, PresignedRequest } from '#app/ports/objects';

/** S3's smallest part of a multipart upload (but the last): bodies are sent in parts of at least this size. */
const PART_BYTES = 8 * 1024 * 1024;

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error as { name?: string }).name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** The jobs' objects in one S3 bucket (or an S3-compatible server locally). */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /**
   * A presigned PUT. The content type is signed (the caller must send it as given); the size limit is checked
   * by the prepare step (`size`), since a presigned PUT cannot sign a length range (only a POST policy can).
   */
  async presignPut(
    key: string,
    options: { readonly expiresInSeconds: number; readonly contentType: string },
  ): Promise<PresignedRequest> {
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType }),
      { expiresIn: options.expiresInSeconds, signableHeaders: new Set(['content-type']) },
    );
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': options.contentType },
      expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString(),
    };
  }

  async presignGet(
    key: string,
    options: { readonly expiresInSeconds: number; readonly fileName: string },
  ): Promise<PresignedRequest> {
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${options.fileName}"`,
      }),
      { expiresIn: options.expiresInSeconds },
    );
    return {
      url,
      method: 'GET',
      headers: {},
      expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString(),
    };
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return output.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return output.ContentLength;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * One page from the prefix's first key (S3 lists are strongly consistent). ListObjects (version 1), not V2: with
   * no continuation there is no difference, and s3rver, the local S3, fails every truncated V2 listing (its
   * continuation token is DES-encrypted, which Node's OpenSSL 3 no longer offers). Same `s3:ListBucket` permission.
   */
  async listKeys(prefix: string, limit: number): Promise<string[]> {
    const output = await this.client.send(
      new ListObjectsCommand({ Bucket: this.bucket, Prefix: prefix, MaxKeys: Math.min(limit, 1000) }),
    );
    return (output.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
  }

  /**
   * DeleteObjects in quiet mode: S3 answers only the keys it could not delete (deleting a missing key succeeds).
   * Any such key fails the call, so the caller's retry finishes the rest.
   */
  async deleteKeys(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if (keys.length > 1000) throw new Error(`deleteKeys takes at most 1000 keys, not ${keys.length}`);
    const output = await this.client.send(
      new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = output.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0];
      throw new Error(
        `S3 did not delete ${failed.length} of ${keys.length} object(s), e.g. ${first?.Key}: ${first?.Code} ${first?.Message ?? ''}`.trim(),
      );
    }
  }

  async write(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    // The length given, not left to the SDK: it sets none for an empty string (a chunk with no filtered
    // recipients writes one), and S3 refuses a PutObject without a length.
    const ContentLength = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength,
      }),
    );
  }

  /** One PutObject for a small body; a multipart upload of PART_BYTES parts for a large one (memory stays flat). */
  async writeStream(key: string, parts: AsyncIterable<string>, contentType: string): Promise<void> {
    const encoder = new TextEncoder();
    let buffered: Uint8Array[] = [];
    let bufferedBytes = 0;
    let uploadId: string | undefined;
    const done: { ETag: string; PartNumber: number }[] = [];
    const flush = async () => {
      const body = Buffer.concat(buffered);
      buffered = [];
      bufferedBytes = 0;
      if (uploadId === undefined) {
        const created = await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
        );
        uploadId = created.UploadId as string;
      }
      const PartNumber = done.length + 1;
      const part = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber, Body: body }),
      );
      done.push({ ETag: part.ETag as string, PartNumber });
    };
    try {
      for await (const text of parts) {
        const bytes = encoder.encode(text);
        buffered.push(bytes);
        bufferedBytes += bytes.length;
        if (bufferedBytes >= PART_BYTES) await flush();
      }
      if (uploadId === undefined) {
        await this.write(key, Buffer.concat(buffered), contentType);
        return;
      }
      if (bufferedBytes > 0) await flush();
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: done },
        }),
      );
    } catch (error) {
      if (uploadId !== undefined) {
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
          .catch(() => undefined);
      }
      throw error;
    }
  }
}
