import type { ActivityLog } from '#app/ports/activity';
import type { DoNotContactStore } from '#app/ports/contacts';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { sourcesOldestFirst } from '#domain/entry-sources';
import { NotFoundError, UnavailableError } from '#domain/errors';
import type { Kind } from '#domain/kinds';
import type { Scope, Source } from '#domain/sources';
import { entryScope, type SuppressionKey } from '#domain/suppression';

export interface GetContactDeps {
  readonly contacts: Pick<DoNotContactStore, 'batchGetDoNotContact'>;
  readonly activity: Pick<ActivityLog, 'listContactActivityNewestFirst'>;
  readonly suppressions: Pick<SuppressionRepository, 'batchGetSuppressions'>;
}

export interface GetContactInput {
  readonly tenantId: string;
  readonly contactId: string;
}

/** One value the contact's activity names, with its state now. */
export interface ContactValue {
  /** Normalized; null once its clear text was erased. */
  readonly value: string | null;
  readonly kind: Kind;
  /** The tenant's entry for the value exists now (a value lifted since shows false). */
  readonly suppressed: boolean;
  /** The sources holding the entry now, oldest first; empty when not suppressed. */
  readonly sources: readonly Source[];
  /** The entry's scope now; null when not suppressed. */
  readonly scope: Scope | null;
}

/** A contact at a glance: the banner a console shows above a contact ("this contact has been unsubscribed"). */
export interface ContactView {
  readonly contactId: string;
  readonly doNotContact: boolean;
  readonly doNotContactSince: string | null;
  /** Most recently concerned first. */
  readonly values: readonly ContactValue[];
  readonly lastActivityAt: string | null;
}

/**
 * How much of a contact's timeline is read to find its values: its most recent events only, far more than a
 * contact has in practice, so that one request stays cheap (about 100 read units at most).
 */
export const CONTACT_EVENTS_READ = 1000;
const PAGE_SIZE = 200;

/**
 * A contact at a glance. Quietlist does not own contacts: what it knows of one is its do-not-contact state and
 * the events that name it. So:
 * 1. reads the do-not-contact state (R7) and the contact's most recent events (R5, at most
 *    {@link CONTACT_EVENTS_READ}) together;
 * 2. the values are those the events name (kind and keyed hash), most recently concerned first: a value
 *    suppressed, restored, refused or fed back while naming this contact (a recipient's link, a contact action,
 *    SES feedback tagged with the contact). A value suppressed without naming the contact (bulk add, untagged
 *    feedback) is not the contact's as far as Quietlist knows, and is not listed;
 * 3. reads those values' entries now (R2, batched), so `suppressed`, `sources` and `scope` are the current
 *    state, not the events': a value lifted since shows `suppressed: false`;
 * 4. nothing known at all (no block, no event) is a 404. Fail closed: anything unread after retries is a 503,
 *    never "not suppressed".
 */
export const getContact =
  (deps: GetContactDeps) =>
  async (input: GetContactInput): Promise<ContactView> => {
    const { tenantId, contactId } = input;
    const readEvents = async () => {
      const named = new Map<string, { key: SuppressionKey; value?: string }>();
      let lastActivityAt: string | null = null;
      let startKey: Record<string, string> | undefined;
      for (let read = 0; read < CONTACT_EVENTS_READ; read += PAGE_SIZE) {
        const page = await deps.activity.listContactActivityNewestFirst(tenantId, contactId, {
          limit: PAGE_SIZE,
          ...(startKey ? { startKey } : {}),
        });
        for (const event of page.items) {
          lastActivityAt ??= event.at;
          if (event.kind === undefined || event.valueHash === undefined) continue;
          const id = `${event.kind}\u0000${event.valueHash}`;
          const known = named.get(id);
          if (known === undefined) {
            named.set(id, {
              key: { tenantId, kind: event.kind, valueHash: event.valueHash },
              ...(event.value === undefined ? {} : { value: event.value }),
            });
          } else if (known.value === undefined && event.value !== undefined) {
            named.set(id, { ...known, value: event.value });
          }
        }
        if (!page.nextKey) break;
        startKey = page.nextKey;
      }
      return { named: [...named.values()], lastActivityAt };
    };
    const [lookup, events] = await Promise.all([
      deps.contacts.batchGetDoNotContact(tenantId, [contactId]),
      readEvents(),
    ]);
    if (lookup.unchecked.length > 0) {
      throw new UnavailableError('the contact could not be read; retry the request');
    }
    const block = lookup.blocked.get(contactId);
    if (block === undefined && events.lastActivityAt === null) {
      throw new NotFoundError(`nothing is known about contact ${JSON.stringify(contactId)}`);
    }
    const entries =
      events.named.length === 0
        ? { entries: new Map(), unchecked: [] }
        : await deps.suppressions.batchGetSuppressions(events.named.map(({ key }) => key));
    if (entries.unchecked.length > 0) {
      throw new UnavailableError(
        `${entries.unchecked.length} of the contact's values could not be read; retry the request`,
      );
    }
    const byKey = new Map(
      [...entries.entries.values()].map((entry) => [`${entry.kind}\u0000${entry.valueHash}`, entry]),
    );
    return {
      contactId,
      doNotContact: block !== undefined,
      doNotContactSince: block?.since ?? null,
      values: events.named.map(({ key, value }): ContactValue => {
        const entry = byKey.get(`${key.kind}\u0000${key.valueHash}`);
        return {
          value: entry?.value ?? value ?? null,
          kind: key.kind,
          suppressed: entry !== undefined,
          sources: entry ? sourcesOldestFirst(entry).map(({ source }) => source) : [],
          scope: entry ? entryScope(entry) : null,
        };
      }),
      lastActivityAt: events.lastActivityAt,
    };
  };
