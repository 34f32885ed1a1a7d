import { isSupportedCountry } from 'libphonenumber-js/min';
import type { CountryCode } from '#domain/normalize-phone';
import {
  type LocalizedText,
  TOPIC_ID_PATTERN,
  TOPIC_ID_RULE,
  TOPIC_LIMITS,
  type Topic,
} from '#domain/topics';
import { withoutUndefined } from '#domain/without-undefined';
import * as z from '#domain/zod';

/**
 * A workspace's settings: what its pages show, how its numbers and soft bounces are read. One table of caps that
 * the admin API enforces and docs/admin-api.md ("Settings") quotes.
 */
export const SETTINGS_LIMITS = {
  /** Characters of the display name (one line): what a page heading and an email footer hold. */
  displayNameLength: 100,
  /** Characters of the postal address, line breaks included: a full international address with room to spare. */
  postalAddressLength: 500,
  /** Characters of the privacy and logo URLs (the browsers' and CDNs' common practical limit). */
  urlLength: 2048,
  /** Characters of the locale tag: RFC 5646 §4.4.1 asks implementations to handle at least 35. */
  localeLength: 35,
  transientBounceThreshold: { min: 1, max: 20 },
  transientBounceWindowDays: { min: 1, max: 90 },
  /** Topics of the preference center ({@link TOPIC_LIMITS}: SES contact lists allow 20). */
  topics: TOPIC_LIMITS.topics,
  /** Characters of a topic's name and description, in each locale. */
  topicNameLength: TOPIC_LIMITS.nameLength,
  topicDescriptionLength: TOPIC_LIMITS.descriptionLength,
  /** Locales one topic text may be given in. */
  topicLocales: TOPIC_LIMITS.locales,
  /** Removed topics remembered, newest kept: enough to name every topic a recipient could have left. */
  retiredTopics: 100,
  /** SMS numbers a workspace may claim: each is one more item in the settings change's transaction (of 100). */
  smsNumbers: 20,
} as const;

/** A tenant's settings as stored: an absent field is unset, and readers fall back to the deployment's default. */
export interface TenantSettings {
  /** The workspace's name on its pages; the tenant id when unset. */
  readonly displayName?: string;
  /** CAN-SPAM requires a valid physical postal address in commercial mail; the pages show it too. */
  readonly postalAddress?: string;
  /** The workspace's privacy policy, linked from its pages. */
  readonly privacyUrl?: string;
  /** Kept for the console and the preference center; the recipient pages load nothing from elsewhere. */
  readonly logoUrl?: string;
  /** Canonical BCP 47 tag (`en-US`), for the localized preference center. */
  readonly defaultLocale?: string;
  /** Country assumed for phone numbers written without one, before the deployment's default. */
  readonly defaultPhoneCountry?: CountryCode;
  /** Transient bounces within the window that suppress an address, before the deployment's rule. */
  readonly transientBounceThreshold?: number;
  readonly transientBounceWindowDays?: number;
  /** The preference center's topics, in the order the page shows them. */
  readonly topics?: readonly Topic[];
  /**
   * Topics removed from `topics`, as last defined (not editable): recipients who left one keep their opt-out, and
   * the page names it as a retired topic. A topic added again under the same id leaves this list.
   */
  readonly retiredTopics?: readonly Topic[];
  /**
   * The workspace's SMS numbers (E.164): STOP replies to them suppress for this workspace. A number belongs to at
   * most one workspace (its claim item, docs/data-model.md W11); sorted, without duplicates.
   */
  readonly smsNumbers?: readonly string[];
  /** Not in the API: show the recipient's address masked (j***@example.com) or whole. @default 'masked' */
  readonly addressDisplay?: 'masked' | 'full';
}

/** The settings a workspace admin edits through `PUT /v1/settings`, in the order the API shows them. */
export const EDITABLE_SETTINGS = [
  'displayName',
  'postalAddress',
  'privacyUrl',
  'logoUrl',
  'defaultLocale',
  'defaultPhoneCountry',
  'transientBounceThreshold',
  'transientBounceWindowDays',
  'topics',
  'smsNumbers',
] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];

