import type { ErasedValue } from '#domain/activity';
import type { SuppressionKey } from '#domain/suppression';

/**
 * Erasure's own reads and writes of the table (docs/privacy.md): finding what is stored under a value's key or a
 * contact's events, and removing clear copies from stored items while keeping keys, hashes, sources, times and
 * actions. `DynamoDbErasureStore` implements it; every method names its access pattern.
 */
export interface ErasureStore {
  /** R13: is anything stored under this key, an item (entry or choices) or an event? Reads, never writes. */
  isStored(key: SuppressionKey): Promise<boolean>;
  /**
   * R5′ (R5, every page): the values (kind and keyed hash) the contact's events name, de-duplicated, and whether
   * the contact has any event at all (a do-not-contact alone names no value).
   */
  listContactValues(
    tenantId: string,
    contactId: string,
  ): Promise<{ readonly values: readonly ErasedValue[]; readonly anyEvent: boolean }>;
  /**
   * W14: records that an erasure started (once); answers the instant its first run started, which the retry of
   * the same erasure reuses for its audit event.
   */
  beginErasure(tenantId: string, erasureId: string, at: string): Promise<string>;
  /**
   * W15 over R4: removes the clear copies from every event of the value (every page). Events already without
   * them are not written. Answers how many events it changed.
   */
  eraseValueEvents(key: SuppressionKey): Promise<number>;
  /** W15 over R5: the same for every event of a contact (its own partition's and its values'). */
  eraseContactEvents(tenantId: string, contactId: string): Promise<number>;
  /**
   * W16: removes the clear copies from the value's item (entry and choices), marks it `erasedAt`; false when no
   * item exists. Guarded by the version it read, re-read on a concurrent change.
   */
  eraseEntry(key: SuppressionKey, at: string): Promise<boolean>;
}
