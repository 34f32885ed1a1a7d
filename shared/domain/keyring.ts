import { z } from 'zod';

const base64Key = z
  .string()
  .transform((text) => Buffer.from(text, 'base64'))
  .refine((bytes) => bytes.byteLength >= 32, 'must be a base64-encoded key of at least 32 bytes');

const keyId = z.string().regex(/^[A-Za-z0-9]{1,8}$/, 'key ids are 1-8 letters or digits');

/**
 * The service's secrets, as stored in Secrets Manager (deployed) or the local key file:
 * - `valueHashKey` keys the value hashes inside every table key; it never rotates (entries would be orphaned);
 * - `linkKeys` sign unsubscribe links, by key id; `activeLinkKey` signs new links while older ids keep verifying
 *   links already sent, which is how keys rotate;
 * - `cursorKey` signs pagination cursors.
 */
export const keyringSchema = z
  .object({
    valueHashKey: base64Key,
    cursorKey: base64Key,
    linkKeys: z
      .record(keyId, base64Key)
      .refine((keys) => Object.keys(keys).length > 0, 'at least one link key'),
    activeLinkKey: keyId,
  })
  .refine((ring) => ring.activeLinkKey in ring.linkKeys, {
    message: 'activeLinkKey must name one of linkKeys',
    path: ['activeLinkKey'],
  });

export type Keyring = z.infer<typeof keyringSchema>;

/** Parses a keyring document, naming the field at fault; keys themselves never appear in the message. */
export const parseKeyring = (json: string): Keyring => {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    throw new Error('the keyring is not valid JSON');
  }
  const parsed = keyringSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the keyring is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
};
