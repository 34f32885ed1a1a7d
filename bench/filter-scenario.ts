/**
 * The pre-send filter's benchmark scenario, shared by `npm run bench` (against DynamoDB Local) and
 * `npm run bench:filter-cpu` (the filter's own CPU, lookups answered in process): the same recipients, entries
 * and payload, so the two measure the same work.
 */
import type { Kind } from '#domain/kinds';
import { parseValue } from '#domain/normalize';
import { SOURCES } from '#domain/sources';
import { GLOBAL_TENANT } from '#domain/tenant';
import type { SeedEntry } from './seed';

export const RECIPIENTS = 10_000;
export const ENTRIES = 100_000;
const AUDIENCE_DOMAINS = 2_000;
export const TENANT = 'bench';
/** The parsers' options of the bench tenant. */
export const BENCH_NORMALIZE_OPTIONS = { defaultPhoneCountry: 'US' } as const;
/** The link builder's base URL: its length is part of the answer's size. */
export const BENCH_PUBLIC_BASE_URL = 'https://unsubscribe.example.com';

const normalized = (kind: Kind, raw: string): string => {
  const parsed = parseValue(kind, raw, BENCH_NORMALIZE_OPTIONS);
  if (!parsed.ok) throw new Error(`bench value ${raw} is invalid: ${parsed.error.reason}`);
  return parsed.value.value;
};

export interface BenchRecipient {
  readonly contactId: string;
  readonly email: string;
  readonly phone?: string;
  readonly linkedinUrl?: string;
}

/**
 * 10,000 recipients at 2,000 domains (five each); 30% with a phone, 20% with a LinkedIn URL. About 2% have a
 * suppressed value: 1% an email of their own (tenant or global list; they are filtered), 1% their email or their
 * phone (they stay eligible on the other), plus two suppressed audience domains; every source appears. The rest
 * of the 100,000 entries are other emails (70%), domains (5%), phones (15%) and LinkedIn profiles (10%).
 */
export const scenario = () => {
  const recipients: BenchRecipient[] = [];
  const entries: SeedEntry[] = [];
  for (let i = 0; i < RECIPIENTS; i++) {
    const recipient: BenchRecipient = {
      contactId: `contact-${i}`,
      email: `person${i}@co${i % AUDIENCE_DOMAINS}.example`,
      ...(i % 10 < 3
        ? { phone: `+1 (212) ${200 + Math.floor(i / 10_000)}-${String(i).padStart(4, '0')}` }
        : {}),
      ...(i % 10 >= 8 ? { linkedinUrl: `https://www.linkedin.com/in/person-${i}/` } : {}),
    };
    recipients.push(recipient);
    const source = SOURCES[Math.floor(i / 100) % SOURCES.length] ?? 'link';
    const even = Math.floor(i / 100) % 2 === 0;
    if (i % 100 === 7) {
      // Email only: filtered, by the tenant's list or the global one.
      const tenantId = even ? TENANT : GLOBAL_TENANT;
      entries.push({ tenantId, kind: 'email', value: normalized('email', recipient.email), source });
    } else if (i % 100 === 2 && recipient.phone) {
      // Email and phone: one of them blocked, the recipient stays eligible on the other.
      entries.push(
        even
          ? { tenantId: TENANT, kind: 'email', value: normalized('email', recipient.email), source }
          : { tenantId: TENANT, kind: 'phone', value: normalized('phone', recipient.phone), source },
      );
    }
  }
  // Two audience domains (five email-only recipients each).
  for (const domain of ['@co7.example', '@co17.example']) {
    entries.push({ tenantId: TENANT, kind: 'domain', value: domain, source: 'admin' });
  }
  const filler = ENTRIES - entries.length;
  for (let n = 0; entries.length < ENTRIES; n++) {
    const share = n / filler;
    const source = SOURCES[n % SOURCES.length] ?? 'link';
    if (share < 0.7)
      entries.push({ tenantId: TENANT, kind: 'email', value: `f${n}@filler${n % 5000}.example`, source });
    else if (share < 0.75)
      entries.push({ tenantId: TENANT, kind: 'domain', value: `@fd${n}.example`, source });
    else if (share < 0.9)
      entries.push({ tenantId: TENANT, kind: 'phone', value: `+1646${3_000_000 + n}`, source });
    else entries.push({ tenantId: TENANT, kind: 'linkedin', value: `linkedin.com/in/filler-${n}`, source });
  }
  return { recipients, entries };
};

/** The filter's payload for the scenario's recipients: a marketing run on every channel. */
export const filterPayload = (recipients: readonly BenchRecipient[]) => ({
  tenantId: TENANT,
  campaignId: 'bench-campaign',
  category: 'marketing',
  channels: ['email', 'phone', 'linkedin'],
  template: { html: '<a href="[[unsubscribe_link]]">Unsubscribe</a> [[postal_address]]' },
  recipients,
});

/**
 * The payload as Lambda hands it to the filter's handler: parsed from JSON, a fresh object for each run, so that
 * its strings are flat and no earlier run has hashed them. One object reused across rounds would be neither: the
 * scenario builds its strings from template literals (ropes, which V8 flattens on first use) and each round would
 * find the hashes the previous one computed. Parse outside the timed part: it is the runtime's work, not the
 * filter's.
 */
export const asLambdaEvent = (payloadJson: string): unknown => JSON.parse(payloadJson);
