import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Secrets Manager endpoint on 127.0.0.1 that serves one secret and counts what it is asked. */
export interface SecretsManagerStub {
  /** `http://127.0.0.1:<port>`: give it as `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly endpoint: string;
  /** Every request's `X-Amz-Target` operation (`GetSecretValue`, …), in order. */
  readonly operations: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for Secrets Manager's JSON protocol (`X-Amz-Target: secretsmanager.<Operation>`), answering
 * `GetSecretValue` for `secretId` with `secretString` and anything else with the error Secrets Manager gives,
 * so the real SDK client (through Powertools' `getSecret`) talks to it over HTTP and a test can count the
 * fetches a function makes.
 */
export const startSecretsManagerStub = async (
  secretId: string,
  secretString: string,
): Promise<SecretsManagerStub> => {
  const operations: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      operations.push(operation);
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (operation === 'GetSecretValue' && input.SecretId === secretId) {
        reply(200, {
          ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`,
          Name: secretId,
          VersionId: '00000000-0000-4000-8000-000000000001',
          SecretString: secretString,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_767_225_600,
        });
      } else {
        reply(400, {
          __type: 'ResourceNotFoundException',
          message: `Secrets Manager can't find the specified secret (${operation} ${input.SecretId ?? ''}).`,
        });
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};
