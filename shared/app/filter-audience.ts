import { createCallLimiter } from '#app/call-limiter';
import {
  answerBytesAtMost,
  type BlockedValue,
  type EligibleEmail,
  type EligibleRecipient,
  type FilterAudienceOutput,
} from '#app/filter-answer';
import { FilterLookups, type LookupMark } from '#app/filter-lookups';
import {
  type FilterRequest,
  MAX_PAYLOAD_BYTES,
  parseFilterRequest,
  type RecipientInput,
} from '#app/filter-request';
import type { DoNotContactStore } from '#app/ports/contacts';
import type { FilteredRecipient, FilterRunStore, FilterSummary } from '#app/ports/filter-runs';
import type { SuppressionRepository } from '#app/ports/suppressions';
import type { BuildUnsubscribeLink } from '#app/ports/unsubscribe-links';
import { knownTopic, type NormalizeOptionsFor, type TopicsFor } from '#app/tenant-rules';
import { CATEGORY_POLICIES, flagReasons } from '#domain/category-policy';
import type { Channel } from '#domain/channels';
import { InvalidInputError, PayloadTooLargeError, UnavailableError } from '#domain/errors';
import {
  type FilterReason,
  INVALID_VALUE_REASONS,
  MISSING_CHANNEL_REASONS,
  sortReasons,
} from '#domain/filter-reasons';
import { KINDS, type Kind } from '#domain/kinds';
import { type NormalizeOptions, parseValue } from '#domain/normalize';
import { domainEntriesCovering, domainOfEmail } from '#domain/normalize-domain';
import type { SuppressionKey } from '#domain/suppression';
import { missingShortcodes } from '#domain/template-shortcodes';
import { GLOBAL_TENANT } from '#domain/tenant';
import type { Topic } from '#domain/topics';
import { ulid } from '#domain/ulid';
import type { ValueHasher } from '#domain/value-hash';

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
  /** BatchGetItem calls in flight, both lookups (suppressions, do-not-contact) together. @default 16 */
  readonly lookupConcurrency?: number;
  /** How long run reports are kept. */
  readonly reportTtlSeconds: number;
  /** The parsers' options of the run's tenant (its default phone country). @default none for every tenant */
  readonly normalizeOptionsFor?: NormalizeOptionsFor;
  /** The tenant's preference-center topics: a run naming a topic is checked against them. @default none */
  readonly topicsFor?: TopicsFor;
  readonly now?: () => Date;
  readonly newRunId?: () => string;
}

/** One value of one recipient on one requested channel, after normalization. */
interface CheckedValue {
  readonly channel: Channel;
  readonly value: string;
  readonly valid: boolean;
  /**
   * Index (in `KeyCollector.keys`) of the tenant's key of the value itself; the global list's key is the next one.
   * -1 for an invalid value, which has none.
   */
  readonly keyId: number;
  /**
   * For an email, the indexes of the tenant's keys of the domain entries covering its domain (exact and wildcard;
   * each followed by its global key): one list per domain, shared by its addresses.
   */
  readonly domainKeyIds: readonly number[];
}

const NO_KEYS: readonly number[] = [];
/** What an eligible recipient has none of, shared: most have no phone, no LinkedIn URL and nothing blocked. */
const NONE: readonly never[] = Object.freeze([]);

/** `list` with `item` added, the list made on the first item. */
const appended = <T>(list: T[] | undefined, item: T): T[] => {
  if (list === undefined) return [item];
  list.push(item);
  return list;
};

/** Lookup calls in flight: the bare BatchGetItem floor of the benchmark runs at this concurrency too. */
const LOOKUP_CONCURRENCY = 16;

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
 * or a thousand addresses at one domain, cost one hash and one lookup each. Each distinct key gets an index, its
 * position in `keys`, so that deciding compares numbers rather than building key strings again.
 */
class KeyCollector {
  /**
   * Every distinct key, in the order first met, each tenant key followed by its global one; the lookups read it as
   * it grows.
   */
  readonly keys: SuppressionKey[] = [];
  /** Per kind, the index of a normalized value's tenant key (its global key is the next). */
  private readonly indexes = Object.fromEntries(
    KINDS.map((kind) => [kind, new Map<string, number>()]),
  ) as Record<Kind, Map<string, number>>;
  /** Per email domain (`example.com`, without `@`), the indexes of the domain entries' tenant keys covering it. */
  private readonly domainKeys = new Map<string, readonly number[]>();

