import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where local mode keeps its generated secrets (git-ignored). */
export const LOCAL_SECRETS_DIR = '.local';

export interface LocalSecrets {
  /** The keyring file the functions load (`QUIETLIST_KEYS_SECRET=file:<path>`), as Secrets Manager would hold it. */
  readonly keyringFile: string;
  /** Signs dev admin credentials; stands in for the JWT issuer that API Gateway trusts when deployed. */
  readonly devJwtSecret: string;
}

const newKey = () => randomBytes(32).toString('base64');

const readOrCreate = async (path: string, create: () => string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const content = create();
  await writeFile(path, content, { mode: 0o600 });
  return content;
};

/**
 * Creates the local keys on first use and reads them afterwards, so links minted yesterday still open today and
 * stored hashes still match. Never used when deployed: there the keyring lives in Secrets Manager.
 */
export const ensureLocalSecrets = async (dir = LOCAL_SECRETS_DIR): Promise<LocalSecrets> => {
  await mkdir(dir, { recursive: true });
  const keyringFile = resolve(join(dir, 'keyring.json'));
  await readOrCreate(
    keyringFile,
    () =>
      `${JSON.stringify({ valueHashKey: newKey(), cursorKey: newKey(), linkKeys: { k1: newKey() }, activeLinkKey: 'k1' }, null, 2)}\n`,
  );
  const devJwtSecret = (await readOrCreate(join(dir, 'dev-jwt-secret'), newKey)).trim();
  return { keyringFile, devJwtSecret };
};