type SettingValue<F extends EditableSetting> = NonNullable<TenantSettings[F]>;

/** A `PUT /v1/settings` body, validated and normalized: any subset of the fields; `null` clears one. */
export type SettingsChange = { readonly [F in EditableSetting]?: SettingValue<F> | null };

/** Some settings as they were or became (`null`: unset): the before and after of a `settings_changed` event. */
export type SettingsSnapshot = { readonly [F in EditableSetting]?: SettingValue<F> | null };

/** The settings as the admin API shows them: every field, `null` when unset; topics as lists, empty when none. */
export type WorkspaceSettings = {
  readonly [F in Exclude<EditableSetting, 'topics'>]: SettingValue<F> | null;
} & {
  readonly topics: readonly Topic[];
  readonly retiredTopics: readonly Topic[];
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a one-line field refuses line feeds as well.
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const text = (what: string, max: number, lines: boolean) =>
  z.string({ error: `must be ${what} (text) or null` }).check(
    // Line endings as one `\n`, so the stored text and its length do not depend on the sender's platform.
    z.overwrite((value) => (lines ? value.replace(/\r\n?/g, '\n') : value).trim()),
    z.minLength(1, { error: 'must not be blank; send null to clear it', abort: true }),
    z.maxLength(max, { error: `must be at most ${max} characters`, abort: true }),
    z.refine((value) => !(lines ? CONTROL : CONTROL_OR_NEWLINE).test(value), {
      error: lines
        ? 'must not contain control characters other than line breaks'
        : 'must be one line without control characters',
    }),
  );

/** An absolute `https:` URL without credentials, in the WHATWG URL's serialization; undefined otherwise. */
const httpsUrl = (value: string): string | undefined => {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hostname === '') {
    return undefined;
  }
  return url.href;
};

const url = () =>
  z.string({ error: 'must be an https:// URL (text) or null' }).check(
    z.trim(),
    z.maxLength(SETTINGS_LIMITS.urlLength, {
      error: `must be at most ${SETTINGS_LIMITS.urlLength} characters`,
      abort: true,
    }),
    z.refine((value) => httpsUrl(value) !== undefined, {
      error: 'must be an absolute https:// URL without a user name or password',
    }),
    z.overwrite((value) => httpsUrl(value) ?? value),
  );

/** The canonical form of a well-formed BCP 47 tag, as `Intl` computes it; undefined when it is not one. */
export const canonicalLocale = (tag: string): string | undefined => {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
};

const locale = z.string({ error: 'must be a BCP 47 language tag like "en" or "fr-CA", or null' }).check(
  z.trim(),
  z.maxLength(SETTINGS_LIMITS.localeLength, {
    error: `must be at most ${SETTINGS_LIMITS.localeLength} characters`,
    abort: true,
  }),
  z.refine((value) => canonicalLocale(value) !== undefined, {
    error: 'must be a well-formed BCP 47 language tag like "en", "fr-CA" or "zh-Hant-TW"',
  }),
  z.overwrite((value) => canonicalLocale(value) ?? value),
);

const localizedText = (what: string, max: number): z.ZodMiniType<LocalizedText> => {
  const one = text(what, max, false);
  const many = z.pipe(
    z.record(z.string(), one, { error: `must be ${what} or an object of language tag → ${what}` }).check(
      z.refine((texts) => Object.keys(texts).length >= 1, { error: 'must give at least one language' }),
      z.refine((texts) => Object.keys(texts).length <= SETTINGS_LIMITS.topicLocales, {
        error: `must give at most ${SETTINGS_LIMITS.topicLocales} languages`,
      }),
      z.refine((texts) => Object.keys(texts).every((tag) => canonicalLocale(tag) !== undefined), {
        error: 'must be keyed by BCP 47 language tags like "en" or "fr-CA"',
      }),
    ),
    // Stored under canonical tags, so the page's lookup by locale is an exact match.
    z.transform((texts: Record<string, string>) =>
      Object.fromEntries(Object.entries(texts).map(([tag, value]) => [canonicalLocale(tag) ?? tag, value])),
    ),
  );
  // Not z.union: a union that fails says only "Invalid input". The value's type picks the one schema that applies,
  // whose issues (with their paths) are the error.
  return z.pipe(
    z.unknown(),
    z.transform((value, payload) => {
      const parsed = typeof value === 'string' ? z.safeParse(one, value) : z.safeParse(many, value);
      if (parsed.success) return parsed.data;
      // zod/mini's transforms have no addIssue: the payload's issues are what it would push to.
      for (const issue of parsed.error.issues) {
        payload.issues.push({ code: 'custom', message: issue.message, path: [...issue.path], input: value });
      }
      return z.NEVER;
    }),
  ) as unknown as z.ZodMiniType<LocalizedText>;
};

