import fc from 'fast-check';
import { type CountryCode, getCountries, getExampleNumber, Metadata } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { describeInvalidValue, type InvalidValueError, MAX_INPUT_LENGTH } from '#domain/invalid-value';
import { KINDS, type Kind, type NormalizedValue } from '#domain/kinds';
import { parseAnyValue, parseValue } from '#domain/normalize';
import { domainEntriesCovering, parseDomain } from '#domain/normalize-domain';
import { parseAnyEmail, parseEmail } from '#domain/normalize-email';
import { parseLinkedin } from '#domain/normalize-linkedin';
import { parsePhone } from '#domain/normalize-phone';
import type { Result } from '#domain/result';

type Parsed = Result<NormalizedValue, InvalidValueError>;

const accepted = (result: Parsed): string => {
  if (!result.ok) throw new Error(describeInvalidValue(result.error));
  return result.value.value;
};

// --- generators of valid values -------------------------------------------------------------------------

const email = fc
  .emailAddress()
  .filter((address) => address.length <= 254 && (address.split('@')[1] ?? '').length <= 253);

const domain = fc.domain().filter((name) => name.length <= 253);

/** One real mobile number per country (libphonenumber's examples), as [country, E.164, national format]. */
const phones = getCountries().flatMap((country): [CountryCode, string, string][] => {
  const example = getExampleNumber(country, examples);
  return example === undefined ? [] : [[country, example.number, example.formatNational()]];
});
const phone = fc.constantFrom(...phones);

const slug = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,40}$/);

const whitespace = fc.constantFrom('', ' ', '  ', '\t', '\n', ' \r\n');

/** Upper-cases a random subset of the characters. */
const randomCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((flips) => [...text].map((char, i) => (flips[i] ? char.toUpperCase() : char)).join(''));

const displayName = fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,20}$/);

/** The same address as people paste it: any casing, padding, display name or angle brackets. */
const emailForms = (address: string) =>
  fc
    .tuple(randomCase(address), whitespace, whitespace, displayName, fc.integer({ min: 0, max: 3 }))
    .map(([cased, before, after, name, wrapper]) => {
      const wrapped = [cased, `<${cased}>`, `${name.trim() || 'Jane'} <${cased}>`, `"${name}" <${cased}>`][
        wrapper
      ];
      return `${before}${wrapped}${after}`;
    });

const linkedinForms = (profile: string) =>
  fc
    .tuple(
      fc.constantFrom('', 'http://', 'https://', 'HTTPS://'),
      fc.constantFrom('', 'www.', 'uk.', 'de.', 'm.'),
      fc.constantFrom('', '/', '/details/experience/', '/?trk=abc', '?originalSubdomain=uk', '#top'),
      randomCase(profile),
      whitespace,
    )
    .map(
      ([scheme, sub, suffix, cased, pad]) => `${pad}${scheme}${sub}linkedin.com/in/${cased}${suffix}${pad}`,
    );

// --- generators of anything ------------------------------------------------------------------------------

/** Any UTF-16 string, lone surrogates included, which `unit: 'binary'` never produces. */
const utf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
});

/** Strings built from the pieces the parsers branch on, so generated input gets past the first checks. */
const nearMiss = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '@',
        '.',
        '<',
        '>',
        '"',
        ' ',
        '%',
        '%C3%B6',
        '%E0%A4%A',
        '/',
        '?',
        '#',
        ':',
        '+',
        '-',
        '(',
        ')',
        'tel:',
        'xn--',
        'https://',
        'linkedin.com/',
        'www.',
        '/in/',
        'ext.',
        'jane',
        'example',
        'com',
        'ö',
        'ß',
        '\u200b',
        '\ud800',
        '＠',
        '．',
      ),
      fc.stringMatching(/^[0-9]{1,12}$/),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { maxLength: 20 },
  )
  .map((pieces) => pieces.join(''));

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  utf16,
  nearMiss,
);

const options = fc.record(
  {
    defaultPhoneCountry: fc.constantFrom(
      'GB',
      'US',
      'DE',
      'ZZ',
      '__proto__',
      'constructor',
    ) as fc.Arbitrary<CountryCode>,
  },
  { requiredKeys: [] },
);

