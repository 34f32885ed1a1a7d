import { randomUUID } from 'node:crypto';
import { type OpenedLink, type OpenUnsubscribeLinkDeps, viewOf } from '#app/open-unsubscribe-link';
import type { RecipientChoiceStore, ValueChoicesRead } from '#app/ports/recipient-choices';
import { preferencesOf, type RecipientPreferences } from '#app/recipient-preferences';
import { MAX_IP_LENGTH, MAX_USER_AGENT_LENGTH, type RecipientRequest } from '#app/recipient-request';
import type { ActivityEvent, ChoicesSnapshot } from '#domain/activity';
import { UnavailableError } from '#domain/errors';
import {
  type ChoiceProof,
  type ChoiceSource,
  type PauseRecord,
  pausedUntil,
  subscribedTo,
  type TopicChoiceRecord,
} from '#domain/recipient-choices';
import { err, ok, type Result } from '#domain/result';
import type { SuppressionKey } from '#domain/suppression';
import type { PauseDays, Topic } from '#domain/topics';
import { openToken, type TokenError, type UnsubscribeTokenPayload } from '#domain/unsubscribe-token';
import type { ValueHasher } from '#domain/value-hash';
import { withoutUndefined } from '#domain/without-undefined';

export interface PreferencesDeps extends OpenUnsubscribeLinkDeps {
  readonly choices: RecipientChoiceStore;
  readonly hashValue: ValueHasher;
  /** @default randomUUID */
  readonly newEventId?: () => string;
}

/** A link opened with the recipient's preferences as they stand. */
export interface PreferencesView {
  readonly link: OpenedLink;
  readonly preferences: RecipientPreferences;
}

/** A form naming topics the workspace does not have (any more): nothing was changed. */
export interface UnknownTopicsError {
  readonly code: 'unknown_topics';
  readonly unknown: readonly string[];
  readonly known: readonly string[];
}

export interface PreferencesChanged extends PreferencesView {
  /** False when the form asked for what already was: nothing written, no event. */
  readonly changed: boolean;
}

/** Writes that lose a race to another change of the same value are decided again on a fresh read this often. */
const ATTEMPTS = 3;
const DAY_MS = 86_400_000;

interface Opened {
  readonly payload: UnsubscribeTokenPayload;
  readonly key: SuppressionKey;
  readonly topics: readonly Topic[];
  readonly retiredTopics: readonly Topic[];
}

const openWithTopics = async (deps: PreferencesDeps, token: string): Promise<Result<Opened, TokenError>> => {
  const opened = openToken(deps.keyring, token);
  if (!opened.ok) return err(opened.error);
  const payload = opened.value;
  const settings = await deps.tenantSettings.getTenantSettings(payload.tenantId);
  return ok({
    payload,
    key: {
      tenantId: payload.tenantId,
      kind: payload.kind,
      valueHash: deps.hashValue(payload.kind, payload.value),
    },
    topics: settings?.topics ?? [],
    retiredTopics: settings?.retiredTopics ?? [],
  });
};

const viewAfter = async (
  deps: PreferencesDeps,
  opened: Opened,
  read: Pick<ValueChoicesRead, 'entry' | 'choices'>,
  now: Date,
): Promise<PreferencesView> => ({
  link: { payload: opened.payload, view: await viewOf(deps, opened.payload) },
  preferences: preferencesOf({ ...opened, ...read }, now),
});

/**
 * GET: the preference page's view of a link: the token opened, the tenant's topics, and one strongly consistent
 * read of the value's item (its suppression and the recipient's choices). Never writes: link scanners open links.
 */
export const showPreferences =
  (deps: PreferencesDeps) =>
  async (token: string, now = new Date()): Promise<Result<PreferencesView, TokenError>> => {
    const opened = await openWithTopics(deps, token);
    if (!opened.ok) return err(opened.error);
    const read = await deps.choices.readValueChoices(opened.value.key);
    return ok(await viewAfter(deps, opened.value, read, now));
  };

const proofOf = (
  payload: UnsubscribeTokenPayload,
  input: RecipientRequest,
  source: ChoiceSource,
): ChoiceProof =>
  withoutUndefined({
    at: input.at.toISOString(),
    source,
    contactId: payload.contactId,
    campaignId: payload.campaignId,
    ip: input.ip?.slice(0, MAX_IP_LENGTH),
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT_LENGTH),
  });

const eventOf = (
  deps: Pick<PreferencesDeps, 'newEventId'>,
  opened: Pick<Opened, 'payload' | 'key'>,
  input: RecipientRequest,
  source: ChoiceSource,
  before: ChoicesSnapshot,
  after: ChoicesSnapshot,
): ActivityEvent =>
  withoutUndefined({
    eventId: (deps.newEventId ?? randomUUID)(),
    tenantId: opened.payload.tenantId,
    at: input.at.toISOString(),
    action: 'preferences_changed' as const,
    actor: { type: 'recipient' as const },
    source,
    kind: opened.payload.kind,
    valueHash: opened.key.valueHash,
    value: opened.payload.value,
    contactId: opened.payload.contactId,
    campaignId: opened.payload.campaignId,
    ip: input.ip?.slice(0, MAX_IP_LENGTH),
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT_LENGTH),
    choicesBefore: before,
    choicesAfter: after,
  });

/** What one change asks of the value's item, decided from a fresh read; undefined when it asks for nothing new. */
interface ChoiceChange {
  readonly topics: Readonly<Record<string, TopicChoiceRecord>>;
  readonly pause?: PauseRecord | null;
  readonly before: ChoicesSnapshot;
  readonly after: ChoicesSnapshot;
}

