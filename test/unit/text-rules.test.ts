import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseFilterRequest } from '#app/filter-request';
import { DEFAULT_CLAIMS } from '#domain/roles';
import { feedbackContextOf } from '#domain/ses-feedback-context';
import { encodeTagValue } from '#domain/ses-tags';
import { controlCharacterProblem } from '#domain/text-rules';
import { principalOf } from '#lambda/principal';
import type { UnsubscribeLinksUseCases } from '#wiring/unsubscribe-links';
import { makeHandler as linkHandler } from '../../functions/http/unsubscribe-links';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';

const claims = { sub: 'u-1', [DEFAULT_CLAIMS.tenant]: 'acme', [DEFAULT_CLAIMS.role]: 'admin' };

const eventWith = (body: unknown, extraClaims: Record<string, unknown> = {}) =>
  ({
    version: '2.0',
    routeKey: 'POST /v1/unsubscribe-links',
    rawPath: '/v1/unsubscribe-links',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: '/v1/unsubscribe-links', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r-1',
      authorizer: { jwt: { claims: { ...claims, ...extraClaims } } },
    },
  }) as unknown as APIGatewayProxyEventV2;

/** The link builder's handler with a use case that must never be reached. */
const buildLink = async (event: APIGatewayProxyEventV2) => {
  const useCases = Promise.resolve({
    buildUnsubscribeLink: () => {
      throw new Error('the use case must not be reached');
    },
  } as unknown as UnsubscribeLinksUseCases);
  const result = (await linkHandler(useCases)(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, text: String(result.body) };
};

const CONTROLS = ['y\r=1+2', 'x\n-1', 'tab\there', 'nul\u0000', 'del\u007f', 'c1\u0085'];

describe('no control characters (#domain/text-rules)', () => {
  it('names the first control character and where it is; plain text, accents and emoji pass', () => {
    expect(controlCharacterProblem('y\r=1+2')).toBe(
      'must not hold control characters (line breaks, tabs and the like): U+000D at character 2',
    );
    for (const text of CONTROLS) expect(controlCharacterProblem(text)).toBeDefined();
    for (const text of ['spring-2026', 'Printemps – été', 'Ünïcode 🚀', '=1+2', ''])
      expect(controlCharacterProblem(text)).toBeUndefined();
  });

  it('the link builder refuses a campaignId holding one: 400 naming body.campaignId', async () => {
    for (const campaignId of CONTROLS) {
      const { status, text } = await buildLink(
        eventWith({ contactId: '12345', email: 'jane@example.com', campaignId }),
      );
      expect(status).toBe(400);
      expect(text).toContain('body.campaignId: must not hold control characters');
    }
  });

  it('refuses a credential whose sub holds one: 401 naming the subject', async () => {
    const event = eventWith({ contactId: '12345', email: 'jane@example.com' }, { sub: 'bob\r=2+2' });
    expect(() => principalOf(event)).toThrow(
      "the credential's subject (sub) must not hold control characters (line breaks, tabs and the like): U+000D at character 4",
    );
    const { status, text } = await buildLink(event);
    expect(status).toBe(401);
    expect(text).toContain("the credential's subject (sub) must not hold control characters");
  });

  it('the filter payload refuses a campaignId holding one, naming campaignId', () => {
    const payload = (campaignId: string) => ({
      tenantId: 'acme',
      campaignId,
      category: 'marketing',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      recipients: [{ contactId: 'c-1', email: 'jane@example.com' }],
    });
    expect(parseFilterRequest(payload('spring-2026')).campaignId).toBe('spring-2026');
    for (const campaignId of CONTROLS) {
      expect(() => parseFilterRequest(payload(campaignId))).toThrow(
        /^campaignId: must not hold control characters/,
      );
    }
  });

  it('the link builder and the filter payload refuse a contact id by the one rule, naming the field', async () => {
    const refusal =
      '"has space" is not a valid contact id: use 1-128 printable ASCII characters without spaces';
    const { status, text } = await buildLink(
      eventWith({ contactId: 'has space', email: 'jane@example.com' }),
    );
    expect(status).toBe(400);
    expect((JSON.parse(text) as { error: { message: string } }).error.message).toBe(
      `body.contactId: ${refusal}`,
    );
    expect(() =>
      parseFilterRequest({
        tenantId: 'acme',
        campaignId: 'spring-2026',
        category: 'transactional',
        channels: ['email'],
        recipients: [{ contactId: 'has space', email: 'jane@example.com' }],
      }),
    ).toThrow(`recipients[0].contactId: ${refusal}`);
  });

  it('SES feedback drops a tagged campaign id holding one, as it did before the shared rule', () => {
    const mail = (campaign: string) =>
      ({
        tags: { 'quietlist-campaign': [encodeTagValue(campaign)] },
        destination: ['jane@example.com'],
      }) as unknown as Parameters<typeof feedbackContextOf>[0];
    const kept = feedbackContextOf(mail('spring-2026'));
    expect(kept.ok && kept.value.campaignId).toBe('spring-2026');
    const dropped = feedbackContextOf(mail('y\r=1+2'));
    expect(dropped.ok && dropped.value).toMatchObject({ dropped: ['campaign'] });
    expect(dropped.ok && dropped.value.campaignId).toBeUndefined();
  });
});
