import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../infra/bundling';

/*
 * What the deployed bundles hold, built with FUNCTION_BUNDLING's own aliases and main fields (infra/bundling.ts;
 * npm run bench:bundles measures the same builds): the SDK's credential chain reduced to what Lambda uses, and the
 * X-Ray SDK only in the functions that trace in-process (docs/decisions.md, "Lambda bundles").
 */

const root = join(import.meta.dirname, '..', '..');
const folder = await mkdtemp(join(root, 'node_modules', '.cache-bundle-contents-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const options = (entry: string): BuildOptions => ({
  absWorkingDir: root,
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  mainFields: FUNCTION_BUNDLING.mainFields,
  alias: Object.fromEntries(FUNCTION_BUNDLING.esbuildArgs['--alias'].map((pair) => pair.split('='))),
  banner: { js: FUNCTION_BUNDLING.banner },
  logLevel: 'silent',
  metafile: true,
});

/** The npm packages a function's bundle holds (scoped ones as `@scope/name`). */
const packagesIn = async (entry: string): Promise<Set<string>> => {
  const { metafile } = await build({ ...options(entry), write: false, outdir: folder });
  const packages = new Set<string>();
  for (const input of Object.keys(metafile?.inputs ?? {})) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
    packages.add(first.startsWith('@') ? `${first}/${second}` : first);
  }
  return packages;
};

/** Credential sources a Lambda function never uses, and the clients they bring. */
const UNUSED_CREDENTIAL_SOURCES = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/nested-clients',
  '@smithy/credential-provider-imds',
];

describe('the bundles', () => {
  it.each([
    ['functions/invoke/filter.ts'],
    ['functions/http/unsubscribe-page.ts'],
    ['functions/http/unsubscribe-links.ts'],
  ])('%s: no X-Ray SDK (untraced in-process) and no credential source but the environment', async (entry) => {
    const packages = await packagesIn(entry);
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    expect(packages).toContain('@aws-sdk/credential-provider-env');
    for (const name of [
      'aws-xray-sdk-core',
      '@aws-lambda-powertools/tracer',
      'cls-hooked',
      ...UNUSED_CREDENTIAL_SOURCES,
    ])
      expect(packages, name).not.toContain(name);
  });

  it('functions/http/filter-runs.ts: traced in-process, still without the unused credential sources', async () => {
    const packages = await packagesIn('functions/http/filter-runs.ts');
    expect(packages).toContain('aws-xray-sdk-core');
    expect(packages).toContain('@aws-lambda-powertools/tracer');
    for (const name of UNUSED_CREDENTIAL_SOURCES) expect(packages, name).not.toContain(name);
  });

  /*
   * issue #16: the two cold-start-critical functions carry zod/mini (shared/domain/zod.ts) and English alone, not
   * zod's classic API, whose methods keep every schema type in the bundle, nor zod's other languages. So do the
   * SNS-fed queues, whose envelope schema is ours in zod/mini rather than Powertools' classic one
   * (shared/lambda/sns-notification-schema.ts).
   */
  it.each([
    ['functions/invoke/filter.ts'],
    ['functions/http/unsubscribe-page.ts'],
    ['functions/queue/ses-feedback.ts'],
    ['functions/queue/sms-replies.ts'],
  ])('%s: zod/mini with English only, no classic zod', async (entry) => {
    const { metafile } = await build({ ...options(entry), write: false, outdir: folder, minify: true });
    const output = Object.values(metafile?.outputs ?? {}).find((candidate) => candidate.entryPoint);
    const inBundle = Object.entries(output?.inputs ?? {})
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input);
    const zod = inBundle.filter((input) => /node_modules\/zod\/|zod-without-locales/.test(input));
    expect(zod.some((input) => input.includes('zod/v4/mini/'))).toBe(true);
    expect(zod.filter((input) => /\/classic\/|zod-without-locales/.test(input))).toEqual([]);
    expect(zod.filter((input) => input.includes('/locales/')).map((input) => input.split('/').pop())).toEqual(
      ['en.js'],
    );
  });
});

describe("the bundles' credential provider", () => {
  const CLIENT = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const credentials = () => new DynamoDBClient({ region: 'eu-west-1' }).config.credentials();
`;
  const VARIABLES = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_EC2_METADATA_DISABLED',
  ] as const;
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  // Instance metadata off: were the alias lost, the SDK's real chain must not reach out of this machine.
  const clear = () => {
    for (const name of VARIABLES) delete process.env[name];
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  };
  afterEach(() => {
    clear();
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  });

  const bundledClient = async () => {
    const entry = join(folder, 'client.ts');
    await writeFile(entry, CLIENT);
    const outfile = join(folder, 'client.mjs');
    await build({ ...options(entry), outfile });
    return (await import(pathToFileURL(outfile).href)) as {
      credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
    };
  };

  it("reads the execution role's credentials from the environment, as Lambda sets them", async () => {
    const { credentials } = await bundledClient();
    clear();
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
    });
    await expect(credentials()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('reads a container credentials endpoint when the variables are missing', async () => {
    const { credentials } = await bundledClient();
    const server = createServer((request, response) => {
      const authorized = request.headers.authorization === 'container-token';
      response.writeHead(authorized ? 200 : 403, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          AccessKeyId: 'ASIACONTAINER',
          SecretAccessKey: 'container-secret',
          Token: 'container-session',
          Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      );
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    try {
      clear();
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${(server.address() as AddressInfo).port}/role`;
      process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'container-token';
      await expect(credentials()).resolves.toMatchObject({ accessKeyId: 'ASIACONTAINER' });
    } finally {
      server.close();
    }
  });

  it('fails closed, naming what it looked for, when neither is set', async () => {
    const { credentials } = await bundledClient();
    clear();
    await expect(credentials()).rejects.toThrow(
      /no AWS credentials: .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.*AWS_CONTAINER_CREDENTIALS_FULL_URI/,
    );
  });
});
