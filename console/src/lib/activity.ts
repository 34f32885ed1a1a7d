import type { ActivityAction, Actor } from '#domain/activity';
import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import { labelsOf } from './describe';

/**
 * An event of the activity timelines as the admin API answers it (`ActivityItem` in docs/openapi.yaml), one shape
 * for a contact's log and the workspace's; and the one sentence the console writes for each. Only types come from
 * the domain: the browser bundle gets no server module.
 */
export interface ActivityItem {
  readonly id: string;
  readonly time: string;
  readonly action: ActivityAction;
  readonly source: Source | null;
  readonly actor: Actor;
  readonly values: readonly { readonly kind: Kind; readonly value: string | null }[];
  readonly campaign: string | null;
  readonly reason: string | null;
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly before: readonly Source[] | null;
  readonly after: readonly Source[] | null;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly settings?: {
    readonly before: Readonly<Record<string, unknown>>;
    readonly after: Readonly<Record<string, unknown>>;
  };
  readonly choices?: {
    readonly before: ChoicesSnapshot;
    readonly after: ChoicesSnapshot;
  };
}

/** A recipient's choices as a `preferences_changed` event records them (shared/domain/activity.ts). */
export interface ChoicesSnapshot {
  readonly topics?: Readonly<Record<string, boolean>>;
  readonly pausedUntil?: string | null;
}

export interface ActivityPage {
  readonly items: readonly ActivityItem[];
  readonly nextCursor: string | null;
}

/**
 * The Action filter's options, in the API's order. A `Record` over the domain's action type: a new action in
 * ACTIVITY_ACTIONS fails the console's type-check until it has a label here and a sentence below.
 */
export const ACTION_LABELS: Readonly<Record<ActivityAction, string>> = {
  suppressed: 'Suppressed',
  restored: 'Removed (restored)',
  restore_refused: 'Removal refused',
  resubscribed: 'Re-subscribed by the recipient',
  resubscribe_refused: 'Re-subscribe refused',
  do_not_contact_set: 'Do not contact set',
  do_not_contact_lifted: 'Contact allowed again',
  feedback_recorded: 'Mail feedback recorded',
  action_refused: 'Action refused',
  settings_changed: 'Settings changed',
  preferences_changed: 'Preferences changed by the recipient',
  erased: 'Erased (GDPR)',
};

export const ACTIONS = Object.keys(ACTION_LABELS) as ActivityAction[];

