/** The parts of s3rver 3.7.1 (no types of its own) that local/s3-local.ts uses. */
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    readonly address?: string;
    readonly port?: number;
    readonly directory?: string;
    readonly silent?: boolean;
    readonly resetOnClose?: boolean;
    readonly vhostBuckets?: boolean;
    readonly configureBuckets?: readonly { readonly name: string; readonly configs?: readonly string[] }[];
  }

  interface S3rverEvent {
    readonly Records: readonly {
      readonly eventName: string;
      readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
    }[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    on(event: 'event', listener: (event: S3rverEvent) => void): this;
  }
}
