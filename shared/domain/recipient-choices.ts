import type { PauseDays, Topic } from '#domain/topics';

/**
 * What a recipient chose on the preference page, kept on the entry item of the value they chose it for (the same
 * key a lookup reads, so deciding stays one key per value). These are not suppressions: a value that holds only
 * choices has no source, is listed and exported nowhere, and `suppressed` stays false for it.
 */

/** How the recipient made a choice: the page's form, or their mail client's RFC 8058 one-click on a topic link. */
export type ChoiceSource = 'link' | 'list_unsubscribe';

/** The proof kept with each choice, as with a recipient's unsubscribe. */
export interface ChoiceProof {
  readonly at: string;
  readonly source: ChoiceSource;
  readonly contactId?: string;
  readonly campaignId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
}

/** A recipient's answer for one topic: left it (`subscribed: false`) or joined / came back (`true`). */
export interface TopicChoiceRecord extends ChoiceProof {
  readonly subscribed: boolean;
}

/** A time-limited stop of all marketing: it ends by itself at `until`; nothing has to run to end it. */
export interface PauseRecord extends ChoiceProof {
  readonly until: string;
  readonly days: PauseDays;
}

export interface RecipientChoices {
  /** By topic id, including topics the workspace has since removed (their opt-outs stay). */
  readonly topics: Readonly<Record<string, TopicChoiceRecord>>;
  /** The latest pause; in force while `until` is in the future. */
  readonly pause?: PauseRecord;
}

export const NO_CHOICES: RecipientChoices = { topics: {} };

export const hasChoices = (choices: RecipientChoices | undefined): choices is RecipientChoices =>
  choices !== undefined && (choices.pause !== undefined || Object.keys(choices.topics).length > 0);

/** The instant a pause in force ends; undefined when there is none or it has ended. */
export const pausedUntil = (choices: RecipientChoices | undefined, now: Date): string | undefined => {
  const until = choices?.pause?.until;
  return until !== undefined && Date.parse(until) > now.getTime() ? until : undefined;
};

/** Whether the recipient receives `topic`: their own answer, else the topic's default. */
export const subscribedTo = (choices: RecipientChoices | undefined, topic: Topic): boolean =>
  choices?.topics[topic.id]?.subscribed ?? topic.defaultSubscribed;
