import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError } from '#domain/errors';
import { PAUSE_DAYS, type PauseDays } from '#domain/topics';
import { formFields } from '#lambda/http-request';

/** What a POST to `/u/{token}` asks for, decided by its body alone (the form contract: docs/unsubscribe.md). */
export type RecipientPost =
  /** RFC 8058: a mail client's native unsubscribe button (`List-Unsubscribe=One-Click`). */
  | { readonly type: 'one_click' }
  /** "Unsubscribe from everything". */
  | { readonly type: 'unsubscribe' }
  /** "Resubscribe": undo the recipient's own unsubscribe from everything. */
  | { readonly type: 'resubscribe' }
  /** "Save preferences": for each topic in `shown`, subscribed iff it is in `subscribed`. */
  | { readonly type: 'save'; readonly shown: readonly string[]; readonly subscribed: readonly string[] }
  | { readonly type: 'pause'; readonly days: PauseDays }
  | { readonly type: 'resume' }
  /** `action=pause` with a `days` the page does not offer: `given` is what came, for the page to name. */
  | { readonly type: 'bad_pause_length'; readonly given: string }
  | { readonly type: 'unrecognized' }
  | { readonly type: 'too_large' };

/** Far above the largest real form (20 topics of 40 characters, twice: about 2 KB), low enough that parsing garbage costs nothing. */
export const MAX_FORM_BYTES = 16 * 1024;

/**
 * At most this many `shown` or `topic` fields: a tenant has at most 20 topics, so a form with more is not the
 * page's, and the core never has to look up a thousand ids for one request.
 */
export const MAX_TOPIC_FIELDS = 50;

/** Each id once, in first-seen order: a field sent twice means the same as once. */
const distinct = (values: readonly string[]): string[] => [...new Set(values)];

const pauseOf = (fields: URLSearchParams): RecipientPost => {
  const given = fields.getAll('days');
  const days = given.length === 1 ? PAUSE_DAYS.find((offered) => String(offered) === given[0]) : undefined;
  return days === undefined ? { type: 'bad_pause_length', given: given.join(',') } : { type: 'pause', days };
};

const saveOf = (fields: URLSearchParams): RecipientPost => {
  const shown = fields.getAll('shown');
  const subscribed = fields.getAll('topic');
  if (shown.length > MAX_TOPIC_FIELDS || subscribed.length > MAX_TOPIC_FIELDS)
    return { type: 'unrecognized' };
  return { type: 'save', shown: distinct(shown), subscribed: distinct(subscribed) };
};

/**
 * Tells the one-click request, the page's forms and anything else apart. One-click wins whatever else the body
 * holds: RFC 8058 makes `List-Unsubscribe=One-Click` the whole signal, and a mail provider may add fields.
 * Topic ids are passed on as sent: whether the tenant has them is the core's question, answered with the list.
 */
export const readRecipientPost = async (event: APIGatewayProxyEventV2): Promise<RecipientPost> => {
  let fields: URLSearchParams;
  try {
    fields = await formFields(event, MAX_FORM_BYTES);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return { type: 'too_large' };
    throw error;
  }
  if (fields.getAll('List-Unsubscribe').some((value) => value.trim().toLowerCase() === 'one-click')) {
    return { type: 'one_click' };
  }
  switch (fields.get('action')) {
    case 'unsubscribe':
      return { type: 'unsubscribe' };
    case 'resubscribe':
      return { type: 'resubscribe' };
    case 'resume':
      return { type: 'resume' };
    case 'pause':
      return pauseOf(fields);
    case 'save':
      return saveOf(fields);
    default:
      return { type: 'unrecognized' };
  }
};
