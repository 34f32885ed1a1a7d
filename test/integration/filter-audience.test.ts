import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactPk, suppressionPk } from '#adapters/dynamodb/keys';
import type { FilterAudienceOutput } from '#app/filter-answer';
import { CATEGORIES, type Category } from '#domain/category-policy';
import { InvalidInputError, PayloadTooLargeError, UnavailableError } from '#domain/errors';
import { SOURCES, type Source } from '#domain/sources';
import { GLOBAL_TENANT } from '#domain/tenant';
import {
  COMPLIANT_TEMPLATE,
  countingClient,
  type FilterFixture,
  filterFixture,
  interceptedClient,
  LINK_BASE_URL,
  stuckKeysClient,
} from '../support/filter-fixture';
import { hashValue, type TestTable, testTable, uniqueTenant } from '../support/repositories';

let table: TestTable;
let fixture: FilterFixture;

beforeAll(async () => {
  table = await testTable();
  fixture = filterFixture(table);
});

interface RecipientPayload {
  readonly contactId: string;
  readonly [field: string]: unknown;
}

const run = async (
  tenantId: string,
  recipients: readonly RecipientPayload[],
  options: { category?: Category; channels?: string[]; template?: unknown } = {},
  using: FilterFixture = fixture,
): Promise<FilterAudienceOutput> =>
  (
    await using.filter({
      tenantId,
      campaignId: 'c-42',
      category: options.category ?? 'marketing',
      channels: options.channels ?? ['email'],
      template: 'template' in options ? options.template : COMPLIANT_TEMPLATE,
      recipients,
    })
  ).output;

const reasonsOf = (output: FilterAudienceOutput, contactId: string) =>
  output.filtered.find((recipient) => recipient.contactId === contactId)?.reasons;
const eligibleOf = (output: FilterAudienceOutput, contactId: string) =>
  output.eligible.find((recipient) => recipient.contactId === contactId);

