import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FilterAudienceOutput } from '#app/filter-answer';
import { CATEGORIES } from '#domain/category-policy';
import { CHANNELS } from '#domain/channels';
import type { Kind } from '#domain/kinds';
import { SOURCES } from '#domain/sources';
import { GLOBAL_TENANT } from '#domain/tenant';
import { COMPLIANT_TEMPLATE, type FilterFixture, filterFixture } from '../support/filter-fixture';
import { testTable, uniqueTenant } from '../support/repositories';

let fixture: FilterFixture;

beforeAll(async () => {
  fixture = filterFixture(await testTable());
});

/** Values of one run: its own token keeps global entries of one run away from the others. */
const universeOf = (token: string) => {
  const domains = [`d1-${token}.example`, `d2-${token}.example`];
  return {
    email: domains.flatMap((domain) => ['a', 'b', 'c'].map((local) => `${local}@${domain}`)),
    domain: domains.map((domain) => `@${domain}`),
    phone: ['+12025550111', '+12025550112'],
    linkedin: [`linkedin.com/in/${token}-x`, `linkedin.com/in/${token}-y`],
  } satisfies Record<Kind, string[]>;
};

const valueSuppression = fc.record({
  type: fc.constant('value' as const),
  kind: fc.constantFrom<Kind>('email', 'domain', 'phone', 'linkedin'),
  index: fc.nat(5),
  source: fc.constantFrom(...SOURCES),
  // Only values carrying the run's token may go on the global list, which every run shares.
  global: fc.boolean(),
  fromDoNotContact: fc.boolean(),
});
const contactSuppression = fc.record({ type: fc.constant('contact' as const), contact: fc.nat(3) });
const suppression = fc.oneof(valueSuppression, valueSuppression, contactSuppression);
type Suppression = typeof suppression extends fc.Arbitrary<infer T> ? T : never;
/** Another source on a value suppressed before: entries held by several sources are where scope bugs hide. */
const again = fc.record({
  type: fc.constant('again' as const),
  pick: fc.nat(),
  source: fc.constantFrom(...SOURCES),
});

const flag = fc.constantFrom(false, false, false, true);
const recipient = fc.record({
  emails: fc.subarray([0, 1, 2, 3, 4, 5, -1]),
  phones: fc.subarray([0, 1]),
  linkedin: fc.subarray([0, 1]),
  doNotContact: flag,
  doNotEmail: flag,
  doNotMassEmail: flag,
});

const scenario = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  channels: fc.subarray([...CHANNELS], { minLength: 1 }),
  recipients: fc.array(recipient, { minLength: 1, maxLength: 4 }),
  before: fc.array(suppression, { maxLength: 4 }),
  added: fc.oneof(suppression, again),
});

const allowed = (output: FilterAudienceOutput, contactId: string): string[] => {
  const eligible = output.eligible.find((r) => r.contactId === contactId);
  if (!eligible) return [];
  return [
    ...eligible.emails.map((email) => `email:${email.address}`),
    ...eligible.phones.map((phone) => `phone:${phone}`),
    ...eligible.linkedinUrls.map((url) => `linkedin:${url}`),
  ];
};

describe('the filter as suppressions grow', () => {
  it('never lets a new suppression make a filtered recipient eligible or a blocked value allowed', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ category, channels, recipients, before, added }) => {
        const tenant = uniqueTenant();
        const universe = universeOf(randomBytes(4).toString('hex'));
        const apply = async (item: Suppression) => {
          if (item.type === 'contact')
            return fixture.setDoNotContact(tenant, `c${item.contact}`).catch(() => {});
          const values = universe[item.kind];
          const value = values[item.index % values.length] as string;
          const onGlobal = item.global && (item.kind === 'email' || item.kind === 'domain');
          await fixture.suppress(
            onGlobal ? GLOBAL_TENANT : tenant,
            item.kind,
            value,
            item.source,
            item.fromDoNotContact ? { doNotContact: true } : undefined,
          );
        };
        const payload = {
          tenantId: tenant,
          campaignId: 'c-prop',
          category,
          channels,
          template: COMPLIANT_TEMPLATE,
          recipients: recipients.map((r, i) => ({
            contactId: `c${i}`,
            emails: r.emails.map((index) =>
              index < 0 ? 'not-an-address' : (universe.email[index] as string),
            ),
            phones: r.phones.map((index) => universe.phone[index] as string),
            linkedinUrls: r.linkedin.map((index) => universe.linkedin[index] as string),
            doNotContact: r.doNotContact,
            doNotEmail: r.doNotEmail,
            doNotMassEmail: r.doNotMassEmail,
          })),
        };

        for (const item of before) await apply(item);
        const first = (await fixture.filter(payload)).output;
        const earlier = before.filter((item) => item.type === 'value');
        const target = earlier[added.type === 'again' ? added.pick % Math.max(1, earlier.length) : 0];
        if (added.type !== 'again') await apply(added);
        else if (target) await apply({ ...target, source: added.source });
        const second = (await fixture.filter(payload)).output;

        for (const { contactId } of payload.recipients) {
          const filteredBefore = first.filtered.find((r) => r.contactId === contactId);
          const filteredAfter = second.filtered.find((r) => r.contactId === contactId);
          if (filteredBefore) {
            expect(filteredAfter).toBeDefined();
            expect(filteredAfter?.reasons).toEqual(expect.arrayContaining([...filteredBefore.reasons]));
          }
          const stillAllowed = allowed(first, contactId);
          for (const value of allowed(second, contactId)) expect(stillAllowed).toContain(value);
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