const parsers: Record<Kind, (input: string) => Parsed> = {
  email: parseEmail,
  domain: parseDomain,
  phone: (input) => parsePhone(input, { defaultCountry: 'GB' }),
  linkedin: parseLinkedin,
};

const isWellFormed = (result: Parsed): boolean =>
  result.ok
    ? typeof result.value.value === 'string' && result.value.value !== ''
    : result.error.code === 'invalid_value' &&
      typeof result.error.reason === 'string' &&
      result.error.reason !== '';

// ----------------------------------------------------------------------------------------------------------

describe('normalizing is idempotent', () => {
  it('for generated email addresses', () => {
    fc.assert(
      fc.property(email, (address) => {
        const once = accepted(parseEmail(address));
        expect(once).toBe(address.toLowerCase());
        expect(accepted(parseEmail(once))).toBe(once);
      }),
    );
  });

  it('for generated domains', () => {
    fc.assert(
      fc.property(domain, fc.boolean(), (name, at) => {
        const once = accepted(parseDomain(at ? `@${name}` : name));
        expect(once).toBe(`@${name}`);
        expect(accepted(parseDomain(once))).toBe(once);
      }),
    );
  });

  it('for real phone numbers of every country, international or national', () => {
    fc.assert(
      fc.property(phone, fc.boolean(), ([country, e164, national], useNational) => {
        const once = accepted(
          useNational ? parsePhone(national, { defaultCountry: country }) : parsePhone(e164),
        );
        expect(once).toBe(e164);
        expect(accepted(parsePhone(once))).toBe(once);
      }),
    );
  });

  it('for international numbers written with 00: E.164 without a default country or where 00 dials abroad, refused where it does not', () => {
    const metadata = new Metadata();
    const iddOf = (country: CountryCode) => {
      metadata.selectNumberingPlan(country);
      return metadata.numberingPlan?.IDDPrefix() ?? '';
    };
    const dialledWith00 = ([, e164]: [CountryCode, string, string]) =>
      fc
        .array(fc.constantFrom('', ' ', '-'), { minLength: e164.length, maxLength: e164.length })
        .map((separators) => `00${[...e164.slice(1)].map((d, i) => `${separators[i] ?? ''}${d}`).join('')}`);
    fc.assert(
      fc.property(
        phone.chain((number) => fc.tuple(fc.constant(number[1]), dialledWith00(number))),
        fc.constantFrom(...getCountries()),
        ([e164, input], defaultCountry) => {
          expect(accepted(parsePhone(input))).toBe(e164);
          const withDefault = parsePhone(input, { defaultCountry });
          const idd = iddOf(defaultCountry);
          if (idd === '00') expect(accepted(withDefault)).toBe(e164);
          if (!new RegExp(`^(?:${idd})`).test(input.replace(/\D/g, ''))) {
            expect(withDefault.ok ? withDefault.value : withDefault.error.reason).toMatch(
              new RegExp(`^00 is not the international prefix in ${defaultCountry}, the default country`),
            );
          }
        },
      ),
    );
  });

  it('for generated LinkedIn profile URLs', () => {
    fc.assert(
      fc.property(slug.chain(linkedinForms), (url) => {
        const once = accepted(parseLinkedin(url));
        expect(accepted(parseLinkedin(once))).toBe(once);
      }),
    );
  });

  it('for any input a parser accepts, Unicode included', () => {
    const emailLike = fc
      .tuple(anyText, fc.constantFrom('@example.com', '@bücher.de', ''))
      .map(([a, b]) => a + b);
    const domainLike = fc
      .tuple(fc.constantFrom('@', ''), anyText, fc.constantFrom('.de', '.com', ''))
      .map((p) => p.join(''));
    const linkedinLike = fc
      .tuple(fc.constantFrom('linkedin.com/in/', 'https://uk.linkedin.com/in/'), anyText)
      .map((p) => p.join(''));
    const cases = fc.oneof(
      fc.tuple(fc.constant<Kind>('email'), emailLike),
      fc.tuple(fc.constant<Kind>('domain'), domainLike),
      fc.tuple(fc.constant<Kind>('linkedin'), linkedinLike),
      fc.tuple(fc.constantFrom<Kind>(...KINDS), anyText),
    );
    fc.assert(
      fc.property(cases, ([kind, input]) => {
        const once = parsers[kind](input);
        if (!once.ok) return;
        expect(accepted(parsers[kind](once.value.value))).toBe(once.value.value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('different display forms of one value normalize alike', () => {
  it('for email addresses: casing, whitespace, display names and angle brackets', () => {
    fc.assert(
      fc.property(
        email.chain((address) => fc.tuple(fc.constant(address), emailForms(address))),
        ([address, form]) => {
          expect(accepted(parseEmail(form))).toBe(accepted(parseEmail(address)));
        },
      ),
    );
  });

  it('for wildcard domain entries, which every domain under them looks up and no other does', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    fc.assert(
      fc.property(domain, fc.array(label, { maxLength: 6 }), label, (base, subdomains, stranger) => {
        const wildcard = parseDomain(`@*.${base}`);
        if (base.split('.').length > 5) {
          // Refused when written, so no lookup ever has to find it.
          expect(wildcard.ok).toBe(false);
          return;
        }
        const entry = accepted(wildcard);
        expect(entry).toBe(`@*.${base}`);
        expect(accepted(parseDomain(entry))).toBe(entry);
        const under = [...subdomains, base].join('.');
        if (under.length > 253) return;
        expect(domainEntriesCovering(`@${under}`)).toContain(entry);
        // A domain that only ends with the same text is not under it.
        expect(domainEntriesCovering(`@${stranger}${base}`)).not.toContain(entry);
      }),
    );
  });

  it('for domains: casing, whitespace, the @ and a trailing dot', () => {
    fc.assert(
      fc.property(
        domain.chain((name) =>
          fc.tuple(fc.constant(name), randomCase(name), fc.boolean(), fc.boolean(), whitespace, whitespace),
        ),
        ([name, cased, at, dot, before, after]) => {
          const form = `${before}${at ? '@' : ''}${cased}${dot ? '.' : ''}${after}`;
          expect(accepted(parseDomain(form))).toBe(`@${name}`);
        },
      ),
    );
  });

  it('for phone numbers: punctuation, tel: and national format', () => {
    const punctuate = ([country, e164]: [CountryCode, string, string]) =>
      fc
        .tuple(
          fc.array(fc.constantFrom('', '', ' ', '-', '.'), {
            minLength: e164.length,
            maxLength: e164.length,
          }),
          fc.constantFrom('', 'tel:'),
          whitespace,
        )
        .map(([separators, prefix, pad]) => {
          const digits = [...e164.slice(1)].map((d, i) => `${separators[i] ?? ''}${d}`).join('');
          return [country, e164, `${pad}${prefix}+${digits}${pad}`] as const;
        });
    fc.assert(
      fc.property(phone.chain(punctuate), ([country, e164, form]) => {
        expect(accepted(parsePhone(form, { defaultCountry: country }))).toBe(e164);
      }),
    );
  });

  it('for LinkedIn profiles: scheme, host, casing, suffixes and whitespace', () => {
    fc.assert(
      fc.property(
        slug.chain((s) => fc.tuple(fc.constant(s), linkedinForms(s))),
        ([s, form]) => {
          expect(accepted(parseLinkedin(form))).toBe(`linkedin.com/in/${s.toLowerCase()}`);
        },
      ),
    );
  });
});

describe('no input makes a parser throw', () => {
  it('for any text, each parser and parseAnyValue', () => {
    fc.assert(
      fc.property(anyText, options, (input, opts) => {
        for (const kind of KINDS) expect(isWellFormed(parseValue(kind, input, opts))).toBe(true);
        expect(isWellFormed(parseAnyValue(input, opts))).toBe(true);
        expect(isWellFormed(parseEmail(input))).toBe(true);
        expect(isWellFormed(parseDomain(input))).toBe(true);
        expect(isWellFormed(parseLinkedin(input))).toBe(true);
        expect(
          isWellFormed(
            parsePhone(input, opts.defaultPhoneCountry ? { defaultCountry: opts.defaultPhoneCountry } : {}),
          ),
        ).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('for any value at all, parseValue and parseAnyValue', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }),
        fc.constantFrom(...KINDS),
        (input, kind) => {
          expect(isWellFormed(parseValue(kind, input))).toBe(true);
          expect(isWellFormed(parseAnyValue(input))).toBe(true);
        },
      ),
    );
  });

  it('for input around the length limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_INPUT_LENGTH - 2, max: MAX_INPUT_LENGTH * 4 }),
        fc.constantFrom('a', '@', '1', 'ö'),
        (length, char) => {
          const result = parseAnyValue(char.repeat(length));
          expect(isWellFormed(result)).toBe(true);
          if (length > MAX_INPUT_LENGTH) expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('every error names the input value', () => {
  const quoted = (input: string) => {
    const chars = [...input];
    return JSON.stringify(chars.length <= 80 ? input : `${chars.slice(0, 80).join('')}…`);
  };

  it('for any text that fails to parse, whatever the kind', () => {
    const kinds = fc.constantFrom<Kind | 'any'>(...KINDS, 'any');
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ maxLength: 300 })), kinds, (input, kind) => {
        const result = kind === 'any' ? parseAnyValue(input) : parseValue(kind, input);
        if (result.ok) return;
        expect(result.error.input).toBe(input);
        const message = describeInvalidValue(result.error);
        expect(message.startsWith(`${quoted(input)} is not a valid `)).toBe(true);
        expect(message.endsWith(`: ${result.error.reason}`)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the email parser's shortcut for the common shape answers as the full parser does", () => {
  /** Addresses close to the shortcut's edges: label and part lengths near 63, 64 and 254, hyphens, digits, `xn--`. */
  const label = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/),
    fc.stringMatching(/^[A-Za-z0-9-]{60,66}$/),
    fc.constantFrom('xn--bcher-kva', 'XN--bcher-kva', 'xn--abc', 'a--b', '0x10', '0X1f', '123', 'com', 'ab-'),
  );
  const local = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,12}$/),
    fc.stringMatching(/^[A-Za-z0-9.+_-]{60,68}$/),
    fc.constantFrom('.jane', 'jane.', 'ja..ne', 'Jane.Doe', 'jörg', '"jane"', 'ja ne', 'K\u212a'),
  );
  const shaped = fc
    .tuple(local, fc.array(label, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '.', ' ', '\n', '>'))
    .map(([name, labels, end]) => `${name}@${labels.join('.')}${end}`);
  const long = fc
    .tuple(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 40, max: 63 }))
    .map(([localLength, count, labelLength]) => {
      const labels = Array.from({ length: count }, (_, i) => `${'d'.repeat(labelLength - 1)}${i}`);
      return `${'l'.repeat(localLength)}@${labels.join('.')}.example`;
    });

  it('gives the same result for every input', () => {
    fc.assert(
      fc.property(fc.oneof(email, shaped, long, anyText), (input) => {
        expect(parseEmail(input)).toEqual(parseAnyEmail(input));
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives the same result for tricky addresses', () => {
    for (const input of [
      'Jane.Doe@Example.COM',
      'jane@example.com.',
      'jane@1.2.3.4',
      'jane@example.0x10',
      'jane@example.123',
      'jane@xn--bcher-kva.de',
      'jane@XN--BCHER-KVA.de',
      'jane@xn--zz.de',
      'jane@a--b.example',
      'jane@-a.example',
      'jane@a-.example',
      `${'l'.repeat(64)}@example.com`,
      `${'l'.repeat(65)}@example.com`,
      `jane@${'d'.repeat(63)}.example`,
      `jane@${'d'.repeat(64)}.example`,
      `${'l'.repeat(60)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.com`,
      `${'l'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(57)}.com`,
      `${'l'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.com`,
      "o'brien+news/x=y@example.co.uk",
      'jane@localhost',
      'jane@example',
      '@example.com',
      'jane@',
    ]) {
      expect(parseEmail(input), input).toEqual(parseAnyEmail(input));
    }
  });
});