  constructor(
    private readonly tenantId: string,
    private readonly hashValue: ValueHasher,
    private readonly options: NormalizeOptions,
  ) {}

  values(recipient: RecipientInput, channels: readonly Channel[]): CheckedValue[] {
    const checked: CheckedValue[] = [];
    for (const channel of channels) {
      const raws = recipient.values[channel];
      // At most ten values a channel (MAX_VALUES_PER_KIND): scanning what this channel kept beats a Set per value.
      const firstOfChannel = checked.length;
      for (const raw of raws) {
        const parsed = parseValue(channel, raw, this.options);
        const value = parsed.ok ? parsed.value.value : raw.trim();
        if (raws.length > 1 && isKept(checked, firstOfChannel, value)) continue;
        if (!parsed.ok) {
          checked.push({ channel, value, valid: false, keyId: -1, domainKeyIds: NO_KEYS });
          continue;
        }
        checked.push({
          channel,
          value,
          valid: true,
          keyId: this.keyOf(channel, value),
          domainKeyIds: channel === 'email' ? this.domainKeysOf(value) : NO_KEYS,
        });
      }
    }
    return checked;
  }

  /**
   * The keys of the domain entries covering an email's domain, once per run: an audience has many addresses per
   * domain (five each in the benchmark), and the wildcards of a domain are the same for all of them. Looked up by
   * the domain sliced from the address, without building `@domain` for every address.
   */
  private domainKeysOf(email: string): readonly number[] {
    const domain = email.slice(email.lastIndexOf('@') + 1);
    let keyIds = this.domainKeys.get(domain);
    if (keyIds === undefined) {
      keyIds = domainEntriesCovering(domainOfEmail(email)).map((entry) => this.keyOf('domain', entry));
      this.domainKeys.set(domain, keyIds);
    }
    return keyIds;
  }

  /** The index of the value's tenant key, added with its global key (the next index) when first met. */
  private keyOf(kind: Kind, value: string): number {
    const ofKind = this.indexes[kind];
    let index = ofKind.get(value);
    if (index === undefined) {
      const valueHash = this.hashValue(kind, value);
      index = this.keys.push({ tenantId: this.tenantId, kind, valueHash }) - 1;
      this.keys.push({ tenantId: GLOBAL_TENANT, kind, valueHash });
      ofKind.set(value, index);
    }
    return index;
  }
}

/** Whether `checked`, from `from` on (one channel's values), already holds `value`. */
const isKept = (checked: readonly CheckedValue[], from: number, value: string): boolean => {
  for (let index = from; index < checked.length; index++) if (checked[index]?.value === value) return true;
  return false;
};

/** Lets the event loop send requests and take answers between chunks of CPU work. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
 * 2. normalize every value of the requested channels (the tenant's default phone country, else the deployment's)
 *    and collect the keys that decide it: the value and, for an email, the domain entries covering its domain
 *    (`@eu.competitor.com`, `@*.competitor.com`, `@*.eu.competitor.com`: `domainEntriesCovering`), each for the
 *    tenant and the global list; plus each contact's do-not-contact state;
 * 3. read them, de-duplicated and batched (R2, R7), pipelined with step 2: each chunk of 100 keys or contacts is
 *    sent as soon as it is full, both lookups sharing 16 calls in flight (`FilterLookups`). Fail closed: a key or
 *    contact still unread after retries makes the values it decides `unchecked`, never allowed; if nothing at all
 *    could be read the run fails as a whole (UnavailableError), as it does when DynamoDB throws;
 * 4. decide each recipient, in order, as soon as the chunks it depends on have answered: per value (entries by
 *    category policy, flags, invalid values), then per channel, then per recipient: filtered when no requested
 *    channel keeps an allowed value, with every value's reasons (or `missing_<channel>` for each requested channel
 *    when the recipient gave no value on any of them); otherwise eligible, with what was blocked and why, and every
 *    eligible email with its unsubscribe link and headers;
 * 5. store the run's summary and filtered list, and answer.
 */
