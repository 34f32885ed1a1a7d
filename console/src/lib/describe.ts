import type { Kind } from '#domain/kinds';
import { SOURCE_RULES, type Source, type SourceRule } from '#domain/sources';
import { KIND_LABELS } from './filters';
import type { AddResult, CheckResult, RemoveResult } from './types';

/** One line of a bulk answer as the console shows it: the value, what happened, and why. */
export interface ResultLine {
  readonly input: string;
  readonly tone: 'ok' | 'info' | 'warn' | 'error';
  readonly outcome: string;
  readonly detail: string;
}

export const labelOf = (source: Source): string => SOURCE_RULES[source].label;

/** `Lead, User`: each label once, in the order of the sources (oldest first). */
export const labelsOf = (sources: readonly Source[]): string => [...new Set(sources.map(labelOf))].join(', ');

/** Who added a source, in words, when no teammate or client id is recorded. */
export const originOf = (source: Source): string =>
  source === 'link' || source === 'list_unsubscribe' || source === 'sms_stop'
    ? 'Recipient'
    : source === 'bounce' || source === 'spam_complaint'
      ? 'Mail provider'
      : '—';

const NOT_RESTORABLE: Readonly<Record<NonNullable<SourceRule['notRestorableReason']>, string>> = {
  link: 'the recipient unsubscribed through an unsubscribe link',
  'one-click': "the recipient unsubscribed with their mail client's unsubscribe button",
  bounce: 'the address bounced',
  complaint: 'the recipient reported a message as spam',
  'sms-stop': 'the recipient replied STOP to a text message',
};

const kindText = (kind: Kind | undefined) => (kind ? KIND_LABELS[kind].toLowerCase() : '');

const normalizedNote = (input: string, value: string | undefined) =>
  value && value !== input.trim() ? `, recorded as ${value}` : '';

export const describeAdd = (result: AddResult): ResultLine => {
  switch (result.status) {
    case 'added':
      return {
        input: result.input,
        tone: 'ok',
        outcome: 'Added',
        detail: `${kindText(result.kind)}${normalizedNote(result.input, result.value)}`,
      };
    case 'already_suppressed': {
      const sources = result.sources ?? (result.source ? [result.source] : []);
      return {
        input: result.input,
        tone: 'info',
        outcome: 'Already suppressed',
        detail: sources.length > 0 ? `by ${labelsOf(sources)}` : '',
      };
    }
    default:
      return { input: result.input, tone: 'error', outcome: 'Invalid', detail: result.error ?? '' };
  }
};

/**
 * A removal's answer. `consentPossible`: the reader may lift with the recipient's consent (an admin), so the
 * refusal names that path when it would help (never for a bounce, which consent does not lift).
 */
export const describeRemove = (result: RemoveResult, consentPossible = false): ResultLine => {
  switch (result.status) {
    case 'removed':
      return {
        input: result.input,
        tone: 'ok',
        outcome: 'Removed',
        detail: result.consent ? "with the recipient's consent" : '',
      };
    case 'not_restorable': {
      const why = result.reason ? NOT_RESTORABLE[result.reason] : 'a source that may not be lifted holds it';
      const held =
        result.sources && result.sources.length > 0 ? ` (still held by ${labelsOf(result.sources)})` : '';
      const path =
        result.reason === 'bounce'
          ? ''
          : consentPossible
            ? '; only the recipient can undo it, or an admin with their written consent'
            : '; only the recipient can undo it';
      return { input: result.input, tone: 'warn', outcome: 'Not removed', detail: `${why}${held}${path}` };
    }
    case 'not_found':
      return {
        input: result.input,
        tone: 'info',
        outcome: 'Not found',
        detail: 'nothing suppresses this value',
      };
    default:
      return { input: result.input, tone: 'error', outcome: 'Invalid', detail: result.error ?? '' };
  }
};

const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** `2 Dec 2026, 13:30` in UTC, the zone the date filters use. */
export const formatDateTime = (iso: string): string => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
};

export const describeCheck = (result: CheckResult): ResultLine => {
  if (result.error !== undefined) {
    return { input: result.input, tone: 'error', outcome: 'Invalid', detail: result.error };
  }
  if (!result.suppressed || result.matches.length === 0) {
    return { input: result.input, tone: 'ok', outcome: 'Not blocked', detail: '' };
  }
  const reasons = result.matches.map((match) => {
    const where = match.global ? 'the global list' : 'your list';
    const what = match.value === result.value ? '' : `${match.value}, `;
    const when = Number.isNaN(Date.parse(match.createdAt))
      ? ''
      : ` since ${day.format(Date.parse(match.createdAt))}`;
    return `${what}${labelsOf(match.sources.length > 0 ? match.sources : [match.source])} on ${where}${when}`;
  });
  return { input: result.input, tone: 'warn', outcome: 'Blocked', detail: `by ${reasons.join('; ')}` };
};

/** `2 added, 1 invalid`: the counts of a bulk answer, for the status line. */
export const tally = (lines: readonly ResultLine[]): string => {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome.toLowerCase()}`).join(', ');
};
