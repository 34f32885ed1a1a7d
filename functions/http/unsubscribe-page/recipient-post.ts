import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError } from '#domain/errors';
import { formFields } from '#lambda/http-request';

/** What a POST to `/u/{token}` asks for, decided by its body alone. */
export type RecipientPost =
  /** RFC 8058: a mail client's native unsubscribe button (`List-Unsubscribe=One-Click`). */
  | 'one_click'
  /** The confirmation page's button. */
  | 'unsubscribe'
  /** The "Resubscribe" button of the unsubscribed page. */
  | 'resubscribe'
  | 'unrecognized'
  | 'too_large';

/** Far above the largest real form (under 100 bytes), low enough that parsing garbage costs nothing. */
export const MAX_FORM_BYTES = 16 * 1024;

/**
 * Tells the one-click request, the page's form and anything else apart. One-click wins whatever else the body
 * holds: RFC 8058 makes `List-Unsubscribe=One-Click` the whole signal, and a mail provider may add fields.
 */
export const readRecipientPost = async (event: APIGatewayProxyEventV2): Promise<RecipientPost> => {
  let fields: URLSearchParams;
  try {
    fields = await formFields(event, MAX_FORM_BYTES);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return 'too_large';
    throw error;
  }
  if (fields.getAll('List-Unsubscribe').some((value) => value.trim().toLowerCase() === 'one-click')) {
    return 'one_click';
  }
  const action = fields.get('action');
  return action === 'unsubscribe' || action === 'resubscribe' ? action : 'unrecognized';
};
