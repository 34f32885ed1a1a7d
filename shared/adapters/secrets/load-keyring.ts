import { readFile } from 'node:fs/promises';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { type Keyring, parseKeyring } from '#domain/keyring';

/**
 * Loads the keyring named by `QUIETLIST_KEYS_SECRET`: `file:<path>` in local mode, otherwise a Secrets Manager
 * secret id. The composition roots call it once per container (so a bad token never costs a fetch); Powertools'
 * five-minute cache only spares a second caller in the same container. A rotated link key reaches new containers.
 */
export const loadKeyring = async (source: string): Promise<Keyring> => {
  if (source.startsWith('file:')) return parseKeyring(await readFile(source.slice('file:'.length), 'utf8'));
  const secret = await getSecret(source, { maxAge: 300 });
  if (typeof secret !== 'string') throw new Error(`secret ${source} holds no string`);
  return parseKeyring(secret);
};