describe('every reason', () => {
  it('filters an address the recipient unsubscribed as unsubscribed', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'gone@example.com', 'link');
    const output = await run(tenant, [{ contactId: 'c1', email: 'Gone@Example.com' }]);
    expect(output.filtered).toEqual([{ contactId: 'c1', reasons: ['unsubscribed'] }]);
    expect(output.eligible).toEqual([]);
  });

  it('filters an address under an unsubscribed domain as domain_unsubscribed', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'domain', '@blocked.example', 'admin');
    const output = await run(tenant, [{ contactId: 'c1', email: 'anyone@blocked.example' }]);
    expect(reasonsOf(output, 'c1')).toEqual(['domain_unsubscribed']);
  });

  it('filters a bounced address as bounced', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'bounce@example.com', 'bounce', { bounceType: 'Permanent' });
    const output = await run(tenant, [{ contactId: 'c1', email: 'bounce@example.com' }]);
    expect(reasonsOf(output, 'c1')).toEqual(['bounced']);
  });

  it('filters an address that complained as complained', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'angry@example.com', 'spam_complaint');
    const output = await run(tenant, [{ contactId: 'c1', email: 'angry@example.com' }]);
    expect(reasonsOf(output, 'c1')).toEqual(['complained']);
  });

  it('filters a contact stored as do-not-contact on every channel', async () => {
    const tenant = uniqueTenant();
    await fixture.setDoNotContact(tenant, 'c1');
    const output = await run(
      tenant,
      [
        {
          contactId: 'c1',
          email: 'dnc@example.com',
          phone: '+1 202 555 0101',
          linkedinUrl: 'linkedin.com/in/dnc',
        },
      ],
      { channels: ['email', 'phone', 'linkedin'] },
    );
    expect(reasonsOf(output, 'c1')).toEqual(['do_not_contact']);
  });

  it('filters a contact flagged doNotContact in the input on every channel', async () => {
    const output = await run(
      uniqueTenant(),
      [{ contactId: 'c1', email: 'flag@example.com', phone: '+1 202 555 0102', doNotContact: true }],
      { channels: ['email', 'phone'] },
    );
    expect(reasonsOf(output, 'c1')).toEqual(['do_not_contact']);
  });

  it('reads a value suppressed by a contact-level do-not-contact as do_not_contact', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'phone', '+1 202 555 0103', 'admin', { doNotContact: true });
    const output = await run(tenant, [{ contactId: 'other', phone: '+1 202 555 0103' }], {
      channels: ['phone'],
    });
    expect(reasonsOf(output, 'other')).toEqual(['do_not_contact']);
  });

  it('filters a doNotEmail recipient as do_not_email', async () => {
    const output = await run(uniqueTenant(), [{ contactId: 'c1', email: 'a@example.com', doNotEmail: true }]);
    expect(reasonsOf(output, 'c1')).toEqual(['do_not_email']);
  });

  it('filters a doNotMassEmail recipient from marketing as do_not_mass_email', async () => {
    const output = await run(uniqueTenant(), [
      { contactId: 'c1', email: 'a@example.com', doNotMassEmail: true },
    ]);
    expect(reasonsOf(output, 'c1')).toEqual(['do_not_mass_email']);
  });

  it('filters a recipient without an email as missing_email', async () => {
    const output = await run(uniqueTenant(), [{ contactId: 'c1', phone: '+1 202 555 0104' }]);
    expect(reasonsOf(output, 'c1')).toEqual(['missing_email']);
  });

  it('filters an invalid address as invalid_email', async () => {
    const output = await run(uniqueTenant(), [{ contactId: 'c1', emails: ['not-an-address'] }]);
    expect(reasonsOf(output, 'c1')).toEqual(['invalid_email']);
  });

  it('names a missing channel only when the recipient gave nothing to check on any requested channel', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'only-email@example.com', 'link');
    const output = await run(
      tenant,
      [
        { contactId: 'blocked', email: 'only-email@example.com' },
        { contactId: 'empty', linkedinUrl: 'linkedin.com/in/not-requested' },
      ],
      { channels: ['email', 'phone'] },
    );
    expect(reasonsOf(output, 'blocked')).toEqual(['unsubscribed']);
    expect(reasonsOf(output, 'empty')).toEqual(['missing_email', 'missing_phone']);
  });

  it('filters an address on the global list as global_suppression, for any tenant', async () => {
    await fixture.suppress(GLOBAL_TENANT, 'email', 'everywhere@global.example', 'bounce');
    for (const tenant of [uniqueTenant(), uniqueTenant()]) {
      const output = await run(tenant, [{ contactId: 'c1', email: 'everywhere@global.example' }]);
      expect(reasonsOf(output, 'c1')).toEqual(['global_suppression']);
    }
  });

  it('applies a global domain entry to every address at the domain', async () => {
    await fixture.suppress(GLOBAL_TENANT, 'domain', '@global-domain.example', 'legacy');
    const output = await run(uniqueTenant(), [{ contactId: 'c1', email: 'x@global-domain.example' }]);
    expect(reasonsOf(output, 'c1')).toEqual(['global_suppression']);
  });

  it('filters invalid and missing phones and LinkedIn URLs with their own reasons', async () => {
    const output = await run(
      uniqueTenant(),
      [
        { contactId: 'bad', phone: 'call me maybe', linkedinUrl: 'https://example.com/in/someone' },
        { contactId: 'none', email: 'only@example.com' },
      ],
      { channels: ['phone', 'linkedin'] },
    );
    expect(reasonsOf(output, 'bad')).toEqual(['invalid_phone', 'invalid_linkedin']);
    expect(reasonsOf(output, 'none')).toEqual(['missing_phone', 'missing_linkedin']);
  });

  it('gives every reason a value has, not just the first', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'many@reasons.example', 'link');
    await fixture.suppress(tenant, 'email', 'many@reasons.example', 'bounce');
    await fixture.suppress(tenant, 'domain', '@reasons.example', 'api');
    const output = await run(tenant, [{ contactId: 'c1', email: 'many@reasons.example', doNotEmail: true }]);
    expect(reasonsOf(output, 'c1')).toEqual([
      'unsubscribed',
      'domain_unsubscribed',
      'bounced',
      'do_not_email',
    ]);
    expect(output.summary.byReason).toEqual({
      unsubscribed: 1,
      domain_unsubscribed: 1,
      bounced: 1,
      do_not_email: 1,
    });
  });
});

