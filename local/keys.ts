import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where local mode keeps its generated secrets (git-ignored). */
export const LOCAL_KEYS_FILE = '.local/keys.json';

export interface LocalSecrets {
  /** The keyring document the functions load, as Secrets Manager would hold it. */
  readonly keyring: Record<string, unknown>;
  /** Signs dev admin credentials; stands in for the JWT issuer that API Gateway trusts when deployed. */
  readonly devJwtSecret: string;
}

const newKey = () => randomBytes(32).toString('base64');

/**
 * Creates the local key file on first use and reads it afterwards, so links minted yesterday still open today.
 * Never used when deployed: there the keyring lives in Secrets Manager.
 */
export const ensureLocalSecrets = async (path = LOCAL_KEYS_FILE): Promise<LocalSecrets> => {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LocalSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets: LocalSecrets = {
    keyring: { valueHashKey: newKey(), cursorKey: newKey(), linkKeys: { k1: newKey() }, activeLinkKey: 'k1' },
    devJwtSecret: newKey(),
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
};
