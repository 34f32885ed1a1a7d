import type { LocalOutboundEvent } from './outbound-events';

/**
 * The line `npm start` prints for an outbound event: detail type, tenant, what it concerns, who and how, and the
 * event id (for `GET /_local/events?after=`). Local only, so the clear value is shown as the admin API shows it.
 */
export const outboundEventLine = ({ detailType, detail }: LocalOutboundEvent): string => {
  const subject =
    detail.values.length > 0
      ? detail.values.map((v) => `${v.kind} ${v.value ?? `[${v.valueHash.slice(0, 8)}]`}`).join(', ')
      : detail.contactId !== null
        ? `contact ${detail.contactId}`
        : 'workspace';
  const actor = detail.actor;
  const who =
    actor.type === 'user'
      ? actor.userId
      : actor.type === 'api'
        ? actor.clientId
        : actor.type === 'system'
          ? actor.name
          : 'recipient';
  const source = detail.source === null ? '' : `, source ${detail.source}`;
  return `event  ${detailType}  ${detail.tenantId}  ${subject}  (by ${who}${source}; ${detail.eventId})`;
};
