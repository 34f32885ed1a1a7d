/** A presigned request the caller makes itself, straight to the object store. */
export interface PresignedRequest {
  readonly url: string;
  readonly method: 'PUT' | 'GET';
  /** Headers the request must carry, exactly (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/**
 * The jobs' object store (uploads, work files, results). `S3ObjectStore` implements it on Amazon S3 (and any
 * S3-compatible server locally).
 */
export interface ObjectStore extends ObjectPrefixDeleter {
  /** A PUT the caller uploads with; the length is capped by the signed `content-length` range. */
  presignPut(
    key: string,
    options: { readonly expiresInSeconds: number; readonly contentType: string },
  ): Promise<PresignedRequest>;
  /** A GET of one object, for a limited time. */
  presignGet(
    key: string,
    options: { readonly expiresInSeconds: number; readonly fileName: string },
  ): Promise<PresignedRequest>;
  /** The object's bytes as they stream in; undefined when there is no such object. */
  read(key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** The object's size in bytes; undefined when there is no such object. */
  size(key: string): Promise<number | undefined>;
  /** Writes (or overwrites) one object. */
  write(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /**
   * Writes one object from parts produced in order, without holding it whole (S3 multipart upload for large
   * bodies): the result file of a million lines.
   */
  writeStream(key: string, parts: AsyncIterable<string>, contentType: string): Promise<void>;
}

/**
 * Listing and deleting by prefix: what an erasure needs of the jobs' store (docs/privacy.md), and a job that an
 * erasure reached while it ran, when it ends. `S3ObjectStore` implements it (ListObjects, DeleteObjects).
 */
export interface ObjectPrefixDeleter {
  /** Up to `limit` (at most 1,000) keys under `prefix`, in key order, from the first. */
  listKeys(prefix: string, limit: number): Promise<string[]>;
  /**
   * Deletes these keys (at most 1,000); a key already gone is no error. Throws, naming a key and S3's reason, when
   * any could not be deleted.
   */
  deleteKeys(keys: readonly string[]): Promise<void>;
}
