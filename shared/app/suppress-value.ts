import { randomUUID } from 'node:crypto';
import type {
  AddSuppressionCommand,
  AddSuppressionOutcome,
  SuppressionRepository,
} from '#app/ports/suppressions';
import type { Actor } from '#domain/activity';
import type { NormalizedValue } from '#domain/kinds';
import type { Source } from '#domain/sources';
import type { SourceRecord, SuppressionDetail } from '#domain/suppression';
import type { ValueHasher } from '#domain/value-hash';
import { withoutUndefined } from '#domain/without-undefined';

export interface SuppressValueInput {
  readonly tenantId: string;
  readonly value: NormalizedValue;
  readonly source: Source;
  readonly actor: Actor;
  readonly at: Date;
  readonly contactId?: string;
  readonly campaignId?: string;
  readonly detail?: SuppressionDetail;
  /** For recipient actions: the proof a regulator asks for. */
  readonly ip?: string;
  readonly userAgent?: string;
  /**
   * Callers that can name their trigger (an SES feedback id and recipient) pass a stable id, so a replay is
   * recognised even if the entry was changed in between. Defaults to a random id.
   */
  readonly eventId?: string;
}

export interface SuppressValueDeps {
  readonly suppressions: Pick<SuppressionRepository, 'addSuppression'>;
  readonly hashValue: ValueHasher;
}

/**
 * The write that suppresses one value: the entry change and its audit event, ready for the repository. Shared by
 * {@link suppressValue} and bulk callers that hand many commands to the repository at once.
 */
export const buildSuppressionCommand = (
  hashValue: ValueHasher,
  input: SuppressValueInput,
): AddSuppressionCommand => {
  const at = input.at.toISOString();
  const key = {
    tenantId: input.tenantId,
    kind: input.value.kind,
    valueHash: hashValue(input.value.kind, input.value.value),
  };
  const { actor } = input;
  const person =
    actor.type === 'user' || actor.type === 'api'
      ? {
          addedBy: actor.type === 'user' ? actor.userId : actor.clientId,
          addedByName: actor.displayName,
          addedByEmail: actor.email,
        }
      : {};
  const record: SourceRecord = withoutUndefined({
    at,
    ...person,
    campaignId: input.campaignId,
    contactId: input.contactId,
    detail: input.detail,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return {
    key,
    value: input.value.value,
    display: input.value.display,
    source: input.source,
    record,
    event: withoutUndefined({
      eventId: input.eventId ?? randomUUID(),
      tenantId: input.tenantId,
      at,
      action: 'suppressed' as const,
      actor: input.actor,
      source: input.source,
      kind: input.value.kind,
      valueHash: key.valueHash,
      value: input.value.value,
      contactId: input.contactId,
      campaignId: input.campaignId,
      detail: input.detail,
      after: [input.source],
      ip: input.ip,
      userAgent: input.userAgent,
    }),
  };
};

/**
 * Suppresses one normalized value for a tenant from one source, with its audit event, in one write.
 * Repeating it changes nothing: the outcome says `already_suppressed`.
 */
export const suppressValue =
  (deps: SuppressValueDeps) =>
  (input: SuppressValueInput): Promise<AddSuppressionOutcome> =>
    deps.suppressions.addSuppression(buildSuppressionCommand(deps.hashValue, input));
