import type { LocalRoute } from '../http-adapter';
import { startLocalEventStream } from '../outbound-events';
import type { FeatureRoutesContext } from './context';

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * `GET /_local/events?after=<eventId>`: the outbound events the local stand-in received (local/outbound-events.ts)
 * as `{ items: [ { detailType, source: "quietlist", detail } ] }`, oldest first; with `after`, only those after
 * that event. An `after` the stand-in does not hold (it keeps events since it started) answers 404 rather than
 * everything or nothing, which a consumer could take for the truth.
 */
export const eventsRoutes = async (context: FeatureRoutesContext): Promise<LocalRoute[]> => {
  if (context.outboundEvents === undefined) return [];
  const stream = await startLocalEventStream({
    endpoint: context.endpoint,
    tableName: context.tableName,
    ...context.outboundEvents,
  });
  return [
    {
      method: 'GET',
      path: '/_local/events',
      handler: async (event) => {
        const after = event.queryStringParameters?.after;
        const items = stream.eventsAfter(after === '' ? undefined : after);
        if (items === undefined) {
          return json(404, {
            message: `after: no event with id "${after}" is held (the local stand-in keeps the events since npm start)`,
          });
        }
        return json(200, { items });
      },
    },
  ];
};
