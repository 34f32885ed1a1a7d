import type { CallLimiter } from '#app/call-limiter';
import type { DoNotContactStore } from '#app/ports/contacts';
import type { SuppressionRepository } from '#app/ports/suppressions';
import { type Category, entryBlockReasons } from '#domain/category-policy';
import { choiceBlockReasons } from '#domain/choice-block-reasons';
import { type FilterReason, sortReasons } from '#domain/filter-reasons';
import type { SuppressionKey } from '#domain/suppression';
import type { Topic } from '#domain/topics';

/** Keys or contacts per lookup call: DynamoDB's BatchGetItem limit, so one chunk is one request. */
export const LOOKUP_CHUNK = 100;

/** What must have been read before a recipient can be decided: the first N chunks of each lookup. */
export interface LookupMark {
  readonly keyChunks: number;
  readonly contactChunks: number;
}

export interface FilterLookupsDeps {
  readonly suppressions: Pick<SuppressionRepository, 'batchGetSuppressions'>;
  readonly contacts: Pick<DoNotContactStore, 'batchGetDoNotContact'>;
}

/** The chunks answered from the first on, without a gap: everything sent before them has been read. */
class AnsweredPrefix {
  private readonly answered: boolean[] = [];
  count = 0;

  answer(chunk: number): void {
    this.answered[chunk] = true;
    while (this.answered[this.count]) this.count++;
  }
}

/**
 * The run's index of a key the lookup of one chunk answered for, by scanning the chunk: it holds at most 100 keys
 * and finds few, so a scan costs less than indexing all 100 by a string made for each.
 */
const indexInChunk = (
  chunk: readonly SuppressionKey[],
  start: number,
  key: SuppressionKey,
): number | undefined => {
  for (let offset = 0; offset < chunk.length; offset++) {
    const candidate = chunk[offset] as SuppressionKey;
    if (
      candidate.valueHash === key.valueHash &&
      candidate.tenantId === key.tenantId &&
      candidate.kind === key.kind
    )
      return start + offset;
  }
  return undefined;
};

/**
 * The pre-send filter's reads, pipelined. The filter hands over suppression keys (by growing `keys`) and contacts
 * as it derives them; every full chunk of 100 is sent at once through the run's one {@link CallLimiter}, shared by
 * both lookups, and its answer is recorded as it arrives. A recipient is decided once the chunks it depends on,
 * all sent before its {@link mark}, have been answered ({@link hasRead}).
 *
 * Fail closed: keys and contacts DynamoDB never answered for (after the repositories' retries) are recorded as
 * unchecked; a call that throws stops the lookups, and {@link failure} holds its error for the filter to report.
 */
export class FilterLookups {
  /** By key index (its position in `keys`): the reasons its entry gives the run's category, if any. */
  readonly keyReasons: (readonly FilterReason[] | undefined)[] = [];
  /** Indexes of keys whose recipient joined the run's topic (what an opt-in topic needs to allow them). */
  readonly joinedTopic = new Set<number>();
  /** Indexes of keys that could not be read. */
  readonly uncheckedKeys = new Set<number>();
  /** Contacts stored as do-not-contact, and contacts whose state could not be read. */
  readonly doNotContact = new Set<string>();
  readonly uncheckedContacts = new Set<string>();
  /** BatchGetItem calls and read units of the suppression lookup (the stats the filter reports). */
  requests = 0;
  readUnits = 0;
  /** The first error a lookup call threw; nothing new is sent after it. */
  failure: { readonly error: unknown } | undefined;

