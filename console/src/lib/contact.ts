import type { Kind } from '#domain/kinds';
import type { Scope, Source } from '#domain/sources';
import { formatDateTime } from './describe';

/** `GET /v1/contacts/{contactId}` (docs/admin-api.md, "A contact at a glance"). */
export interface ContactView {
  readonly contactId: string;
  readonly doNotContact: boolean;
  readonly doNotContactSince: string | null;
  readonly values: readonly {
    readonly value: string | null;
    readonly kind: Kind;
    readonly suppressed: boolean;
    readonly sources: readonly Source[];
    readonly scope: Scope | null;
  }[];
  readonly lastActivityAt: string | null;
}

/**
 * The banner's one line. Do not contact wins; then all the contact's known values suppressed ("all channels":
 * every channel Quietlist knows a value of), some of them, or none.
 */
export const bannerOf = (contact: ContactView): string => {
  if (contact.doNotContact) {
    return contact.doNotContactSince
      ? `Do not contact since ${formatDateTime(contact.doNotContactSince)}`
      : 'Do not contact';
  }
  const suppressed = contact.values.filter((value) => value.suppressed).length;
  if (suppressed > 0 && suppressed === contact.values.length) return 'Unsubscribed from all channels';
  if (suppressed > 0) return `Partly unsubscribed: ${suppressed} of ${contact.values.length} values blocked`;
  return 'Not unsubscribed';
};