const topic = z.pipe(
  z.strictObject({
    id: z
      .string({ error: 'must be a topic id (text)' })
      .check(z.regex(TOPIC_ID_PATTERN, { error: TOPIC_ID_RULE })),
    name: localizedText('a name', SETTINGS_LIMITS.topicNameLength),
    description: z.optional(localizedText('a description', SETTINGS_LIMITS.topicDescriptionLength)),
    defaultSubscribed: z.boolean({
      error: 'must be true (everyone receives it until they leave) or false (only those who join)',
    }),
  }),
  z.transform((value) => withoutUndefined(value) as Topic),
);

const topics = z.array(topic, { error: 'must be a list of topics (or null for none)' }).check(
  z.maxLength(SETTINGS_LIMITS.topics, { error: `must hold at most ${SETTINGS_LIMITS.topics} topics` }),
  z.superRefine((list, context) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.id)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `"${item.id}" is already the id of another topic`,
        });
      }
      seen.add(item.id);
    });
  }),
);

const COUNTRY_ERROR =
  'must be an ISO 3166-1 alpha-2 country code that phone parsing knows, in capitals, like "US" or "FR"';
const country = z.pipe(
  z
    .string({ error: COUNTRY_ERROR })
    .check(
      z.refine((value) => /^[A-Z]{2}$/.test(value) && isSupportedCountry(value), { error: COUNTRY_ERROR }),
    ),
  z.transform((value: string) => value as CountryCode),
);

const wholeNumber = (range: { readonly min: number; readonly max: number }, unit: string) => {
  const error = `must be a whole number of ${unit} from ${range.min} to ${range.max}, or null`;
  // One issue per field: the first check that fails stops the others.
  return z
    .number({ error })
    .check(
      z.int({ error, abort: true }),
      z.minimum(range.min, { error, abort: true }),
      z.maximum(range.max, { error, abort: true }),
    );
};

/** E.164 as AWS End User Messaging writes it: `+`, a country code, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

const smsNumbers = z.pipe(
  z
    .array(
      z.string({ error: 'must be phone numbers in E.164 form like "+15550100123"' }).check(
        z.trim(),
        z.refine((value) => E164.test(value), {
          error:
            'must be in E.164 form: "+", the country code and the number, digits only (like "+15550100123")',
        }),
      ),
      { error: 'must be a list of phone numbers in E.164 form, or null' },
    )
    .check(
      z.maxLength(SETTINGS_LIMITS.smsNumbers, {
        error: `must list at most ${SETTINGS_LIMITS.smsNumbers} numbers`,
      }),
    ),
  // One form whatever the order or repeats given, so an unchanged list is no change.
  z.transform((numbers: string[]) => [...new Set(numbers)].sort()),
);

/**
 * The body of `PUT /v1/settings`: strict (an unknown field is refused), every field optional
 * and nullable. Text is trimmed, URLs and locales are stored in their canonical forms. Each problem is an issue
 * naming its field.
 */
/** `null` clears a field, absence leaves it. */
const clearable = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

