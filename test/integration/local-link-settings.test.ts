import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalService, startLocalService } from '../support/local-service';
import { uniqueTenant } from '../support/repositories';

/**
 * `npm start` gives its handlers the link settings the environment names, as a deployment gives its functions
 * (`QUIETLIST_UNSUBSCRIBE_MAILTO`, local/start.ts): the link builder and the filter then build the same links.
 */

let service: LocalService;

beforeAll(async () => {
  service = await startLocalService({ unsubscribeMailto: 'unsubscribe@example.com' });
});

afterAll(() => service?.close());

const MAILTO =
  /^<http:\/\/127\.0\.0\.1:\d+\/u\/[\w-]+>, <mailto:unsubscribe@example\.com\?subject=unsubscribe%20[\w-]+>$/;

describe('local link settings', () => {
  it("put the mailto alternative in the link builder's and the filter's List-Unsubscribe", async () => {
    const tenant = uniqueTenant();
    const built = await fetch(`${service.baseUrl}/v1/unsubscribe-links`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await service.credential(tenant, 'admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ contactId: 'c-1', email: 'jane@example.com' }),
    });
    expect(built.status).toBe(200);
    const link = (await built.json()) as { headers: Record<string, string> };
    expect(link.headers['List-Unsubscribe']).toMatch(MAILTO);

    const filtered = await fetch(`${service.baseUrl}/_local/invoke/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantId: tenant,
        campaignId: 'c-1',
        category: 'transactional',
        channels: ['email'],
        recipients: [{ contactId: 'c-1', email: 'jane@example.com' }],
      }),
    });
    expect(filtered.status).toBe(200);
    const answer = (await filtered.json()) as {
      eligible: { emails: { headers: Record<string, string> }[] }[];
    };
    expect(answer.eligible[0]?.emails[0]?.headers['List-Unsubscribe']).toMatch(MAILTO);
  });
});
