import {
  type FilterRequest,
  MAX_PAYLOAD_BYTES,
  parseFilterRequest,
  type RecipientInput,
} from '#app/filter-request';
import type { DoNotContactLookup, DoNotContactStore } from '#app/ports/contacts';
import type { FilteredRecipient, FilterRunStore, FilterSummary } from '#app/ports/filter-runs';
import type { SuppressionRepository } from '#app/ports/suppressions';
import type { BuildUnsubscribeLink, UnsubscribeLink } from '#app/ports/unsubscribe-links';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { CATEGORY_POLICIES, entryBlockReasons, flagReasons } from '#domain/category-policy';
import type { Channel } from '#domain/channels';
import { InvalidInputError, PayloadTooLargeError, UnavailableError } from '#domain/errors';
import {
  type FilterReason,
  INVALID_VALUE_REASONS,
  MISSING_CHANNEL_REASONS,
  sortReasons,
} from '#domain/filter-reasons';
import type { Kind } from '#domain/kinds';
import { type NormalizeOptions, parseValue } from '#domain/normalize';
import { domainEntriesCovering, domainOfEmail } from '#domain/normalize-domain';
import type { SuppressionKey } from '#domain/suppression';
import { missingShortcodes } from '#domain/template-shortcodes';
import { GLOBAL_TENANT } from '#domain/tenant';
import { ulid } from '#domain/ulid';
import type { ValueHasher } from '#domain/value-hash';

/** An email the pipeline may send to, with the way out it must carry. */
export interface EligibleEmail {
  /** The normalized address (the one the link unsubscribes). */
  readonly address: string;
  readonly unsubscribeUrl: string;
  readonly headers: UnsubscribeLink['headers'];
}

/** A value the run dropped while its recipient stayed eligible on others. */
export interface BlockedValue {
  readonly kind: Channel;
  /** Normalized; as given when it could not be normalized. */
  readonly value: string;
  readonly reasons: readonly FilterReason[];
}

/** A recipient still reachable on at least one requested channel. */
export interface EligibleRecipient {
  readonly contactId: string;
  readonly emails: readonly EligibleEmail[];
  /** E.164. */
  readonly phones: readonly string[];
  /** Canonical `linkedin.com/in/<slug>`. */
  readonly linkedinUrls: readonly string[];
  readonly blocked: readonly BlockedValue[];
}

/** The answer to a pipeline. */
export interface FilterAudienceOutput {
  readonly runId: string;
  readonly summary: FilterSummary;
  readonly eligible: readonly EligibleRecipient[];
  readonly filtered: readonly FilteredRecipient[];
}

/** How much a run read: logged per run and reported by the benchmark. */
export interface FilterRunStats {
  /** Distinct suppression keys looked up, tenant and global. */
  readonly keys: number;
  /** Distinct contacts whose do-not-contact state was looked up. */
  readonly contacts: number;
  /** BatchGetItem calls and read units of the suppression lookup. */
  readonly requests: number;
  readonly readUnits: number;
  readonly uncheckedKeys: number;
  readonly uncheckedContacts: number;
}

export interface FilterAudienceResult {
  readonly output: FilterAudienceOutput;
  readonly stats: FilterRunStats;
}

export interface FilterAudienceDeps {
  readonly suppressions: Pick<SuppressionRepository, 'batchGetSuppressions'>;
  readonly contacts: Pick<DoNotContactStore, 'batchGetDoNotContact'>;
  readonly filterRuns: Pick<FilterRunStore, 'saveFilterRun'>;
  readonly hashValue: ValueHasher;
  readonly buildUnsubscribeLink: BuildUnsubscribeLink;
  /** BatchGetItem calls in flight. @default 8 */
  readonly lookupConcurrency?: number;
  /** How long run reports are kept. */
  readonly reportTtlSeconds: number;
  /** The parsers' options of the run's tenant (its default phone country). @default none for every tenant */
  readonly normalizeOptionsFor?: NormalizeOptionsFor;
  readonly now?: () => Date;
  readonly newRunId?: () => string;
}

/** One value of one recipient on one requested channel, after normalization. */
interface CheckedValue {
  readonly channel: Channel;
  readonly value: string;
  readonly valid: boolean;
  /**
   * Ids of the suppression keys that decide it: the value and, for an email, the domain entries covering its
   * domain (exact and wildcard); tenant and global.
   */
  readonly keyIds: readonly string[];
}

const keyIdOf = (key: SuppressionKey): string => `${key.tenantId}\u0000${key.kind}\u0000${key.valueHash}`;

/**
 * Refuses a marketing run whose template lacks a way out or the postal address, before any lookup. A marketing
 * run without a template is refused too: the filter cannot vouch for what it did not see.
 */
const checkTemplate = (request: FilterRequest): void => {
  if (!CATEGORY_POLICIES[request.category].requiresComplianceShortcodes) return;
  const missing = missingShortcodes(request.template);
  if (missing.length === 0) return;
  const names = missing.map((shortcode) => shortcode.name);
  throw new InvalidInputError(
    request.template === undefined
      ? `template: a marketing run must send its template (subject, html and/or text) so the filter can check it carries ${names.join(' and ')}`
      : `template: the marketing template is missing ${names.join(' and ')}`,
    { field: 'template', missing: names },
    'template_refused',
  );
};

