import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  MAX_FORM_BYTES,
  MAX_TOPIC_FIELDS,
  readRecipientPost,
} from '../../functions/http/unsubscribe-page/recipient-post';

/** A POST as API Gateway hands it over: form bodies base64-encoded. */
const post = (contentType: string | undefined, body: string | Buffer, base64 = true) =>
  readRecipientPost({
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body: base64 ? Buffer.from(body).toString('base64') : body.toString(),
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2);

const multipart = (boundary: string, parts: Record<string, string>) => {
  const body = Object.entries(parts).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return `${body.join('')}--${boundary}--\r\n`;
};

describe('reading a POST to an unsubscribe link', () => {
  it('recognises the RFC 8058 one-click body, urlencoded', async () => {
    expect(await post('application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click')).toEqual({
      type: 'one_click',
    });
  });

  it('recognises the one-click body sent as multipart/form-data', async () => {
    const body = multipart('----quietlist42', { 'List-Unsubscribe': 'One-Click' });
    expect(await post('multipart/form-data; boundary=----quietlist42', body)).toEqual({ type: 'one_click' });
  });

  it('reads a quoted boundary and a part with its own content type', async () => {
    const body =
      '--a b c\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\nContent-Type: text/plain\r\n\r\n' +
      'One-Click\r\n--a b c--';
    expect(await post('multipart/form-data; boundary="a b c"', body)).toEqual({ type: 'one_click' });
  });

  it('lets one-click win over other fields a mail provider may add', async () => {
    expect(
      await post('application/x-www-form-urlencoded', 'action=resubscribe&List-Unsubscribe=One-Click'),
    ).toEqual({ type: 'one_click' });
    const body = multipart('b', { extra: 'x', 'List-Unsubscribe': 'One-Click' });
    expect(await post('multipart/form-data; boundary=b', body)).toEqual({ type: 'one_click' });
  });

  it('reads a body API Gateway passed as text, or one without a content type, as urlencoded', async () => {
    expect(await post('text/plain', 'List-Unsubscribe=One-Click', false)).toEqual({ type: 'one_click' });
    expect(await post(undefined, 'List-Unsubscribe=One-Click')).toEqual({ type: 'one_click' });
  });

  it("tells the page's two buttons apart", async () => {
    expect(await post('application/x-www-form-urlencoded', 'action=unsubscribe')).toEqual({
      type: 'unsubscribe',
    });
    expect(await post('application/x-www-form-urlencoded', 'action=resubscribe')).toEqual({
      type: 'resubscribe',
    });
    expect(await post('multipart/form-data; boundary=z', multipart('z', { action: 'resubscribe' }))).toEqual({
      type: 'resubscribe',
    });
  });

  it('does not take anything else for a request', async () => {
    for (const body of ['', 'List-Unsubscribe=Two-Clicks', 'action=delete', 'List-Unsubscribe', '%%%']) {
      expect(await post('application/x-www-form-urlencoded', body)).toEqual({ type: 'unrecognized' });
    }
    expect(await post('multipart/form-data; boundary=b', 'garbage')).toEqual({ type: 'unrecognized' });
    expect(
      await post('multipart/form-data; boundary=b', multipart('other', { action: 'unsubscribe' })),
    ).toEqual({ type: 'unrecognized' });
    const file =
      '--f\r\nContent-Disposition: form-data; name="List-Unsubscribe"; filename="x.txt"\r\n\r\nOne-Click\r\n--f--\r\n';
    expect(await post('multipart/form-data; boundary=f', file)).toEqual({ type: 'unrecognized' });
  });

  it('reads a save: the topics shown and the ones ticked, each once, in order', async () => {
    const body = 'action=save&shown=news&shown=deals&shown=news&topic=deals&topic=ghost&topic=deals';
    expect(await post('application/x-www-form-urlencoded', body)).toEqual({
      type: 'save',
      shown: ['news', 'deals'],
      subscribed: ['deals', 'ghost'],
    });
    expect(await post('application/x-www-form-urlencoded', 'action=save')).toEqual({
      type: 'save',
      shown: [],
      subscribed: [],
    });
    expect(
      await post(
        'multipart/form-data; boundary=q9',
        multipart('q9', { action: 'save', shown: 'a', topic: 'a' }),
      ),
    ).toEqual({ type: 'save', shown: ['a'], subscribed: ['a'] });
  });

  it('does not take more topic fields than any page renders', async () => {
    const many = (name: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${name}=t${i}`).join('&');
    const atLimit = await post(
      'application/x-www-form-urlencoded',
      `action=save&${many('shown', MAX_TOPIC_FIELDS)}`,
    );
    expect(atLimit).toMatchObject({ type: 'save' });
    for (const name of ['shown', 'topic']) {
      expect(
        await post('application/x-www-form-urlencoded', `action=save&${many(name, MAX_TOPIC_FIELDS + 1)}`),
      ).toEqual({ type: 'unrecognized' });
    }
  });

  it('reads a pause of an offered length, and names any other length it was given', async () => {
    expect(await post('application/x-www-form-urlencoded', 'action=pause&days=30')).toEqual({
      type: 'pause',
      days: 30,
    });
    expect(await post('application/x-www-form-urlencoded', 'action=pause&days=90')).toEqual({
      type: 'pause',
      days: 90,
    });
    for (const [body, given] of [
      ['action=pause&days=45', '45'],
      ['action=pause&days=030', '030'],
      ['action=pause&days=30.0', '30.0'],
      ['action=pause&days=-30', '-30'],
      ['action=pause', ''],
      ['action=pause&days=30&days=90', '30,90'],
    ]) {
      expect(await post('application/x-www-form-urlencoded', body ?? '')).toEqual({
        type: 'bad_pause_length',
        given,
      });
    }
  });

  it('reads resume, and lets one-click win over a pause or a save', async () => {
    expect(await post('application/x-www-form-urlencoded', 'action=resume')).toEqual({ type: 'resume' });
    expect(
      await post('application/x-www-form-urlencoded', 'action=pause&days=30&List-Unsubscribe=One-Click'),
    ).toEqual({ type: 'one_click' });
    expect(
      await post('application/x-www-form-urlencoded', 'action=save&shown=a&List-Unsubscribe=One-Click'),
    ).toEqual({
      type: 'one_click',
    });
  });

  it('refuses a body over the limit before parsing it', async () => {
    const body = `List-Unsubscribe=One-Click&pad=${'x'.repeat(MAX_FORM_BYTES)}`;
    expect(await post('application/x-www-form-urlencoded', body)).toEqual({ type: 'too_large' });
  });
});
