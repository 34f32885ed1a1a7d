import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** The local S3-compatible server (s3rver) the jobs use in `npm start` and the tests. */
export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** Calls `listener` with the key of each object created, as S3's `Object Created` event would. */
  onObjectCreated(listener: (key: string) => void): void;
  stop(): Promise<void>;
}

export const LOCAL_JOBS_BUCKET = 'quietlist-jobs';

/** The jobs stack's CORS rule (infra/stacks/jobs-stack.ts) in S3's XML: PUT and GET, the content type header. */
const corsXml = (origins: readonly string[]): string =>
  `<CORSConfiguration><CORSRule>${origins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('')}` +
  '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>' +
  '<AllowedHeader>content-type</AllowedHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>';

/**
 * Starts s3rver on 127.0.0.1 (port 0: any free one) with the jobs bucket, its objects in `directory` (a fresh
 * temporary folder by default). It checks SigV4 signatures with its fixed local credentials, so the presigned URLs
 * the S3 adapter signs are checked as S3 checks them.
 */
export const startLocalS3 = async (
  options: {
    readonly directory?: string;
    readonly port?: number;
    /** Browser origins allowed to upload and download (the console's), as the jobs stack's bucket CORS. */
    readonly corsOrigins?: readonly string[];
  } = {},
): Promise<LocalS3> => {
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), 'quietlist-s3-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: [
      {
        name: LOCAL_JOBS_BUCKET,
        configs: options.corsOrigins?.length ? [corsXml(options.corsOrigins)] : [],
      },
    ],
  });
  const address = await server.run();
  const listeners: ((key: string) => void)[] = [];
  server.on('event', (event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated')) continue;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      for (const listener of listeners) listener(key);
    }
  });
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket: LOCAL_JOBS_BUCKET,
    onObjectCreated: (listener) => listeners.push(listener),
    stop: () => server.close(),
  };
};
