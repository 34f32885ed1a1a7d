import type { ActivityLog } from '#app/ports/activity';
import type { DoNotContactStore } from '#app/ports/contacts';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { requestedValue } from '#app/requested-value';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import type { ActivityEvent, Actor } from '#domain/activity';
import { sourcesOldestFirst } from '#domain/entry-sources';
import { UnavailableError } from '#domain/errors';
import type { Kind } from '#domain/kinds';
import type { RecipientChoices } from '#domain/recipient-choices';
import type { Scope, Source } from '#domain/sources';
import { entryScope, type SourceRecord } from '#domain/suppression';
import type { ValueHasher } from '#domain/value-hash';

export interface SubjectAccessDeps {
  readonly suppressions: Pick<SuppressionRepository, 'batchGetSuppressions'>;
  readonly activity: Pick<ActivityLog, 'listValueActivityNewestFirst'>;
  readonly contacts: Pick<DoNotContactStore, 'batchGetDoNotContact'>;
  readonly hashValue: ValueHasher;
  readonly normalizeOptionsFor: NormalizeOptionsFor;
}

export interface SubjectAccessInput {
  readonly tenantId: string;
  readonly value: unknown;
}

/** An event of the value, as stored: with the recipient's IP address and user agent when they were kept. */
export type SubjectEvent = Omit<ActivityEvent, 'tenantId' | 'kind' | 'valueHash' | 'value'> & {
  /** The clear value the event held; null once erased. */
  readonly value: string | null;
};

/** The Art. 15 answer for one value in one workspace: everything Quietlist stores about it. */
export interface SubjectAccessDocument {
  readonly value: string;
  readonly kind: Kind;
  /** The keyed hash Quietlist keys the value by (and outbound events name it by). */
  readonly valueHash: string;
  /** Whether anything at all is stored; false for a value never stored (or another workspace's). */
  readonly found: boolean;
  /** The suppression entry: null when no source holds the value. */
  readonly entry: {
    /** The clear text stored (null once erased) and the form first entered. */
    readonly value: string | null;
    readonly display: string | null;
    readonly scope: Scope;
    readonly createdAt: string;
    readonly updatedAt: string;
    /** Each source holding it, oldest first, with its whole record (times, campaign, contact, proof). */
    readonly sources: readonly ({ readonly source: Source } & SourceRecord)[];
  } | null;
  /** The recipient's choices on the preference page (topics, pause), stored on the same item; null: none. */
  readonly choices: RecipientChoices | null;
  /** Every event of the value, newest first. */
  readonly events: readonly SubjectEvent[];
  /** The do-not-contact state of every contact the events name. */
  readonly contacts: readonly {
    readonly contactId: string;
    readonly doNotContact: boolean;
    readonly since: string | null;
    readonly setBy: Actor | null;
  }[];
  /** Filter runs that filtered the value: not searchable, and why (docs/privacy.md). */
  readonly filterRuns: { readonly included: false; readonly why: string };
}

/** Events read a page; a value's whole history is read, page after page. */
const EVENT_PAGE = 500;

export const FILTER_RUNS_NOT_INCLUDED =
  'Filter run reports store only contact ids and filter reasons, never a value or its hash, and expire after their ' +
  'retention (90 days by default); finding the runs of a contact would read every run of the workspace. The ' +
  'contacts above are the ids to look for in GET /v1/campaigns/{campaignId}/runs/{runId}/filtered.';

/**
 * Subject access (GDPR Art. 15) for one value, as one JSON document (docs/privacy.md):
 * 1. parses the value as bulk add does (an invalid one is a 400 naming it) and hashes it under the tenant: the keys
 *    are the tenant's, so another workspace's value of the same text is another key and answers as never stored;
 * 2. reads its item (R2, one key: the entry and the recipient's choices) and every event (R4, every page);
 * 3. reads the do-not-contact state of each contact its events name (R7).
 * Fail closed: anything unread after retries is a 503, never a partial answer.
 */
export const subjectAccess =
  (deps: SubjectAccessDeps) =>
  async (input: SubjectAccessInput): Promise<SubjectAccessDocument> => {
    const { kind, value, key } = await requestedValue(deps, input.tenantId, input.value);
    const [lookup, stored] = await Promise.all([
      deps.suppressions.batchGetSuppressions([key]),
      readAllEvents(deps.activity, key),
    ]);
    if (lookup.unchecked.length > 0) throw new UnavailableError('the value could not be read; try again');
    const entry = [...lookup.entries.values()][0];
    const choices = lookup.choices[0]?.choices ?? null;
    const contactIds = [...new Set(stored.flatMap((event) => (event.contactId ? [event.contactId] : [])))];
    const dnc =
      contactIds.length === 0
        ? { blocked: new Map(), unchecked: [] }
        : await deps.contacts.batchGetDoNotContact(input.tenantId, contactIds);
    if (dnc.unchecked.length > 0) throw new UnavailableError('do-not-contact could not be read; try again');
    return {
      value,
      kind,
      valueHash: key.valueHash,
      found: entry !== undefined || choices !== null || stored.length > 0,
      entry:
        entry === undefined
          ? null
          : {
              value: entry.value ?? null,
              display: entry.display ?? null,
              scope: entryScope(entry),
              createdAt: entry.createdAt,
              updatedAt: entry.updatedAt,
              sources: sourcesOldestFirst(entry).map(({ source, record }) => ({ source, ...record })),
            },
      choices,
      events: stored.map(({ tenantId: _t, kind: _k, valueHash: _h, value: held, ...event }) => ({
        ...event,
        value: held ?? null,
      })),
      contacts: contactIds.map((contactId) => {
        const state = dnc.blocked.get(contactId);
        return {
          contactId,
          doNotContact: state !== undefined,
          since: state?.since ?? null,
          setBy: state?.setBy ?? null,
        };
      }),
      filterRuns: { included: false, why: FILTER_RUNS_NOT_INCLUDED },
    };
  };

const readAllEvents = async (
  activity: SubjectAccessDeps['activity'],
  key: Parameters<ActivityLog['listValueActivityNewestFirst']>[0],
): Promise<ActivityEvent[]> => {
  const events: ActivityEvent[] = [];
  let startKey: Record<string, string> | undefined;
  do {
    const page = await activity.listValueActivityNewestFirst(key, {
      limit: EVENT_PAGE,
      ...(startKey ? { startKey } : {}),
    });
    events.push(...page.items);
    startKey = page.nextKey;
  } while (startKey);
  return events;
};
