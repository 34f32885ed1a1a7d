import type { APIGatewayProxyEventV2 } from 'aws-lambda';

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

const MULTIPART = /^multipart\/form-data\s*;/i;

/**
 * Reads the form fields of a POST body. API Gateway hands form posts to Lambda base64-encoded; multipart bodies go
 * to the platform's own parser (`Request.formData()`, the WHATWG Fetch implementation in Node), everything else
 * is read as `application/x-www-form-urlencoded`, which is what RFC 8058 senders and HTML forms send. Never
 * throws: a body that cannot be parsed has no fields.
 */
const formFields = async (event: APIGatewayProxyEventV2, body: Buffer): Promise<URLSearchParams> => {
  const contentType = event.headers['content-type'] ?? '';
  if (!MULTIPART.test(contentType)) return new URLSearchParams(body.toString('utf8'));
  try {
    const form = await new Request('https://localhost/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
    const fields = new URLSearchParams();
    for (const [name, value] of form) if (typeof value === 'string') fields.append(name, value);
    return fields;
  } catch {
    return new URLSearchParams();
  }
};

/**
 * Tells the one-click request, the page's form and anything else apart. One-click wins whatever else the body
 * holds: RFC 8058 makes `List-Unsubscribe=One-Click` the whole signal, and a mail provider may add fields.
 */
export const readRecipientPost = async (event: APIGatewayProxyEventV2): Promise<RecipientPost> => {
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length > MAX_FORM_BYTES) return 'too_large';
  const fields = await formFields(event, body);
  if (fields.getAll('List-Unsubscribe').some((value) => value.trim().toLowerCase() === 'one-click')) {
    return 'one_click';
  }
  const action = fields.get('action');
  return action === 'unsubscribe' || action === 'resubscribe' ? action : 'unrecognized';
};
