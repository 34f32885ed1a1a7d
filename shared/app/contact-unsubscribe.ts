import { randomUUID } from 'node:crypto';
import { type AddResult, addResultOf } from '#app/add-suppressions';
import type { DoNotContactStore } from '#app/ports/contacts';
import { type SuppressValuesDeps, suppressValues } from '#app/suppress-values';
import type { NormalizeOptionsFor } from '#app/tenant-rules';
import { actorOf, addSourceOf } from '#domain/acting-principal';
import type { ActivityEvent } from '#domain/activity';
import type { Kind } from '#domain/kinds';
import { parseValue } from '#domain/normalize';
import type { Principal } from '#domain/roles';
import type { SuppressionDetail } from '#domain/suppression';
import { withoutUndefined } from '#domain/without-undefined';

export interface UnsubscribeContactDeps extends SuppressValuesDeps {
  readonly contacts: Pick<DoNotContactStore, 'setDoNotContact'>;
  /** The parsers' options of the tenant (its default phone country). */
  readonly normalizeOptionsFor: NormalizeOptionsFor;
}

/** The body fields that carry a contact's values, and the kind each holds. */
export const CONTACT_VALUE_FIELDS = {
  emails: 'email',
  phones: 'phone',
  linkedinUrls: 'linkedin',
} as const satisfies Record<string, Kind>;
export type ContactValueField = keyof typeof CONTACT_VALUE_FIELDS;

export interface UnsubscribeContactInput {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly contactId: string;
  /** Block the contact on every channel, and its values with it. */
  readonly doNotContact: boolean;
  readonly values: Readonly<Record<ContactValueField, readonly unknown[]>>;
  readonly note?: string;
  readonly at: Date;
}

export type ContactValueResult = AddResult & { readonly field: ContactValueField };

export interface UnsubscribeContactResult {
  readonly contactId: string;
  /** `set` now, `already_set` before; null when only values were unsubscribed. */
  readonly doNotContact: 'set' | 'already_set' | null;
  readonly results: readonly ContactValueResult[];
}

/**
 * A contact action from the contact panel:
 * 1. parses each value as its field's kind (emails, phones, LinkedIn URLs);
 * 2. with `doNotContact`, sets the contact-level block (W4, once: a repeat answers `already_set`);
 * 3. suppresses the valid values (source `admin` or `api`, the contact id on the record), marking them
 *    `doNotContact` in the detail when they were blocked as part of a do-not-contact, so lifting it later knows
 *    which entries it put there;
 * 4. answers per value, in field order, like bulk add. A bad value never stops the others.
 */
export const unsubscribeContact =
  (deps: UnsubscribeContactDeps) =>
  async (input: UnsubscribeContactInput): Promise<UnsubscribeContactResult> => {
    const options = await deps.normalizeOptionsFor(input.tenantId);
    const fields = Object.keys(CONTACT_VALUE_FIELDS) as ContactValueField[];
    const lines = fields.flatMap((field) =>
      input.values[field].map((raw) => ({
        field,
        raw,
        parsed: parseValue(CONTACT_VALUE_FIELDS[field], raw, options),
      })),
    );
    const actor = actorOf(input.principal);
    const at = input.at.toISOString();
    let doNotContact: UnsubscribeContactResult['doNotContact'] = null;
    if (input.doNotContact) {
      const event: ActivityEvent = withoutUndefined({
        eventId: randomUUID(),
        tenantId: input.tenantId,
        at,
        action: 'do_not_contact_set' as const,
        actor,
        contactId: input.contactId,
        detail: input.note === undefined ? undefined : { note: input.note },
      });
      doNotContact = await deps.contacts.setDoNotContact(
        { tenantId: input.tenantId, contactId: input.contactId, since: at, setBy: actor, liftable: true },
        event,
      );
    }
    const detail: SuppressionDetail = withoutUndefined({
      note: input.note,
      doNotContact: input.doNotContact ? true : undefined,
    });
    const source = addSourceOf(input.principal);
    const valid = lines.flatMap((line) => (line.parsed.ok ? [line.parsed.value] : []));
    const outcomes = await suppressValues(deps)({
      tenantId: input.tenantId,
      values: valid,
      source,
      actor,
      at: input.at,
      contactId: input.contactId,
      ...(Object.keys(detail).length > 0 ? { detail } : {}),
    });
    let next = 0;
    const results = lines.map(
      ({ field, raw, parsed }): ContactValueResult => ({
        field,
        ...addResultOf(raw, parsed, parsed.ok ? outcomes[next++] : undefined, source),
      }),
    );
    return { contactId: input.contactId, doNotContact, results };
  };