/** `Maria Silva (maria)`, `API client crm-sync`, `Recipient`, `SES`. */
export const actorName = (actor: Actor): string => {
  switch (actor.type) {
    case 'user':
      return actor.displayName ? `${actor.displayName} (${actor.userId})` : actor.userId;
    case 'api':
      return actor.displayName
        ? `${actor.displayName} (API client ${actor.clientId})`
        : `API client ${actor.clientId}`;
    case 'recipient':
      return 'Recipient';
    default:
      return actor.name === 'ses' ? 'SES' : actor.name;
  }
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `2 Dec 10:41` in UTC (the zone of the date filters), with the year when it is not `now`'s. */
export const shortTime = (iso: string, now: Date = new Date()): string => {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const year = at.getUTCFullYear() === now.getUTCFullYear() ? '' : ` ${at.getUTCFullYear()}`;
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}${year} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`;
};

const valueText = (item: ActivityItem): string => {
  const [first] = item.values;
  if (!first) return 'the contact';
  return first.value ?? `an erased ${first.kind === 'linkedin' ? 'LinkedIn profile' : first.kind}`;
};

const inCampaign = (item: ActivityItem) => (item.campaign ? ` from campaign ${item.campaign}` : '');
const forCampaign = (item: ActivityItem) => (item.campaign ? ` (campaign ${item.campaign})` : '');

/** What the stored refusal and restore reasons mean, in words; any other reason is shown as it was recorded. */
const REASONS: Readonly<Record<string, string>> = {
  link: 'the recipient unsubscribed through an unsubscribe link',
  'one-click': "the recipient unsubscribed with their mail client's unsubscribe button",
  bounce: 'the address bounced',
  complaint: 'the recipient reported a message as spam',
  not_found: 'it was not suppressed',
  address_verified: 'the address was verified',
  do_not_contact_lifted: 'do not contact was lifted',
};
const reasonText = (reason: string | null) => (reason === null ? '' : (REASONS[reason] ?? reason));

const stillHeld = (item: ActivityItem) =>
  item.after && item.after.length > 0 ? `; still suppressed by ${labelsOf(item.after)}` : '';

const SETTING_NAMES: Readonly<Record<string, string>> = {
  displayName: 'display name',
  postalAddress: 'postal address',
  privacyUrl: 'privacy link',
  logoUrl: 'logo',
  defaultLocale: 'default language',
  defaultPhoneCountry: 'default phone country',
  transientBounceThreshold: 'soft-bounce threshold',
  transientBounceWindowDays: 'soft-bounce window (days)',
  smsNumbers: 'SMS numbers',
};
const settingValue = (value: unknown) =>
  value === null || value === undefined
    ? 'unset'
    : Array.isArray(value)
      ? value.map((item) => `“${String(item)}”`).join(', ')
      : `“${String(value)}”`;

const settingsChanges = (item: ActivityItem): string => {
  const before = item.settings?.before ?? {};
  const after = item.settings?.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (fields.length === 0) return 'nothing';
  return fields
    .map(
      (field) =>
        `${SETTING_NAMES[field] ?? field} from ${settingValue(before[field])} to ${settingValue(after[field])}`,
    )
    .join(', ');
};

/** `left newsletter, joined events, paused until 2027-01-01`: what a recipient changed on the preference page. */
const choiceChanges = (item: ActivityItem): string => {
  const after = item.choices?.after;
  if (after === undefined) return 'no change recorded';
  const parts = Object.entries(after.topics ?? {}).map(([topic, subscribed]) =>
    subscribed ? `joined ${topic}` : `left ${topic}`,
  );
  if (after.pausedUntil !== undefined) {
    parts.push(
      after.pausedUntil === null ? 'ended the pause' : `paused until ${after.pausedUntil.slice(0, 10)}`,
    );
  }
  return parts.join(', ') || 'no change recorded';
};

const feedbackWhat = (item: ActivityItem): string =>
  item.source === 'bounce' ? 'a bounce' : item.source === 'spam_complaint' ? 'a spam complaint' : 'feedback';

/** What happened, without when and from where. One entry per action: the type-check keeps it complete. */
const WHAT: Readonly<Record<ActivityAction, (item: ActivityItem, who: string) => string>> = {
  suppressed: (item, who) => {
    const value = valueText(item);
    if (item.actor.type === 'recipient') {
      const how =
        item.source === 'list_unsubscribe'
          ? ' with one-click'
          : item.source === 'link'
            ? ' through the unsubscribe page'
            : '';
      return `Recipient unsubscribed ${value}${inCampaign(item)}${how}`;
    }
    if (item.actor.type === 'system' && (item.source === 'bounce' || item.source === 'spam_complaint')) {
      return `${who} recorded ${feedbackWhat(item)} for ${value}${forCampaign(item)}`;
    }
    const dnc = item.detail?.doNotContact === true ? ' (do not contact)' : '';
    const note = typeof item.detail?.note === 'string' ? `, note: “${item.detail.note}”` : '';
    return `${who} added ${value}${dnc}${forCampaign(item)}${note}`;
  },
  restored: (item, who) => {
    const why = item.reason ? ` because ${reasonText(item.reason)}` : '';
    return `${who} removed ${valueText(item)}${why}${stillHeld(item)}`;
  },
  restore_refused: (item, who) =>
    `${who} could not remove ${valueText(item)}: ${reasonText(item.reason) || 'the removal was refused'}`,
  resubscribed: (item) => `Recipient re-subscribed ${valueText(item)}${inCampaign(item)}${stillHeld(item)}`,
  resubscribe_refused: (item) =>
    `Recipient could not re-subscribe ${valueText(item)}: ${reasonText(item.reason) || 'refused'}`,
  do_not_contact_set: (_item, who) => `${who} set the contact to do not contact`,
  do_not_contact_lifted: (_item, who) => `${who} allowed contact again`,
  feedback_recorded: (item, who) =>
    `${who} recorded ${feedbackWhat(item)} for ${valueText(item)}${item.reason ? `: ${item.reason}` : ''}`,
  action_refused: (item, who) => `${who} was refused: ${item.reason ?? 'no reason recorded'}`,
  settings_changed: (item, who) => `Settings changed: ${settingsChanges(item)} (by ${who})`,
  preferences_changed: (item) =>
    `Recipient changed preferences for ${valueText(item)}: ${choiceChanges(item)}`,
  // The event names no value in clear (their clear text is what went): only how many, and that they stay blocked.
  erased: (item, who) => {
    const count = item.values.length;
    const what = count === 1 ? 'one value' : `${count} values`;
    const contact = item.reason === 'contact' ? ' of the contact' : '';
    return `${who} deleted the personal data of ${what}${contact} (GDPR); still suppressed`;
  },
};

/**
 * One event as a sentence: `Recipient unsubscribed jane@example.com from campaign c-42 with one-click, 2 Dec
 * 10:41, from 203.0.113.9`. Times in UTC.
 */
export const activitySentence = (item: ActivityItem, now: Date = new Date()): string => {
  const what = (WHAT[item.action] ?? ((_: ActivityItem, who: string) => `${who}: ${item.action}`))(
    item,
    actorName(item.actor),
  );
  const from = item.ip ? `, from ${item.ip}` : '';
  return `${what}, ${shortTime(item.time, now)}${from}`;
};