describe('scopes by category', () => {
  // Written out rather than derived from CATEGORY_POLICIES, so a change to the policy table fails here.
  const BLOCKS: Record<Category, Record<Source, boolean>> = {
    marketing: {
      link: true,
      list_unsubscribe: true,
      admin: true,
      api: true,
      bounce: true,
      spam_complaint: true,
      legacy: true,
      sms_stop: true,
    },
    automation: {
      link: true,
      list_unsubscribe: true,
      admin: true,
      api: true,
      bounce: true,
      spam_complaint: true,
      legacy: true,
      sms_stop: true,
    },
    transactional: {
      link: false,
      list_unsubscribe: false,
      admin: true,
      api: true,
      bounce: true,
      spam_complaint: false,
      legacy: true,
      sms_stop: false,
    },
  };
  const cases = CATEGORIES.flatMap((category) =>
    SOURCES.map((source) => ({ category, source, blocks: BLOCKS[category][source] })),
  );

  it.each(cases)('a $source entry blocks $category mail: $blocks', async ({ category, source, blocks }) => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'scoped@example.com', source);
    const output = await run(tenant, [{ contactId: 'c1', email: 'scoped@example.com' }], { category });
    expect(output.filtered.length === 1).toBe(blocks);
    expect(output.eligible.length === 1).toBe(!blocks);
  });

  const FLAGS: Record<Category, Record<'doNotContact' | 'doNotEmail' | 'doNotMassEmail', boolean>> = {
    marketing: { doNotContact: true, doNotEmail: true, doNotMassEmail: true },
    automation: { doNotContact: true, doNotEmail: true, doNotMassEmail: false },
    transactional: { doNotContact: true, doNotEmail: true, doNotMassEmail: false },
  };
  const flagCases = CATEGORIES.flatMap((category) =>
    (['doNotContact', 'doNotEmail', 'doNotMassEmail'] as const).map((flag) => ({
      category,
      flag,
      blocks: FLAGS[category][flag],
    })),
  );

  it.each(flagCases)('the $flag flag blocks $category mail: $blocks', async ({ category, flag, blocks }) => {
    const output = await run(
      uniqueTenant(),
      [{ contactId: 'c1', email: 'flagged@example.com', [flag]: true }],
      {
        category,
      },
    );
    expect(output.filtered.length === 1).toBe(blocks);
  });

  it('lets a receipt through to an address unsubscribed from marketing but blocks it once it also bounced', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'receipt@example.com', 'list_unsubscribe');
    const before = await run(tenant, [{ contactId: 'c1', email: 'receipt@example.com' }], {
      category: 'transactional',
    });
    expect(eligibleOf(before, 'c1')?.emails.map((email) => email.address)).toEqual(['receipt@example.com']);
    await fixture.suppress(tenant, 'email', 'receipt@example.com', 'bounce');
    const after = await run(tenant, [{ contactId: 'c1', email: 'receipt@example.com' }], {
      category: 'transactional',
    });
    expect(reasonsOf(after, 'c1')).toEqual(['bounced']);
  });
});

