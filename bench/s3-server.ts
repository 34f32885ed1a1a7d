/**
 * The local S3 server (s3rver) in a process of its own, for `npm run bench:jobs`: the bench measures its own
 * process's memory, and S3 is another machine when deployed. Prints `{"endpoint","bucket"}` on one line once
 * listening; stops when its standard input closes (the bench ends or dies).
 */
import { startLocalS3 } from '../local/s3-local';

const s3 = await startLocalS3();
console.log(JSON.stringify({ endpoint: s3.endpoint, bucket: s3.bucket }));
process.stdin.resume();
process.stdin.on('end', () => {
  void s3.stop().then(() => process.exit(0));
});