/**
 * Reads the value's item, decides the change, writes it with its `preferences_changed` event on the condition
 * that the item did not move since the read, and answers the preferences as they became. A lost race is decided
 * again on a fresh read; a change that asks for what already is writes nothing.
 */
const applyChange = async (
  deps: PreferencesDeps,
  opened: Opened,
  input: RecipientRequest,
  decide: (read: ValueChoicesRead) => ChoiceChange | undefined,
): Promise<PreferencesChanged> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await deps.choices.readValueChoices(opened.key);
    const change = decide(read);
    if (change === undefined) {
      return { ...(await viewAfter(deps, opened, read, input.at)), changed: false };
    }
    const outcome = await deps.choices.writeChoices({
      key: opened.key,
      value: opened.payload.value,
      display: opened.payload.value,
      expectedVersion: read.version,
      topics: change.topics,
      ...(change.pause === undefined ? {} : { pause: change.pause }),
      event: eventOf(deps, opened, input, 'link', change.before, change.after),
    });
    if (outcome === 'written') {
      const topics = { ...read.choices?.topics, ...change.topics };
      const pause = change.pause === undefined ? read.choices?.pause : (change.pause ?? undefined);
      const choices = { topics, ...(pause === undefined ? {} : { pause }) };
      return { ...(await viewAfter(deps, opened, { ...read, choices }, input.at)), changed: true };
    }
  }
  throw new UnavailableError('your preferences kept changing while we saved them; please try again');
};

/**
 * POST `action=save`: for each topic the form showed, subscribed exactly when its box was checked. Topics the
 * form did not show are left as they are (settings may have gained one since the page was opened). A form naming
 * a topic the workspace does not have — removed since, or never — changes nothing and is answered with the list
 * of known topics.
 */
export const savePreferences =
  (deps: PreferencesDeps) =>
  async (
    input: RecipientRequest & { readonly shown: readonly string[]; readonly subscribed: readonly string[] },
  ): Promise<Result<PreferencesChanged, TokenError | UnknownTopicsError>> => {
    const opened = await openWithTopics(deps, input.token);
    if (!opened.ok) return err(opened.error);
    const byId = new Map(opened.value.topics.map((topic) => [topic.id, topic]));
    const named = [...new Set([...input.shown, ...input.subscribed])];
    const unknown = named.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      return err({ code: 'unknown_topics', unknown, known: [...byId.keys()] });
    }
    const wanted = new Set(input.subscribed);
    const proof = proofOf(opened.value.payload, input, 'link');
    return ok(
      await applyChange(deps, opened.value, input, (read) => {
        const topics: Record<string, TopicChoiceRecord> = {};
        const before: Record<string, boolean> = {};
        const after: Record<string, boolean> = {};
        for (const id of named) {
          const topic = byId.get(id) as Topic;
          const was = subscribedTo(read.choices, topic);
          const is = wanted.has(id);
          if (was === is) continue;
          topics[id] = { ...proof, subscribed: is };
          before[id] = was;
          after[id] = is;
        }
        if (Object.keys(topics).length === 0) return undefined;
        return { topics, before: { topics: before }, after: { topics: after } };
      }),
    );
  };

/** POST `action=pause`: no marketing until `days` from now; it ends by itself (the filter compares the date). */
export const pauseEmails =
  (deps: PreferencesDeps) =>
  async (
    input: RecipientRequest & { readonly days: PauseDays },
  ): Promise<Result<PreferencesChanged, TokenError>> => {
    const opened = await openWithTopics(deps, input.token);
    if (!opened.ok) return err(opened.error);
    const until = new Date(input.at.getTime() + input.days * DAY_MS).toISOString();
    const pause: PauseRecord = { ...proofOf(opened.value.payload, input, 'link'), until, days: input.days };
    return ok(
      await applyChange(deps, opened.value, input, (read) => ({
        topics: {},
        pause,
        before: { pausedUntil: pausedUntil(read.choices, input.at) ?? null },
        after: { pausedUntil: until },
      })),
    );
  };

/** POST `action=resume`: ends a pause in force now; nothing to do (and nothing written) when there is none. */
export const resumeEmails =
  (deps: PreferencesDeps) =>
  async (input: RecipientRequest): Promise<Result<PreferencesChanged, TokenError>> => {
    const opened = await openWithTopics(deps, input.token);
    if (!opened.ok) return err(opened.error);
    return ok(
      await applyChange(deps, opened.value, input, (read) => {
        const until = pausedUntil(read.choices, input.at);
        if (until === undefined) return undefined;
        return { topics: {}, pause: null, before: { pausedUntil: until }, after: { pausedUntil: null } };
      }),
    );
  };

/**
 * RFC 8058 one-click on a link about a topic: leaves that topic only (it is "the list" the header is about), in
 * one request that reads nothing first; a repeat changes nothing and writes no event.
 */
export const leaveLinkTopic =
  (deps: Pick<PreferencesDeps, 'choices' | 'hashValue' | 'newEventId'>) =>
  async (
    payload: UnsubscribeTokenPayload & { readonly topic: string },
    input: RecipientRequest,
  ): Promise<'left' | 'already_left'> => {
    const key: SuppressionKey = {
      tenantId: payload.tenantId,
      kind: payload.kind,
      valueHash: deps.hashValue(payload.kind, payload.value),
    };
    const record: TopicChoiceRecord = { ...proofOf(payload, input, 'list_unsubscribe'), subscribed: false };
    return deps.choices.leaveTopic({
      key,
      value: payload.value,
      display: payload.value,
      topic: payload.topic,
      record,
      // "Before" is what the recipient had unless they had left already, in which case nothing is written.
      event: eventOf(
        deps,
        { payload, key },
        input,
        'list_unsubscribe',
        { topics: { [payload.topic]: true } },
        { topics: { [payload.topic]: false } },
      ),
    });
  };
