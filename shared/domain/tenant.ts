import { err, ok, type Result } from '#domain/result';

/**
 * The reserved tenant whose entries apply to every tenant (a privacy or global unsubscribe list). Real tenant
 * ids cannot start with `_`, so no workspace can ever be called this.
 */
export const GLOBAL_TENANT = '_global';

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Validates a tenant id from a credential or a pipeline payload; ids end up inside keys, so the alphabet is tight. */
export const parseTenantId = (input: unknown): Result<string, string> => {
  if (typeof input !== 'string') return err('tenant id must be a string');
  if (!TENANT_ID.test(input)) {
    return err(
      `"${input.slice(0, 80)}" is not a valid tenant id: use 1-64 letters, digits, "_" or "-", not starting with "_" or "-"`,
    );
  }
  return ok(input);
};

const CONTACT_ID = /^[\x21-\x7e]{1,128}$/;

/** Whether `input` is a contact id ({@link parseContactId}), without building an answer: links check each one. */
export const isContactId = (input: string): boolean => CONTACT_ID.test(input);

/** Why `input` is not a contact id. */
export const contactIdRefusal = (input: string): string =>
  `"${input.slice(0, 80)}" is not a valid contact id: use 1-128 printable ASCII characters without spaces`;

/** Contact ids belong to the calling platform: any printable ASCII up to 128 characters, no spaces. */
export const parseContactId = (input: unknown): Result<string, string> => {
  if (typeof input !== 'string') return err('contact id must be a string');
  if (!isContactId(input)) return err(contactIdRefusal(input));
  return ok(input);
};