export const filterAudience =
  (deps: FilterAudienceDeps) =>
  async (input: unknown): Promise<FilterAudienceResult> => {
    const request = parseFilterRequest(input);
    checkTemplate(request);
    const { tenantId, campaignId, category, channels } = request;
    const now = deps.now?.() ?? new Date();

    let options: NormalizeOptions = {};
    let topic: Topic | undefined;
    try {
      options = (await deps.normalizeOptionsFor?.(tenantId)) ?? {};
      // An unknown topic is the caller's mistake (InvalidInputError, not caught below).
      if (request.topic !== undefined) topic = await knownTopic(deps.topicsFor, tenantId, request.topic);
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      // Without the tenant's phone country its numbers might be read as invalid: decide nothing instead.
      throw unavailable("read the tenant's settings", error);
    }
    const collector = new KeyCollector(tenantId, deps.hashValue, options);
    const lookups = new FilterLookups(
      deps,
      { tenantId, category, now, ...(topic === undefined ? {} : { topic }) },
      collector.keys,
      createCallLimiter(deps.lookupConcurrency ?? LOOKUP_CONCURRENCY),
    );
    const decide = recipientDecider(deps, request, topic, lookups);
    // Recipients keyed but not yet decided, in order: deciding in order keeps the answer in the input's order.
    const waiting: { recipient: RecipientInput; values: CheckedValue[]; mark: LookupMark }[] = [];
    let decided = 0;
    const decideWhatWasRead = () => {
      for (let next = waiting[decided]; next && lookups.hasRead(next.mark); next = waiting[++decided]) {
        decide(next.recipient, next.values);
      }
    };

    for (const recipient of request.recipients) {
      if (lookups.failure) break;
      const values = collector.values(recipient, channels);
      lookups.addContact(recipient.contactId);
      const sent = lookups.sendFullChunks();
      waiting.push({ recipient, values, mark: lookups.mark() });
      if (sent) {
        await yieldToEventLoop();
        decideWhatWasRead();
      }
    }
    if (!lookups.failure) lookups.sendRest();
    while (await lookups.nextAnswers()) decideWhatWasRead();
    if (lookups.failure) throw unavailable('read the suppression list', lookups.failure.error);
    const lookupCount = collector.keys.length + lookups.contacts;
    if (lookupCount > 0 && lookups.uncheckedKeys.size + lookups.uncheckedContacts.size >= lookupCount) {
      throw unavailable(`read any of its ${lookupCount} lookups`, undefined);
    }
    decideWhatWasRead();
    const { eligible, filtered } = decide;

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
          createdAt: now.toISOString(),
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
        keys: collector.keys.length,
        contacts: lookups.contacts,
        requests: lookups.requests,
        readUnits: lookups.readUnits,
        uncheckedKeys: lookups.uncheckedKeys.size,
        uncheckedContacts: lookups.uncheckedContacts.size,
      },
    };
  };

/**
 * Step 4 for one recipient whose lookups have all been read: appends it to `eligible` or `filtered`, sealing the
 * unsubscribe link of each allowed email.
 */