/**
 * Collects, normalizes and keys every value a run must check. Keys are shared: two recipients with one address,
 * or a thousand addresses at one domain, cost one lookup each.
 */
class KeyCollector {
  readonly keys = new Map<string, SuppressionKey>();
  private readonly hashes = new Map<string, string>();

  constructor(
    private readonly tenantId: string,
    private readonly hashValue: ValueHasher,
    private readonly options: NormalizeOptions,
  ) {}

  values(recipient: RecipientInput, channels: readonly Channel[]): CheckedValue[] {
    const checked: CheckedValue[] = [];
    for (const channel of channels) {
      const seen = new Set<string>();
      for (const raw of recipient.values[channel]) {
        const parsed = parseValue(channel, raw, this.options);
        const value = parsed.ok ? parsed.value.value : raw.trim();
        if (seen.has(value)) continue;
        seen.add(value);
        if (!parsed.ok) {
          checked.push({ channel, value, valid: false, keyIds: [] });
          continue;
        }
        const keyIds = [...this.keysOf(channel, value)];
        if (channel === 'email') {
          for (const domain of domainEntriesCovering(domainOfEmail(value)))
            keyIds.push(...this.keysOf('domain', domain));
        }
        checked.push({ channel, value, valid: true, keyIds });
      }
    }
    return checked;
  }

  private keysOf(kind: Kind, value: string): string[] {
    const hashId = `${kind}\u0000${value}`;
    let valueHash = this.hashes.get(hashId);
    if (valueHash === undefined) {
      valueHash = this.hashValue(kind, value);
      this.hashes.set(hashId, valueHash);
    }
    return [this.tenantId, GLOBAL_TENANT].map((tenantId) => {
      const key = { tenantId, kind, valueHash };
      const id = keyIdOf(key);
      if (!this.keys.has(id)) this.keys.set(id, key);
      return id;
    });
  }
}

const unavailable = (what: string, cause: unknown) =>
  new UnavailableError(
    `the filter could not ${what}: DynamoDB did not answer. Nothing was decided; retry the call`,
    undefined,
    {
      cause,
    },
  );

/**
 * The pre-send filter (issue 5). Steps:
 * 1. validate the payload (`parseFilterRequest`), then refuse a marketing template without its shortcodes —
 *    both before any lookup;
 * 2. normalize every value of the requested channels (the tenant's default phone country, else the deployment's) and collect the keys that decide it: the value and, for an
 *    email, the domain entries covering its domain (`@eu.competitor.com`, `@*.competitor.com`,
 *    `@*.eu.competitor.com`: `domainEntriesCovering`), each for the tenant and the global list; plus each
 *    contact's do-not-contact state;
 * 3. read them all at once, de-duplicated and batched (R2, R7), failing closed: a key or contact still unread
 *    after retries makes the values it decides `unchecked`, never allowed; if nothing at all could be read the
 *    run fails as a whole (UnavailableError), as it does when DynamoDB throws;
 * 4. decide per value (entries by category policy, flags, invalid values), then per channel, then per recipient:
 *    filtered when no requested channel keeps an allowed value, with every value's reasons (or `missing_<channel>`
 *    for each requested channel when the recipient gave no value on any of them); otherwise eligible, with what
 *    was blocked and why;
 * 5. give every eligible email its unsubscribe link and headers, store the run's summary and filtered list, and
 *    answer.
 */
