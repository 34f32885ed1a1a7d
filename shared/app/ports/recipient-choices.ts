import type { ActivityEvent } from '#domain/activity';
import type { PauseRecord, RecipientChoices, TopicChoiceRecord } from '#domain/recipient-choices';
import type { SuppressionEntry, SuppressionKey } from '#domain/suppression';

/** A value's item as the preference page needs it: its suppression (if any), the recipient's choices, the version. */
export interface ValueChoicesRead {
  /** The entry when at least one source holds the value. */
  readonly entry?: SuppressionEntry;
  readonly choices?: RecipientChoices;
  /** The item's version; 0 when there is no item. A write of choices is conditioned on it. */
  readonly version: number;
}

/** W12: a recipient's choices set on a value's item (created when absent), with the event, if nothing moved. */
export interface WriteChoicesCommand {
  readonly key: SuppressionKey;
  /** Normalized clear value and display form, kept when the item is created. */
  readonly value: string;
  readonly display: string;
  /** The version read (0: no item); another change since makes the write report `conflict`. */
  readonly expectedVersion: number;
  /** Topic answers to set (others are kept). */
  readonly topics: Readonly<Record<string, TopicChoiceRecord>>;
  /** A pause to set, `null` to end the one there, undefined to keep it. */
  readonly pause?: PauseRecord | null;
  readonly event: ActivityEvent;
}

/** W13: one topic left, with no read first (RFC 8058 one-click on a topic link). */
export interface LeaveTopicCommand {
  readonly key: SuppressionKey;
  readonly value: string;
  readonly display: string;
  readonly topic: string;
  readonly record: TopicChoiceRecord;
  readonly event: ActivityEvent;
}

/** A recipient's choices on the items of their values. `DynamoDbRecipientChoices` implements it. */
export interface RecipientChoiceStore {
  /** R1c: the value's item, strongly consistent (a write is decided from it). */
  readValueChoices(key: SuppressionKey): Promise<ValueChoicesRead>;
  writeChoices(command: WriteChoicesCommand): Promise<'written' | 'conflict'>;
  /** `already_left` when the recipient had already left the topic: nothing written, no event. */
  leaveTopic(command: LeaveTopicCommand): Promise<'left' | 'already_left'>;
}