  private readonly contactIds: string[] = [];
  private readonly seenContacts = new Set<string>();
  private sentKeys = 0;
  private sentContacts = 0;
  private keyChunks = 0;
  private contactChunks = 0;
  private readonly answeredKeys = new AnsweredPrefix();
  private readonly answeredContacts = new AnsweredPrefix();
  private running = 0;
  private answeredSinceWait = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly deps: FilterLookupsDeps,
    private readonly run: {
      readonly tenantId: string;
      readonly category: Category;
      /** The run's topic, when it names one: recipients' answers for it are read with their entries. */
      readonly topic?: Topic;
      /** The run's instant: a pause blocks while it ends after this. */
      readonly now: Date;
    },
    /** The run's distinct keys in the order first met; the filter appends, this reads. */
    private readonly keys: readonly SuppressionKey[],
    private readonly limit: CallLimiter,
  ) {}

  /** Distinct contacts met so far. */
  get contacts(): number {
    return this.contactIds.length;
  }

  addContact(contactId: string): void {
    if (this.seenContacts.has(contactId)) return;
    this.seenContacts.add(contactId);
    this.contactIds.push(contactId);
  }

  /** Sends every full chunk not sent yet; true when it sent any. */
  sendFullChunks(): boolean {
    let sent = false;
    while (this.keys.length - this.sentKeys >= LOOKUP_CHUNK) {
      this.sendKeys(this.sentKeys + LOOKUP_CHUNK);
      sent = true;
    }
    while (this.contactIds.length - this.sentContacts >= LOOKUP_CHUNK) {
      this.sendContacts(this.sentContacts + LOOKUP_CHUNK);
      sent = true;
    }
    return sent;
  }

  /** Sends what is left, once every key and contact has been handed over. */
  sendRest(): void {
    this.sendFullChunks();
    if (this.keys.length > this.sentKeys) this.sendKeys(this.keys.length);
    if (this.contactIds.length > this.sentContacts) this.sendContacts(this.contactIds.length);
  }

  /** The chunks that hold every key and contact handed over so far, the one still filling included. */
  mark(): LookupMark {
    return {
      keyChunks: this.keyChunks + (this.keys.length > this.sentKeys ? 1 : 0),
      contactChunks: this.contactChunks + (this.contactIds.length > this.sentContacts ? 1 : 0),
    };
  }

  hasRead(mark: LookupMark): boolean {
    return this.answeredKeys.count >= mark.keyChunks && this.answeredContacts.count >= mark.contactChunks;
  }

  /**
   * Waits until a call has ended since the last wait (true), or answers false once no call is running and none
   * has ended unseen: the filter decides what became decidable after each true.
   */
  async nextAnswers(): Promise<boolean> {
    if (this.answeredSinceWait === 0) {
      if (this.running === 0) return false;
      await new Promise<void>((wake) => {
        this.wake = wake;
      });
    }
    this.wake = undefined;
    this.answeredSinceWait = 0;
    return true;
  }

  private sendKeys(end: number): void {
    const start = this.sentKeys;
    const chunk = this.keyChunks++;
    this.sentKeys = end;
    const keys = this.keys.slice(start, end);
    this.call(async () => {
      const topic = this.run.topic;
      // Distinct: the filter's KeyCollector keys each value once.
      const found = await this.deps.suppressions.batchGetSuppressions(keys, {
        decisionOnly: true,
        distinctKeys: true,
        ...(topic === undefined ? {} : { topic: topic.id }),
      });
      this.requests += found.requests;
      this.readUnits += found.readUnits;
      const indexOf = (key: SuppressionKey) => indexInChunk(keys, start, key);
      for (const entry of found.entries.values()) {
        const index = indexOf(entry);
        const reasons = entryBlockReasons(this.run.category, entry);
        if (index !== undefined && reasons.length > 0) this.keyReasons[index] = reasons;
      }
      // A recipient's choices sit on their value's item, with or without an entry.
      for (const { key, choices } of found.choices) {
        const index = indexOf(key);
        if (index === undefined) continue;
        if (topic !== undefined && choices.topics[topic.id]?.subscribed === true) this.joinedTopic.add(index);
        const reasons = choiceBlockReasons(this.run.category, topic, choices, this.run.now);
        if (reasons.length > 0)
          this.keyReasons[index] = sortReasons([...(this.keyReasons[index] ?? []), ...reasons]);
      }
      for (const key of found.unchecked) {
        const index = indexOf(key);
        if (index !== undefined) this.uncheckedKeys.add(index);
      }
      this.answeredKeys.answer(chunk);
    });
  }

  private sendContacts(end: number): void {
    const ids = this.contactIds.slice(this.sentContacts, end);
    const chunk = this.contactChunks++;
    this.sentContacts = end;
    this.call(async () => {
      // Distinct: addContact keeps each contact once.
      const read = await this.deps.contacts.batchGetDoNotContact(this.run.tenantId, ids, { distinct: true });
      for (const contactId of read.blocked.keys()) this.doNotContact.add(contactId);
      for (const contactId of read.unchecked) this.uncheckedContacts.add(contactId);
      this.answeredContacts.answer(chunk);
    });
  }

  private call(read: () => Promise<void>): void {
    this.running++;
    void this.limit(async () => {
      // After a failure the run fails as a whole: reading more would only cost.
      if (this.failure) return;
      try {
        await read();
      } catch (error) {
        this.failure ??= { error };
      }
    }).finally(() => {
      this.running--;
      this.answeredSinceWait++;
      this.wake?.();
    });
  }
}