export const filterAudience =
  (deps: FilterAudienceDeps) =>
  async (input: unknown): Promise<FilterAudienceResult> => {
    const request = parseFilterRequest(input);
    checkTemplate(request);
    const { tenantId, campaignId, category, channels } = request;

    let options: NormalizeOptions = {};
    try {
      options = (await deps.normalizeOptionsFor?.(tenantId)) ?? {};
    } catch (error) {
      // Without the tenant's phone country its numbers might be read as invalid: decide nothing instead.
      throw unavailable("read the tenant's settings", error);
    }
    const collector = new KeyCollector(tenantId, deps.hashValue, options);
    const checked = request.recipients.map((recipient) => collector.values(recipient, channels));
    const contactIds = [...new Set(request.recipients.map((recipient) => recipient.contactId))];
    const keys = [...collector.keys.values()];

    let lookup: Awaited<ReturnType<FilterAudienceDeps['suppressions']['batchGetSuppressions']>>;
    let doNotContact: DoNotContactLookup;
    try {
      [lookup, doNotContact] = await Promise.all([
        deps.suppressions.batchGetSuppressions(keys, {
          decisionOnly: true,
          ...(deps.lookupConcurrency ? { concurrency: deps.lookupConcurrency } : {}),
        }),
        deps.contacts.batchGetDoNotContact(tenantId, contactIds),
      ]);
    } catch (error) {
      throw unavailable('read the suppression list', error);
    }
    const uncheckedKeys = new Set(lookup.unchecked.map(keyIdOf));
    const uncheckedContacts = new Set(doNotContact.unchecked);
    const lookups = keys.length + contactIds.length;
    if (lookups > 0 && uncheckedKeys.size + uncheckedContacts.size >= lookups) {
      throw unavailable(`read any of its ${lookups} lookups`, undefined);
    }

    const keyReasons = new Map<string, FilterReason[]>();
    for (const entry of lookup.entries.values()) {
      const reasons = entryBlockReasons(category, entry);
      if (reasons.length > 0) keyReasons.set(keyIdOf(entry), reasons);
    }
    const honoursDoNotContact = CATEGORY_POLICIES[category].honouredFlags.includes('doNotContact');

    const eligible: EligibleRecipient[] = [];
    const filtered: FilteredRecipient[] = [];
    request.recipients.forEach((recipient, index) => {
      const contactWide: FilterReason[] = [];
      if (honoursDoNotContact && doNotContact.blocked.has(recipient.contactId))
        contactWide.push('do_not_contact');
      if (uncheckedContacts.has(recipient.contactId)) contactWide.push('unchecked');
      const decided = (checked[index] ?? []).map((value) => {
        const reasons: FilterReason[] = [
          ...contactWide,
          ...flagReasons(category, recipient.flags, value.channel),
        ];
        if (!value.valid) reasons.push(INVALID_VALUE_REASONS[value.channel]);
        for (const id of value.keyIds) {
          reasons.push(...(keyReasons.get(id) ?? []));
          if (uncheckedKeys.has(id)) reasons.push('unchecked');
        }
        return { ...value, reasons: sortReasons(reasons) };
      });
      const allowed = decided.filter((value) => value.reasons.length === 0);
      if (allowed.length === 0) {
        // `missing_*` only when there was nothing at all to check: a recipient whose one address is unsubscribed
        // is filtered as `unsubscribed`, not also as `missing_phone` because the run could have called them.
        const missing =
          decided.length === 0 ? channels.map((channel) => MISSING_CHANNEL_REASONS[channel]) : [];
        filtered.push({
          contactId: recipient.contactId,
          reasons: sortReasons([...decided.flatMap((value) => value.reasons), ...missing]),
        });
        return;
      }
      const allowedOn = (channel: Channel) =>
        allowed.filter((value) => value.channel === channel).map((value) => value.value);
      eligible.push({
        contactId: recipient.contactId,
        emails: allowedOn('email').map((address) => {
          const link = deps.buildUnsubscribeLink({
            tenantId,
            contactId: recipient.contactId,
            email: address,
            campaignId,
          });
          return { address, unsubscribeUrl: link.url, headers: link.headers };
        }),
        phones: allowedOn('phone'),
        linkedinUrls: allowedOn('linkedin'),
        blocked: decided
          .filter((value) => value.reasons.length > 0)
          .map((value) => ({ kind: value.channel, value: value.value, reasons: value.reasons })),
      });
    });

    const output: FilterAudienceOutput = {
      runId: (deps.newRunId ?? ulid)(),
      summary: summarize(request.recipients.length, eligible.length, filtered),
      eligible,
      filtered,
    };
    checkResponseSize(output);
    try {
      await deps.filterRuns.saveFilterRun(
        {
          tenantId,
          runId: output.runId,
          campaignId,
          createdAt: (deps.now?.() ?? new Date()).toISOString(),
          category,
          summary: output.summary,
          filtered,
        },
        deps.reportTtlSeconds,
      );
    } catch (error) {
      throw unavailable('store the run report', error);
    }
    return {
      output,
      stats: {
        keys: keys.length,
        contacts: contactIds.length,
        requests: lookup.requests,
        readUnits: lookup.readUnits,
        uncheckedKeys: uncheckedKeys.size,
        uncheckedContacts: uncheckedContacts.size,
      },
    };
  };

const summarize = (
  received: number,
  eligible: number,
  filtered: readonly FilteredRecipient[],
): FilterSummary => {
  const byReason: Partial<Record<FilterReason, number>> = {};
  for (const recipient of filtered) {
    for (const reason of recipient.reasons) byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
  return {
    received,
    eligible,
    filtered: filtered.length,
    byReason: Object.fromEntries(
      sortReasons(Object.keys(byReason) as FilterReason[]).map((r) => [r, byReason[r]]),
    ),
  };
};

/** The answer travels back through Lambda's 6 MB response too: refuse clearly rather than let Lambda cut it. */
const checkResponseSize = (output: FilterAudienceOutput): void => {
  const bytes = Buffer.byteLength(JSON.stringify(output));
  if (bytes <= MAX_PAYLOAD_BYTES) return;
  const perRecipient = bytes / Math.max(1, output.summary.received);
  throw new PayloadTooLargeError(
    `recipients: the answer for ${output.summary.received} recipients would be ${bytes} bytes, over Lambda's 6 MB ` +
      `response limit; send at most ${Math.floor(MAX_PAYLOAD_BYTES / perRecipient)} recipients per call`,
    { field: 'recipients', limit: MAX_PAYLOAD_BYTES, received: bytes },
  );
};