export const settingsChangeSchema = z.strictObject({
  displayName: clearable(text('a name', SETTINGS_LIMITS.displayNameLength, false)),
  postalAddress: clearable(text('an address', SETTINGS_LIMITS.postalAddressLength, true)),
  privacyUrl: clearable(url()),
  logoUrl: clearable(url()),
  defaultLocale: clearable(locale),
  defaultPhoneCountry: clearable(country),
  transientBounceThreshold: clearable(wholeNumber(SETTINGS_LIMITS.transientBounceThreshold, 'bounces')),
  transientBounceWindowDays: clearable(wholeNumber(SETTINGS_LIMITS.transientBounceWindowDays, 'days')),
  topics: clearable(topics),
  smsNumbers: clearable(smsNumbers),
}) as z.ZodMiniType<SettingsChange>;

/** What the admin API shows: every editable field (`null` when unset) and the topics. */
export const settingsView = (settings: TenantSettings | undefined): WorkspaceSettings => {
  const view: Record<string, unknown> = {};
  for (const field of EDITABLE_SETTINGS) view[field] = settings?.[field] ?? null;
  return {
    ...(view as { [F in Exclude<EditableSetting, 'topics'>]: SettingValue<F> | null }),
    topics: settings?.topics ?? [],
    retiredTopics: settings?.retiredTopics ?? [],
  };
};

/** Topics that leave the list join the retired ones (newest last); one that comes back leaves them. */
const retire = (
  before: readonly Topic[],
  after: readonly Topic[],
  retired: readonly Topic[],
): readonly Topic[] => {
  const kept = new Set(after.map((item) => item.id));
  const removed = before.filter((item) => !kept.has(item.id));
  const gone = new Set(removed.map((item) => item.id));
  return [...retired.filter((item) => !kept.has(item.id) && !gone.has(item.id)), ...removed].slice(
    -SETTINGS_LIMITS.retiredTopics,
  );
};

/** The settings after a change: fields it names take its value (`null` removes them), the others stay. */
export const applySettingsChange = (
  settings: TenantSettings | undefined,
  change: SettingsChange,
): TenantSettings => {
  const next: Record<string, unknown> = { ...settings };
  for (const field of EDITABLE_SETTINGS) {
    const value = change[field];
    if (value === undefined) continue;
    // An empty list is no list: stored as unset, shown as null.
    if (value === null || (Array.isArray(value) && value.length === 0)) delete next[field];
    else next[field] = value;
  }
  if (change.topics !== undefined) {
    const retired = retire(settings?.topics ?? [], change.topics ?? [], settings?.retiredTopics ?? []);
    if (retired.length === 0) delete next.retiredTopics;
    else next.retiredTopics = retired;
  }
  return withoutUndefined(next) as TenantSettings;
};

/** JSON with every object's keys sorted: equal values, equal text, whatever order their keys came in. */
const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );

/** The fields whose value differs, as they were and as they became; undefined when nothing changed. */
export const settingsDifference = (
  before: TenantSettings | undefined,
  after: TenantSettings,
): { readonly before: SettingsSnapshot; readonly after: SettingsSnapshot } | undefined => {
  const was: Record<string, unknown> = {};
  const is: Record<string, unknown> = {};
  for (const field of EDITABLE_SETTINGS) {
    const old = before?.[field] ?? null;
    const now = after[field] ?? null;
    // Lists are compared by content: topics with their maps' keys sorted (the stored copy comes back from
    // DynamoDB with keys in any order), smsNumbers as kept (sorted).
    if (old === now || (Array.isArray(old) && Array.isArray(now) && sortedJson(old) === sortedJson(now)))
      continue;
    was[field] = old;
    is[field] = now;
  }
  return Object.keys(is).length === 0
    ? undefined
    : { before: was as SettingsSnapshot, after: is as SettingsSnapshot };
};

/** The SMS numbers a change claims (new to the workspace) and releases (no longer listed). */
export const smsNumberChanges = (
  before: TenantSettings | undefined,
  after: TenantSettings,
): { readonly claimed: readonly string[]; readonly released: readonly string[] } => {
  const was = new Set(before?.smsNumbers ?? []);
  const is = new Set(after.smsNumbers ?? []);
  return {
    claimed: [...is].filter((number) => !was.has(number)),
    released: [...was].filter((number) => !is.has(number)),
  };
};
