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