describe('partial blocking and shared values', () => {
  it('keeps a recipient eligible on the email and phone left when one of two emails bounced', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'old@example.com', 'bounce');
    const output = await run(
      tenant,
      [{ contactId: 'c1', emails: ['old@example.com', 'new@example.com'], phone: '(202) 555-0105' }],
      { channels: ['email', 'phone'] },
    );
    expect(output.filtered).toEqual([]);
    const recipient = eligibleOf(output, 'c1');
    expect(recipient?.emails.map((email) => email.address)).toEqual(['new@example.com']);
    expect(recipient?.phones).toEqual(['+12025550105']);
    expect(recipient?.blocked).toEqual([{ kind: 'email', value: 'old@example.com', reasons: ['bounced'] }]);
  });

  it('keeps a recipient eligible by phone when all their email is blocked', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'no-mail@example.com', 'link');
    const output = await run(
      tenant,
      [{ contactId: 'c1', email: 'no-mail@example.com', phone: '+1 202 555 0106' }],
      {
        channels: ['email', 'phone'],
      },
    );
    const recipient = eligibleOf(output, 'c1');
    expect(recipient?.emails).toEqual([]);
    expect(recipient?.phones).toEqual(['+12025550106']);
    expect(recipient?.blocked).toEqual([
      { kind: 'email', value: 'no-mail@example.com', reasons: ['unsubscribed'] },
    ]);
  });

  it('blocks both contacts that share one suppressed address', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'email', 'shared@example.com', 'link');
    const output = await run(tenant, [
      { contactId: 'c1', email: 'shared@example.com' },
      { contactId: 'c2', email: 'SHARED@example.com' },
      { contactId: 'c3', email: 'unshared@example.com' },
    ]);
    expect(output.filtered.map((recipient) => recipient.contactId)).toEqual(['c1', 'c2']);
    expect(output.eligible.map((recipient) => recipient.contactId)).toEqual(['c3']);
  });

  it('blocks every address at a suppressed domain and only that domain', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'domain', '@competitor.example', 'admin');
    const output = await run(tenant, [
      { contactId: 'c1', email: 'ceo@competitor.example' },
      { contactId: 'c2', email: 'sales@Competitor.Example' },
      { contactId: 'c3', email: 'ceo@sub.competitor.example' },
      { contactId: 'c4', email: 'ceo@competitor.example.org' },
    ]);
    expect(output.filtered.map((recipient) => recipient.contactId)).toEqual(['c1', 'c2']);
    expect(output.eligible.map((recipient) => recipient.contactId)).toEqual(['c3', 'c4']);
  });

  it('blocks a domain and every subdomain under a wildcard domain entry, as domain_unsubscribed', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'domain', '@*.competitor.com', 'admin');
    const output = await run(tenant, [
      { contactId: 'c1', email: 'a@competitor.com' },
      { contactId: 'c2', email: 'a@eu.competitor.com' },
      { contactId: 'c3', email: 'a@x.eu.competitor.com' },
      { contactId: 'c4', email: 'b@x.y.competitor.com' },
      { contactId: 'c5', email: 'a@notcompetitor.com' },
      { contactId: 'c6', email: 'a@competitor.com.example' },
    ]);
    expect(output.filtered).toEqual(
      ['c1', 'c2', 'c3', 'c4'].map((contactId) => ({ contactId, reasons: ['domain_unsubscribed'] })),
    );
    expect(output.eligible.map((recipient) => recipient.contactId)).toEqual(['c5', 'c6']);
  });

  it('keeps an exact domain entry exact: @competitor.com blocks a@competitor.com only', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'domain', '@competitor.com', 'admin');
    const output = await run(tenant, [
      { contactId: 'c1', email: 'a@competitor.com' },
      { contactId: 'c2', email: 'a@eu.competitor.com' },
      { contactId: 'c3', email: 'a@x.eu.competitor.com' },
      { contactId: 'c4', email: 'a@notcompetitor.com' },
    ]);
    expect(output.filtered.map((recipient) => recipient.contactId)).toEqual(['c1']);
    expect(output.eligible.map((recipient) => recipient.contactId)).toEqual(['c2', 'c3', 'c4']);
  });

  it('finds the widest wildcard that may be written from an address of any depth below it', async () => {
    const tenant = uniqueTenant();
    await fixture.suppress(tenant, 'domain', '@*.c.d.e.example.com', 'api');
    const output = await run(tenant, [
      { contactId: 'c1', email: 'a@z.y.x.b.c.d.e.example.com' },
      { contactId: 'c2', email: 'a@d.e.example.com' },
    ]);
    expect(reasonsOf(output, 'c1')).toEqual(['domain_unsubscribed']);
    expect(eligibleOf(output, 'c2')).toBeDefined();
  });

  it('applies a global wildcard domain entry to every tenant', async () => {
    await fixture.suppress(GLOBAL_TENANT, 'domain', '@*.global-wildcard.example', 'legacy');
    const output = await run(uniqueTenant(), [{ contactId: 'c1', email: 'x@eu.global-wildcard.example' }]);
    expect(reasonsOf(output, 'c1')).toEqual(['global_suppression']);
  });

  it("never lets one tenant's suppressions touch another tenant", async () => {
    const [mine, theirs] = [uniqueTenant(), uniqueTenant()];
    await fixture.suppress(theirs, 'email', 'private@example.com', 'admin');
    const output = await run(mine, [{ contactId: 'c1', email: 'private@example.com' }]);
    expect(output.eligible.map((recipient) => recipient.contactId)).toEqual(['c1']);
  });
});

