import { readFile } from 'node:fs/promises';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { sdkClientLimits } from '#adapters/aws/call-limits';
import { type Keyring, parseKeyring } from '#domain/keyring';
import type { SdkCallLimits } from '#shared/time-budgets';

/**
 * Loads the keyring named by `QUIETLIST_KEYS_SECRET`: `file:<path>` in local mode, otherwise a Secrets Manager
 * secret id, read by a Secrets Manager client held to `limits` (shared/time-budgets.ts), so a stalled read fails
 * the start in bounded time (and the next invocation tries again) instead of holding it until Lambda's timeout.
 * The composition roots call it once per container (so a bad token never costs a fetch); Powertools' five-minute
 * cache only spares a second caller in the same container. A rotated link key reaches new containers.
 */
export const loadKeyring = async (source: string, limits?: SdkCallLimits): Promise<Keyring> => {
  if (source.startsWith('file:')) return parseKeyring(await readFile(source.slice('file:'.length), 'utf8'));
  const secrets = new SecretsProvider(limits ? { clientConfig: sdkClientLimits(limits) } : {});
  const secret = await secrets.get(source, { maxAge: 300 });
  if (typeof secret !== 'string') throw new Error(`secret ${source} holds no string`);
  return parseKeyring(secret);
};
