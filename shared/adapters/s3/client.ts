import { S3Client } from '@aws-sdk/client-s3';
import { sdkClientLimits } from '#adapters/aws/call-limits';
import type { SdkCallLimits } from '#shared/time-budgets';

/**
 * The jobs' S3 client. Against a local S3-compatible server (`endpoint`), paths name the bucket (no bucket
 * subdomains on 127.0.0.1) and the credentials are the server's fixed local ones.
 */
export const createS3Client = (options: {
  readonly endpoint?: string;
  readonly limits?: SdkCallLimits;
}): S3Client =>
  new S3Client({
    // Checksums only where S3 requires one (DeleteObjects): by default SDK v3 adds a CRC32 of the body to every
    // request, and a presigned PUT is signed before there is a body, so S3 would hold the browser's upload to
    // the empty body's CRC32 and refuse it. Uploads' integrity is TLS's and the prepare step's size check.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(options.limits ? sdkClientLimits(options.limits) : {}),
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          forcePathStyle: true,
          region: 'us-east-1',
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        }
      : {}),
  });
