import type { ActivityLog } from '#app/ports/activity';
import { readSignedPage } from '#app/signed-page';
import type { ActivityAction, ActivityEvent, Actor, ChoicesSnapshot } from '#domain/activity';
import { cursorBinding } from '#domain/cursor';
import type { Kind } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { SuppressionDetail } from '#domain/suppression';
import type { SettingsSnapshot } from '#domain/tenant-settings';

/** One event of a contact's activity log, as the admin API shows it. */
export interface ActivityItem {
  readonly id: string;
  readonly time: string;
  readonly action: ActivityAction;
  readonly source: Source | null;
  readonly actor: Actor;
  /** The value the event concerns (none for contact-level events); `value` is null once erased. */
  readonly values: readonly { readonly kind: Kind; readonly value: string | null }[];
  readonly campaign: string | null;
  readonly reason: string | null;
  readonly detail: SuppressionDetail | null;
  /** Sources held before and after the change, where it changed any. */
  readonly before: readonly Source[] | null;
  readonly after: readonly Source[] | null;
  /** Only when the recipient acted (unsubscribe page, one-click): the proof a regulator asks for. */
  readonly ip?: string;
  readonly userAgent?: string;
  /** `settings_changed` only: each changed field as it was and as it became (`null`: unset). */
  readonly settings?: { readonly before: SettingsSnapshot; readonly after: SettingsSnapshot };
  /** `preferences_changed` only: the recipient's choices that changed, as they were and as they became. */
  readonly choices?: { readonly before: ChoicesSnapshot; readonly after: ChoicesSnapshot };
}

export const toActivityItem = (event: ActivityEvent): ActivityItem => ({
  id: event.eventId,
  time: event.at,
  action: event.action,
  source: event.source ?? null,
  actor: event.actor,
  values:
    event.erasedValues !== undefined
      ? event.erasedValues.map(({ kind }) => ({ kind, value: null }))
      : event.kind === undefined
        ? []
        : [{ kind: event.kind, value: event.value ?? null }],
  campaign: event.campaignId ?? null,
  reason: event.reason ?? null,
  detail: event.detail ?? null,
  before: event.before ?? null,
  after: event.after ?? null,
  ...(event.actor.type === 'recipient' && event.ip !== undefined ? { ip: event.ip } : {}),
  ...(event.actor.type === 'recipient' && event.userAgent !== undefined
    ? { userAgent: event.userAgent }
    : {}),
  ...(event.settingsBefore !== undefined && event.settingsAfter !== undefined
    ? { settings: { before: event.settingsBefore, after: event.settingsAfter } }
    : {}),
  ...(event.choicesBefore !== undefined && event.choicesAfter !== undefined
    ? { choices: { before: event.choicesBefore, after: event.choicesAfter } }
    : {}),
});

export interface ListContactActivityDeps {
  readonly activity: Pick<ActivityLog, 'listContactActivityNewestFirst'>;
  readonly cursorKey: Uint8Array;
}

export interface ListContactActivityInput {
  readonly tenantId: string;
  readonly contactId: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A contact's activity, newest first, one page (R5); the cursor is bound to the tenant and the contact. */
export const listContactActivity =
  (deps: ListContactActivityDeps) =>
  async (
    input: ListContactActivityInput,
  ): Promise<{ readonly items: readonly ActivityItem[]; readonly nextCursor: string | null }> => {
    const binding = cursorBinding(input.tenantId, 'contact-activity', input.contactId);
    return readSignedPage(
      deps.cursorKey,
      binding,
      input,
      (page) => deps.activity.listContactActivityNewestFirst(input.tenantId, input.contactId, page),
      toActivityItem,
    );
  };