describe('the answer', () => {
  it('gives each eligible email its unsubscribe URL and one-click headers', async () => {
    const output = await run(uniqueTenant(), [{ contactId: 'c1', email: 'Jane <Jane@Example.com>' }]);
    const [email] = eligibleOf(output, 'c1')?.emails ?? [];
    expect(email?.address).toBe('jane@example.com');
    expect(email?.unsubscribeUrl.startsWith(`${LINK_BASE_URL}/u/`)).toBe(true);
    expect(email?.headers).toEqual({
      'List-Unsubscribe': `<${email?.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('answers with a sortable run id and counts that add up', async () => {
    const tenant = uniqueTenant();
    const first = await run(tenant, [{ contactId: 'c1', email: 'a@example.com' }, { contactId: 'c2' }]);
    const second = await run(tenant, [{ contactId: 'c1', email: 'a@example.com' }]);
    expect(first.runId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(second.runId > first.runId).toBe(true);
    expect(first.summary).toEqual({ received: 2, eligible: 1, filtered: 1, byReason: { missing_email: 1 } });
  });

  it('stores the run summary and filtered list, readable by run id', async () => {
    const tenant = uniqueTenant();
    const output = await run(tenant, [
      { contactId: 'c1', email: 'ok@example.com' },
      { contactId: 'c2', email: 'bad' },
    ]);
    const stored = await fixture.filterRuns.getFilterRun(tenant, output.runId);
    expect(stored?.campaignId).toBe('c-42');
    expect(stored?.summary).toEqual(output.summary);
    expect(stored?.filtered).toEqual([{ contactId: 'c2', reasons: ['invalid_email'] }]);
  });
});

describe('batching', () => {
  it('filters 250 recipients in more than two batch calls, each value checked once', async () => {
    const tenant = uniqueTenant();
    const counts = { batchGets: 0, other: 0 };
    const counted = filterFixture(table, countingClient(table.doc, counts));
    const address = (i: number) => `r${i}@bulk${i % 4}.example`;
    for (let i = 0; i < 125; i += 5) await fixture.suppress(tenant, 'email', address(i), 'link');
    // Two recipients share each address: the lookup must not grow with them.
    const recipients = Array.from({ length: 250 }, (_, i) => ({
      contactId: `c${i}`,
      email: address(i >> 1),
    }));
    const result = await counted.filter({
      tenantId: tenant,
      campaignId: 'c-42',
      category: 'marketing',
      channels: ['email'],
      template: COMPLIANT_TEMPLATE,
      recipients,
    });
    // 125 addresses, 4 domains and their 4 wildcard entries, each for the tenant and the global list.
    expect(result.stats.keys).toBe(2 * (125 + 4 + 4));
    expect(result.stats.requests).toBe(3);
    expect(counts.batchGets).toBe(3 + 3); // plus 250 contacts' do-not-contact state
    const filtered = result.output.filtered.map((recipient) => recipient.contactId);
    const expected = recipients.filter((_, i) => (i >> 1) % 5 === 0).map((recipient) => recipient.contactId);
    expect(filtered).toEqual(expected);
    expect(result.output.eligible).toHaveLength(250 - expected.length);
  });
});

describe('failing closed', () => {
  it('marks values whose keys stay unprocessed as unchecked, never eligible', async () => {
    const tenant = uniqueTenant();
    const stuckHash = hashValue('email', 'stuck@example.com');
    const calls = { batchGets: 0 };
    const faulty = filterFixture(
      table,
      stuckKeysClient(
        table.doc,
        table.tableName,
        (pk) => pk === suppressionPk(tenant, 'email', stuckHash),
        calls,
      ),
    );
    const output = await run(
      tenant,
      [
        { contactId: 'c1', email: 'stuck@example.com' },
        { contactId: 'c2', email: 'fine@example.com' },
        { contactId: 'c3', emails: ['stuck@example.com', 'fine@example.com'] },
      ],
      {},
      faulty,
    );
    expect(reasonsOf(output, 'c1')).toEqual(['unchecked']);
    expect(eligibleOf(output, 'c2')?.emails.map((email) => email.address)).toEqual(['fine@example.com']);
    expect(eligibleOf(output, 'c3')?.emails.map((email) => email.address)).toEqual(['fine@example.com']);
    expect(eligibleOf(output, 'c3')?.blocked).toEqual([
      { kind: 'email', value: 'stuck@example.com', reasons: ['unchecked'] },
    ]);
    expect(output.summary.byReason).toEqual({ unchecked: 1 });
    // It retried (three attempts for the stuck key) before giving up.
    expect(calls.batchGets).toBeGreaterThanOrEqual(4);
  });

  it('marks every value of a contact whose do-not-contact state stays unread as unchecked', async () => {
    const tenant = uniqueTenant();
    const faulty = filterFixture(
      table,
      stuckKeysClient(table.doc, table.tableName, (pk) => pk === contactPk(tenant, 'c1')),
    );
    const output = await run(
      tenant,
      [
        { contactId: 'c1', email: 'a@example.com', phone: '+1 202 555 0107' },
        { contactId: 'c2', email: 'b@example.com' },
      ],
      { channels: ['email', 'phone'] },
      faulty,
    );
    expect(reasonsOf(output, 'c1')).toEqual(['unchecked']);
    expect(eligibleOf(output, 'c2')).toBeDefined();
  });

  it('fails the whole run, storing nothing, when DynamoDB answers nothing', async () => {
    const tenant = uniqueTenant();
    let writes = 0;
    const down = filterFixture(
      table,
      interceptedClient(table.doc, (command) => {
        if (command instanceof BatchWriteCommand) writes++;
        return Promise.reject(new Error('connect ECONNREFUSED'));
      }),
    );
    const attempt = run(tenant, [{ contactId: 'c1', email: 'a@example.com' }], {}, down);
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    await expect(attempt).rejects.toThrow(/DynamoDB did not answer/);
    expect(writes).toBe(0);
  });

  it('fails the whole run when its report cannot be stored', async () => {
    const broken = filterFixture(
      table,
      interceptedClient(table.doc, (command) =>
        command instanceof BatchWriteCommand ? Promise.reject(new Error('throttled')) : undefined,
      ),
    );
    await expect(
      run(uniqueTenant(), [{ contactId: 'c1', email: 'a@example.com' }], {}, broken),
    ).rejects.toThrow(/could not store the run report/);
  });
});

describe('refusals', () => {
  const lookups = () => {
    const counts = { batchGets: 0, other: 0 };
    return { counts, counted: filterFixture(table, countingClient(table.doc, counts)) };
  };

  it('refuses a marketing template without an unsubscribe shortcode, naming it, before any lookup', async () => {
    const { counts, counted } = lookups();
    const attempt = run(
      uniqueTenant(),
      [{ contactId: 'c1', email: 'a@example.com' }],
      { template: { html: '<p>[[postal_address]]</p>' } },
      counted,
    );
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toMatchObject({
      code: 'template_refused',
      message: expect.stringContaining('[[unsubscribe_link]] or [[unsubscribe_url]]'),
      details: { missing: ['[[unsubscribe_link]] or [[unsubscribe_url]]'] },
    });
    expect(counts).toEqual({ batchGets: 0, other: 0 });
  });

  it('refuses a marketing template without the postal address, naming it', async () => {
    await expect(
      run(uniqueTenant(), [{ contactId: 'c1' }], { template: { text: 'Bye: [[unsubscribe_url]]' } }),
    ).rejects.toMatchObject({ code: 'template_refused', details: { missing: ['[[postal_address]]'] } });
  });

  it('refuses a marketing run that sends no template at all', async () => {
    await expect(run(uniqueTenant(), [{ contactId: 'c1' }], { template: undefined })).rejects.toMatchObject({
      code: 'template_refused',
      message: expect.stringMatching(/^template: a marketing run must send its template/),
    });
  });

  it('accepts shortcodes spread over subject, html and text, and any template for automation', async () => {
    const spread = { subject: '[[postal_address]]', text: '[[unsubscribe_url]]' };
    const output = await run(uniqueTenant(), [{ contactId: 'c1', email: 'a@example.com' }], {
      template: spread,
    });
    expect(output.eligible).toHaveLength(1);
    const automation = await run(uniqueTenant(), [{ contactId: 'c1', email: 'a@example.com' }], {
      category: 'automation',
      template: undefined,
    });
    expect(automation.eligible).toHaveLength(1);
  });

  it('names the field at fault in an invalid payload', async () => {
    const attempt = run(uniqueTenant(), [
      { contactId: 'c0', email: 'a@example.com' },
      { contactId: 'c1', emails: ['ok@example.com', 42] },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(/^recipients\[1\]\.emails\[1\]: /);
  });

  it('names an unknown field, so a misspelt flag is never ignored', async () => {
    await expect(run(uniqueTenant(), [{ contactId: 'c1', doNotMail: true }])).rejects.toThrow(
      /^recipients\[0\]: Unrecognized key: "doNotMail"/,
    );
  });

  it('refuses an invalid tenant, category or channel, naming it', async () => {
    await expect(run('_global', [])).rejects.toThrow(/^tenantId: /);
    await expect(run(uniqueTenant(), [], { category: 'newsletter' as Category })).rejects.toThrow(
      /^category: /,
    );
    await expect(run(uniqueTenant(), [], { channels: ['fax'] })).rejects.toThrow(/^channels\[0\]: /);
  });

  it('refuses more than 10,000 recipients with a clear limit, before any lookup', async () => {
    const { counts, counted } = lookups();
    const recipients = Array.from({ length: 10_001 }, (_, i) => ({ contactId: `c${i}` }));
    const attempt = run(uniqueTenant(), recipients, {}, counted);
    await expect(attempt).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(attempt).rejects.toThrow(/^recipients: 10001 recipients in one call; the limit is 10000/);
    expect(counts.batchGets).toBe(0);
  });

  it('refuses a payload over 6 MB, saying so', async () => {
    const recipients = Array.from({ length: 700 }, (_, i) => ({
      contactId: `c${i}`,
      emails: Array.from({ length: 10 }, (_, j) => `${'x'.repeat(900)}${j}@example.com`),
    }));
    await expect(run(uniqueTenant(), recipients)).rejects.toThrow(/Lambda accepts at most 6291456 \(6 MB\)/);
  });

  it('does not look a BatchGetItem up per recipient', async () => {
    // Guard against a regression to per-recipient reads: 30 recipients, one email each, fit in one call.
    const counts = { batchGets: 0, other: 0 };
    const counted = filterFixture(table, countingClient(table.doc, counts));
    const recipients = Array.from({ length: 30 }, (_, i) => ({
      contactId: `c${i}`,
      email: `p${i}@one.example`,
    }));
    await run(uniqueTenant(), recipients, {}, counted);
    expect(counts.batchGets).toBe(2);
    expect(counts.other).toBe(1); // the report
  });
});
