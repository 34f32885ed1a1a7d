import type { ActivityEvent, Actor } from '#domain/activity';

/** A contact-level block, as stored (W4): every channel, set by a person, an API client or a system rule. */
export interface DoNotContactState {
  readonly tenantId: string;
  readonly contactId: string;
  readonly since: string;
  readonly setBy: Actor;
  /** Set through the admin API (so it may be lifted there), rather than by a system rule. */
  readonly liftable: boolean;
}

export interface DoNotContactLookup {
  readonly blocked: ReadonlyMap<string, DoNotContactState>;
  /** Contacts whose state could not be read: callers fail closed on them. */
  readonly unchecked: readonly string[];
}

/** Do-not-contact per contact (W4, W5, R7); `DynamoDbContactRepository` implements it. */
export interface DoNotContactStore {
  setDoNotContact(state: DoNotContactState, event: ActivityEvent): Promise<'set' | 'already_set'>;
  liftDoNotContact(tenantId: string, contactId: string, event: ActivityEvent): Promise<'lifted' | 'not_set'>;
  /** `distinct`: the ids are distinct already (the filter's are), so the store skips its own check. */
  batchGetDoNotContact(
    tenantId: string,
    contactIds: readonly string[],
    options?: { readonly distinct?: boolean },
  ): Promise<DoNotContactLookup>;
}