const recipientDecider = (
  deps: Pick<FilterAudienceDeps, 'buildUnsubscribeLink'>,
  { tenantId, campaignId, category, channels }: FilterRequest,
  topic: Topic | undefined,
  lookups: FilterLookups,
) => {
  // An opt-in topic allows only the addresses whose recipient joined it; choices belong to email addresses.
  const optInTopic = topic !== undefined && !topic.defaultSubscribed && category !== 'transactional';
  const eligible: EligibleRecipient[] = [];
  const filtered: FilteredRecipient[] = [];
  const { honouredFlags } = CATEGORY_POLICIES[category];
  const honoursDoNotContact = honouredFlags.includes('doNotContact');
  /** Adds what the entries of a key say, and `unchecked` when it could not be read. */
  const addKeyReasons = (reasons: FilterReason[], id: number): void => {
    const entryReasons = lookups.keyReasons[id];
    if (entryReasons !== undefined) reasons.push(...entryReasons);
    if (lookups.uncheckedKeys.has(id)) reasons.push('unchecked');
  };
  /** The reasons of a value's tenant key and of its global key (the next one). */
  const addValueReasons = (reasons: FilterReason[], tenantKeyId: number): void => {
    addKeyReasons(reasons, tenantKeyId);
    addKeyReasons(reasons, tenantKeyId + 1);
  };
  const linkFields = { tenantId, campaignId, ...(topic === undefined ? {} : { topic: topic.id }) };
  // Most recipients carry no flag, no entry and nothing unchecked: their values are decided without building,
  // de-duplicating or sorting any list of reasons (a list of one or none is already sorted).
  // One list to gather a value's reasons in, reused: an allowed value (most of them) leaves nothing behind.
  const gathered: FilterReason[] = [];
  // Per value of the recipient being decided, in `checked`'s order: its reasons, or undefined when it is allowed.
  // Reused: deciding is synchronous and what is kept of it is copied out.
  const reasonsOf: (readonly FilterReason[] | undefined)[] = [];
  const decide = (recipient: RecipientInput, checked: readonly CheckedValue[]): void => {
    const doNotContact = honoursDoNotContact && lookups.doNotContact.has(recipient.contactId);
    const uncheckedContact = lookups.uncheckedContacts.has(recipient.contactId);
    const flagged = honouredFlags.some((flag) => recipient.flags[flag] === true);
    reasonsOf.length = 0;
    let blockedCount = 0;
    for (const value of checked) {
      gathered.length = 0;
      if (doNotContact) gathered.push('do_not_contact');
      if (uncheckedContact) gathered.push('unchecked');
      if (flagged) gathered.push(...flagReasons(category, recipient.flags, value.channel));
      if (!value.valid) gathered.push(INVALID_VALUE_REASONS[value.channel]);
      const own = value.keyId;
      if (optInTopic && value.channel === 'email' && own >= 0 && !lookups.joinedTopic.has(own)) {
        gathered.push('topic_unsubscribed');
      }
      if (own >= 0) addValueReasons(gathered, own);
      for (const domainKeyId of value.domainKeyIds) addValueReasons(gathered, domainKeyId);
      if (gathered.length === 0) {
        reasonsOf.push(undefined);
        continue;
      }
      blockedCount++;
      // A list of one is already sorted and without repeats.
      reasonsOf.push(gathered.length === 1 ? [gathered[0] as FilterReason] : sortReasons(gathered));
    }
    if (blockedCount === checked.length) {
      // `missing_*` only when there was nothing at all to check: a recipient whose one address is unsubscribed
      // is filtered as `unsubscribed`, not also as `missing_phone` because the run could have called them.
      const missing = checked.length === 0 ? channels.map((channel) => MISSING_CHANNEL_REASONS[channel]) : [];
      filtered.push({
        contactId: recipient.contactId,
        reasons: sortReasons([...reasonsOf.flatMap((reasons) => reasons ?? []), ...missing]),
      });
      return;
    }
    // Lists made only when something goes in them: most recipients have one email and nothing else.
    let emails: EligibleEmail[] | undefined;
    let phones: string[] | undefined;
    let linkedinUrls: string[] | undefined;
    let blocked: BlockedValue[] | undefined;
    for (let index = 0; index < checked.length; index++) {
      const { channel, value } = checked[index] as CheckedValue;
      const reasons = reasonsOf[index];
      if (reasons !== undefined) blocked = appended(blocked, { kind: channel, value, reasons });
      else if (channel === 'email') {
        const link = deps.buildUnsubscribeLink({
          ...linkFields,
          contactId: recipient.contactId,
          email: value,
        });
        emails = appended(emails, { address: value, unsubscribeUrl: link.url, headers: link.headers });
      } else if (channel === 'phone') phones = appended(phones, value);
      else linkedinUrls = appended(linkedinUrls, value);
    }
    eligible.push({
      contactId: recipient.contactId,
      emails: emails ?? NONE,
      phones: phones ?? NONE,
      linkedinUrls: linkedinUrls ?? NONE,
      blocked: blocked ?? NONE,
    });
  };
  return Object.assign(decide, { eligible, filtered });
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

/**
 * The answer travels back through Lambda's 6 MB response too: refuse clearly rather than let Lambda cut it. Its
 * JSON is measured only when the bound from its strings' lengths is over the limit (filter-answer.ts).
 */
const checkResponseSize = (output: FilterAudienceOutput): void => {
  if (answerBytesAtMost(output) <= MAX_PAYLOAD_BYTES) return;
  const bytes = Buffer.byteLength(JSON.stringify(output));
  if (bytes <= MAX_PAYLOAD_BYTES) return;
  const perRecipient = bytes / Math.max(1, output.summary.received);
  throw new PayloadTooLargeError(
    `recipients: the answer for ${output.summary.received} recipients would be ${bytes} bytes, over Lambda's 6 MB ` +
      `response limit; send at most ${Math.floor(MAX_PAYLOAD_BYTES / perRecipient)} recipients per call`,
    { field: 'recipients', limit: MAX_PAYLOAD_BYTES, received: bytes },
  );
};
