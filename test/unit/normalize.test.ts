import { describe, expect, it } from 'vitest';
import { describeInvalidValue, type InvalidValueError, MAX_INPUT_LENGTH } from '#domain/invalid-value';
import type { NormalizedValue } from '#domain/kinds';
import { detectKind, parseAnyValue, parseValue } from '#domain/normalize';
import { domainEntriesCovering, domainOfEmail, parseDomain } from '#domain/normalize-domain';
import { parseEmail } from '#domain/normalize-email';
import { parseLinkedin } from '#domain/normalize-linkedin';
import { parsePhone } from '#domain/normalize-phone';
import type { Result } from '#domain/result';

type Parsed = Result<NormalizedValue, InvalidValueError>;

const accepted = (result: Parsed): string => {
  if (!result.ok) throw new Error(`expected a value, got: ${describeInvalidValue(result.error)}`);
  return result.value.value;
};

const reasonOf = (result: Parsed): string => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error.reason;
};

describe('parseEmail', () => {
  it('trims surrounding whitespace', () => {
    expect(accepted(parseEmail('  jane@example.com \n'))).toBe('jane@example.com');
  });

  it('strips a quoted display name', () => {
    expect(accepted(parseEmail('"Jane Doe" <Jane@Example.com>'))).toBe('jane@example.com');
  });

  it('strips an unquoted display name', () => {
    expect(accepted(parseEmail('Jane <j@x.com>'))).toBe('j@x.com');
  });

  it('strips bare angle brackets', () => {
    expect(accepted(parseEmail('<j@x.com>'))).toBe('j@x.com');
    expect(accepted(parseEmail('< j@x.com >'))).toBe('j@x.com');
  });

  it('uses the last angle bracket when the display name holds one', () => {
    expect(accepted(parseEmail('"a <b" <j@x.com>'))).toBe('j@x.com');
  });

  it('lower-cases the whole address, local part included', () => {
    expect(accepted(parseEmail('Jane.DOE@Example.COM'))).toBe('jane.doe@example.com');
  });

  it('keeps plus-tags', () => {
    expect(accepted(parseEmail('Jane+News@example.com'))).toBe('jane+news@example.com');
  });

  it('converts an internationalized domain to punycode', () => {
    expect(accepted(parseEmail('jane@Bücher.de'))).toBe('jane@xn--bcher-kva.de');
  });

  it('keeps a non-ASCII local part as lower-cased Unicode rather than punycode', () => {
    expect(accepted(parseEmail('Jörg@bücher.de'))).toBe('jörg@xn--bcher-kva.de');
  });

  it('treats composed and decomposed accents in the local part alike', () => {
    expect(accepted(parseEmail('jo\u0308rg@x.com'))).toBe(accepted(parseEmail('j\u00f6rg@x.com')));
  });

  it('accepts every RFC 5322 atext character in the local part', () => {
    expect(accepted(parseEmail("a!#$%&'*+/=?^_`{|}~-b@x.com"))).toBe("a!#$%&'*+/=?^_`{|}~-b@x.com");
  });

  it('drops a trailing dot after the domain', () => {
    expect(accepted(parseEmail('jane@example.com.'))).toBe('jane@example.com');
  });

  it('keeps the trimmed input as entered for display', () => {
    const result = parseEmail('  "Jane Doe" <Jane@Example.com> ');
    expect(result.ok && result.value).toEqual({
      kind: 'email',
      value: 'jane@example.com',
      display: '"Jane Doe" <Jane@Example.com>',
    });
  });

  it.each([
    ['', 'the value is empty'],
    ['   ', 'the value is empty'],
    ['<>', 'the address is empty'],
    ['jane.example.com', 'the @ is missing'],
    ['jane@x@example.com', 'the address has more than one @'],
    ['Jane <jane@x.com>, John <john@x.com>', 'the value holds several addresses; give one address per value'],
    ['jane@x.com; john@x.com', 'the value holds several addresses; give one address per value'],
    ['jane@x.com,john@x.com', 'the value holds several addresses; give one address per value'],
    ['Jane <jane@x.com> John <john@x.com>', 'the value holds several addresses; give one address per value'],
    ['@example.com', 'the part before the @ is missing'],
    ['jane@', 'the domain is missing'],
    ['<jane@example.com', 'the angle brackets (< >) must enclose the whole address'],
    ['jane@example.com>', 'the angle brackets (< >) must enclose the whole address'],
    ['jane doe@example.com', 'the address contains spaces, control or invisible characters'],
    ['jane\u0000@example.com', 'the address contains spaces, control or invisible characters'],
    ['ja\u200bne@example.com', 'the address contains spaces, control or invisible characters'],
    ['"jane doe"@example.com', 'quoted addresses ("..."@example.com) are not supported'],
    ['.jane@example.com', 'the part before the @ starts or ends with a dot'],
    ['jane.@example.com', 'the part before the @ starts or ends with a dot'],
    ['ja..ne@example.com', 'the part before the @ has two dots in a row'],
    ['ja(ne)@example.com', 'the part before the @ contains "(", which is not allowed in an address'],
    ['ja,ne@example.com', 'the part before the @ contains ",", which is not allowed in an address'],
    ['ja☃ne@example.com', 'the part before the @ contains "☃", which is not allowed in an address'],
    [`${'a'.repeat(65)}@example.com`, 'the part before the @ is longer than 64 characters'],
    [`${'ö'.repeat(33)}@example.com`, 'the part before the @ is longer than 64 characters'],
    [
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
      'the address is longer than 254 characters',
    ],
    ['jane@localhost', 'the domain needs at least one dot (like example.com)'],
    ['jane@example..com', 'the domain has an empty part (a leading dot or two dots in a row)'],
    ['jane@.example.com', 'the domain has an empty part (a leading dot or two dots in a row)'],
    ['jane@ex_ample.com', 'the domain contains "_", which is not allowed in a domain name'],
    ['jane@exa%6dple.com', 'the domain contains "%", which is not allowed in a domain name'],
    ['jane@-example.com', 'the domain part "-example" starts or ends with a hyphen'],
    ['jane@example-.com', 'the domain part "example-" starts or ends with a hyphen'],
    [`jane@${'a'.repeat(64)}.com`, `the domain part "${'a'.repeat(64)}" is longer than 63 characters`],
    ['jane@example.123', 'the domain is not a valid (internationalized) domain name'],
    ['jane@1.2.3.4', 'the top-level domain "4" is all digits (IP addresses are not accepted)'],
    ['jane@[1.2.3.4]', 'IP address literals are not accepted; use a domain name'],
    ['jane@xn--zz.com', 'the domain part "xn--zz" is not valid punycode'],
    ['jane@ex\u200dample.com', 'the address contains spaces, control or invisible characters'],
  ])('rejects %j: %s', (input, reason) => {
    expect(reasonOf(parseEmail(input))).toBe(reason);
  });

  it('rejects a domain that UTS-46 refuses', () => {
    expect(reasonOf(parseEmail('jane@a\u3000b.com'))).toBe(
      'the address contains spaces, control or invisible characters',
    );
    expect(reasonOf(parseEmail('jane@ab\ud800.com'))).toBe(
      'the domain is not a valid (internationalized) domain name',
    );
  });

  it('accepts an address of exactly 254 characters and a local part of exactly 64', () => {
    const address = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(address).toHaveLength(254);
    expect(accepted(parseEmail(address))).toBe(address);
  });

  it('returns the raw input in the error', () => {
    const result = parseEmail(' jane@ ');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual({
      code: 'invalid_value',
      kind: 'email',
      input: ' jane@ ',
      reason: 'the domain is missing',
    });
  });
});

describe('parseDomain', () => {
  it.each(['@Example.COM', 'example.com', '@example.com.', '  @example.com  ', 'EXAMPLE.com'])(
    'normalizes %j to @example.com',
    (input) => {
      expect(accepted(parseDomain(input))).toBe('@example.com');
    },
  );

  it('converts an internationalized domain to punycode', () => {
    expect(accepted(parseDomain('@Bücher.de'))).toBe('@xn--bcher-kva.de');
    expect(accepted(parseDomain('@xn--bcher-kva.de'))).toBe('@xn--bcher-kva.de');
  });

  it('maps fullwidth characters the way UTS-46 does', () => {
    expect(accepted(parseDomain('@ＥＸＡＭＰＬＥ．ｃｏｍ'))).toBe('@example.com');
  });

  it.each([
    ['@*.Competitor.COM', '@*.competitor.com'],
    ['*.competitor.com', '@*.competitor.com'],
    ['@*.eu.competitor.com.', '@*.eu.competitor.com'],
    ['@*.Bücher.de', '@*.xn--bcher-kva.de'],
    ['@*.b.c.d.example.com', '@*.b.c.d.example.com'],
  ])('normalizes the wildcard entry %j to %j', (input, value) => {
    expect(accepted(parseDomain(input))).toBe(value);
  });

  it('keeps subdomains as they are', () => {
    expect(accepted(parseDomain('@Mail.Example.co.uk'))).toBe('@mail.example.co.uk');
  });

  it('keeps the trimmed input as entered for display', () => {
    const result = parseDomain(' @Example.COM ');
    expect(result.ok && result.value).toEqual({
      kind: 'domain',
      value: '@example.com',
      display: '@Example.COM',
    });
  });

  it.each([
    ['', 'the value is empty'],
    ['@', 'the domain is missing'],
    ['@com', 'the domain needs at least one dot (like example.com)'],
    [
      'jane@example.com',
      'the domain contains "@"; write a domain as @example.com, or enter an email address',
    ],
    ['@@example.com', 'the domain contains "@"; write a domain as @example.com, or enter an email address'],
    ['https://example.com', 'this is a URL; enter only the domain, like @example.com'],
    ['example.com/path', 'the domain contains "/", which is not allowed in a domain name'],
    ['@*.com', 'a wildcard needs a domain of two labels at least after *. (like @*.example.com)'],
    ['@*', 'the domain contains "*", which is not allowed in a domain name'],
    ['@a.*.example.com', 'the domain contains "*", which is not allowed in a domain name'],
    ['@*.*.example.com', 'the domain contains "*", which is not allowed in a domain name'],
    [
      '@*.a.b.c.d.example.com',
      'a wildcard may cover a domain of at most 5 labels after *., this one has 6; use a shorter one (like @*.b.c.d.example.com) or the exact domain',
    ],
    ['@exam ple.com', 'the domain contains spaces, control or invisible characters'],
    ['@example..com', 'the domain has an empty part (a leading dot or two dots in a row)'],
    ['@example.com..', 'the domain has an empty part (a leading dot or two dots in a row)'],
    ['@-example.com', 'the domain part "-example" starts or ends with a hyphen'],
    ['@10.0.0.1', 'the top-level domain "1" is all digits (IP addresses are not accepted)'],
    ['@[::1]', 'IP address literals are not accepted; use a domain name'],
    ['@ex＿ample.com', 'the domain part "ex_ample" contains characters not allowed in a domain name'],
    [`@${'a.'.repeat(127)}com`, 'the domain is longer than 253 characters'],
  ])('rejects %j: %s', (input, reason) => {
    expect(reasonOf(parseDomain(input))).toBe(reason);
  });
});

describe('domainOfEmail', () => {
  it('returns the @domain of a normalized address', () => {
    expect(domainOfEmail('jane+news@mail.example.com')).toBe('@mail.example.com');
  });
});

describe('domainEntriesCovering', () => {
  it('reads the exact entry, then the wildcard of each suffix of two labels or more, shortest first', () => {
    expect(domainEntriesCovering('@competitor.com')).toEqual(['@competitor.com', '@*.competitor.com']);
    expect(domainEntriesCovering('@x.eu.competitor.com')).toEqual([
      '@x.eu.competitor.com',
      '@*.competitor.com',
      '@*.eu.competitor.com',
      '@*.x.eu.competitor.com',
    ]);
  });

  it('reads at most four wildcards, the shortest, however deep the domain', () => {
    expect(domainEntriesCovering('@a.b.c.d.e.example.co.uk')).toEqual([
      '@a.b.c.d.e.example.co.uk',
      '@*.co.uk',
      '@*.example.co.uk',
      '@*.e.example.co.uk',
      '@*.d.e.example.co.uk',
    ]);
  });

  it('covers a wildcard entry with the wildcards of it and its parents, not with an exact entry', () => {
    expect(domainEntriesCovering('@*.eu.competitor.com')).toEqual([
      '@*.competitor.com',
      '@*.eu.competitor.com',
    ]);
  });
});

describe('parsePhone', () => {
  it('formats an international number as E.164', () => {
    expect(accepted(parsePhone('+44 20 7946 0958'))).toBe('+442079460958');
    expect(accepted(parsePhone('+1 (213) 373-4253'))).toBe('+12133734253');
  });

  it('uses the default country for a national number', () => {
    expect(accepted(parsePhone('020 7946 0958', { defaultCountry: 'GB' }))).toBe('+442079460958');
    expect(accepted(parsePhone('(213) 373-4253', { defaultCountry: 'US' }))).toBe('+12133734253');
  });

  it('ignores the default country when the number has its own country code', () => {
    expect(accepted(parsePhone('+1 213 373 4253', { defaultCountry: 'GB' }))).toBe('+12133734253');
  });

  it('understands the 00 international prefix with a default country', () => {
    expect(accepted(parsePhone('0044 20 7946 0958', { defaultCountry: 'GB' }))).toBe('+442079460958');
  });

  it('reads a 00 prefix as international without a default country', () => {
    expect(accepted(parsePhone('0049 30 901820'))).toBe('+4930901820');
    expect(accepted(parsePhone('00 44 20 7946 0018'))).toBe('+442079460018');
    expect(accepted(parsePhone('tel:0049-30-901820'))).toBe('+4930901820');
  });

  it.each(['DE', 'FR', 'GB'] as const)(
    'reads a 00 prefix as international where the default country %s dials abroad with 00',
    (country) => {
      expect(accepted(parsePhone('0049 30 901820', { defaultCountry: country }))).toBe('+4930901820');
      expect(accepted(parsePhone('00 44 20 7946 0018', { defaultCountry: country }))).toBe('+442079460018');
    },
  );

  it.each([
    ['0049 30 901820', 'US', '011', '+49 30 901820'],
    ['00 44 20 7946 0018', 'US', '011', '+44 20 7946 0018'],
    ['00 44 20 7946 0018', 'AU', '0011', '+44 20 7946 0018'],
    ['0049 30 901820', 'JP', '010', '+49 30 901820'],
  ] as const)('refuses %j where the default country %s dials abroad with %s', (input, country, idd, plus) => {
    const result = parsePhone(input, { defaultCountry: country });
    expect(result.ok ? result.value : result.error).toEqual({
      code: 'invalid_value',
      kind: 'phone',
      input,
      reason: `00 is not the international prefix in ${country}, the default country (it is ${idd}); write the number with + instead of 00 (${plus})`,
    });
  });

  it("still reads the default country's own international prefix", () => {
    expect(accepted(parsePhone('011 49 30 901820', { defaultCountry: 'US' }))).toBe('+4930901820');
  });

  it('names the 00 when the country calling code after it is unknown', () => {
    expect(reasonOf(parsePhone('00 999 1234567'))).toBe('the country calling code after 00 is unknown');
  });

  it('strips a tel: prefix', () => {
    expect(accepted(parsePhone('tel:+1-213-373-4253'))).toBe('+12133734253');
    expect(accepted(parsePhone('TEL:+12133734253'))).toBe('+12133734253');
  });

  it('drops an extension', () => {
    expect(accepted(parsePhone('+1 213 373 4253 ext. 12'))).toBe('+12133734253');
    expect(accepted(parsePhone('tel:+1-213-373-4253;ext=12'))).toBe('+12133734253');
  });

  it('keeps the trimmed input as entered for display', () => {
    const result = parsePhone(' +44 20 7946 0958 ');
    expect(result.ok && result.value).toEqual({
      kind: 'phone',
      value: '+442079460958',
      display: '+44 20 7946 0958',
    });
  });

  it('rejects a national number without a default country, saying a country is needed', () => {
    expect(reasonOf(parsePhone('020 7946 0958'))).toBe(
      'the number has no country code; write it with + and the country code (like +44 20 7946 0958), or set a default country',
    );
  });

  it('says so when the default country is not a supported code', () => {
    const options = { defaultCountry: 'ZZ' } as unknown as Parameters<typeof parsePhone>[1];
    expect(reasonOf(parsePhone('020 7946 0958', options))).toBe(
      'the default country "ZZ" is not a supported country code',
    );
  });

  it('does not throw on a default country that names an object property', () => {
    const options = { defaultCountry: '__proto__' } as unknown as Parameters<typeof parsePhone>[1];
    expect(reasonOf(parsePhone('020 7946 0958', options))).toBe(
      'the default country "__proto__" is not a supported country code',
    );
  });

  it.each([
    ['', 'the value is empty'],
    ['abc', 'this is not a phone number'],
    ['+', 'this is not a phone number'],
    ['Call: +1 213 373 4253', 'this is not a phone number'],
    ['1', 'the number is too short'],
    ['+12345678901234567890', 'the number is too long'],
    ['+999 1234567', 'the country calling code after + is unknown'],
    ['+1 555', 'the number has the wrong length or digits for +1'],
    ['+44 20 7946', 'the number has the wrong length or digits for +44'],
    ['+1 000 000 0000', 'the number has the wrong length or digits for +1'],
  ])('rejects %j: %s', (input, reason) => {
    expect(reasonOf(parsePhone(input))).toBe(reason);
  });
});

describe('parseLinkedin', () => {
  it.each([
    'linkedin.com/in/jane-doe',
    'https://www.linkedin.com/in/jane-doe',
    'http://www.linkedin.com/in/jane-doe',
    'https://linkedin.com/in/jane-doe',
    'www.linkedin.com/in/jane-doe',
    'https://uk.linkedin.com/in/jane-doe',
    'https://de.linkedin.com/in/jane-doe',
    'https://m.linkedin.com/in/jane-doe',
    'https://www.linkedin.com/in/jane-doe/',
    'https://www.linkedin.com/in/jane-doe?trk=public_profile',
    'https://www.linkedin.com/in/jane-doe/?originalSubdomain=uk',
    'https://www.linkedin.com/in/jane-doe#experience',
    'https://www.linkedin.com/in/Jane-Doe',
    'https://www.linkedin.com/in/jane-doe/details/experience/',
    'HTTPS://WWW.LINKEDIN.COM/IN/JANE-DOE',
    '  https://www.linkedin.com/in/jane-doe  ',
    '//www.linkedin.com/in/jane-doe',
    'https://www.linkedin.com./in/jane-doe',
  ])('normalizes %j to linkedin.com/in/jane-doe', (input) => {
    expect(accepted(parseLinkedin(input))).toBe('linkedin.com/in/jane-doe');
  });

  it('keeps a non-ASCII slug as lower-cased Unicode, however it was encoded', () => {
    const expected = 'linkedin.com/in/jörg-müller';
    expect(accepted(parseLinkedin('https://www.linkedin.com/in/J%C3%B6rg-M%C3%BCller/'))).toBe(expected);
    expect(accepted(parseLinkedin('https://www.linkedin.com/in/j%c3%b6rg-m%c3%bcller'))).toBe(expected);
    expect(accepted(parseLinkedin('https://www.linkedin.com/in/Jörg-Müller'))).toBe(expected);
  });

  it('keeps the trimmed input as entered for display', () => {
    const result = parseLinkedin(' https://uk.linkedin.com/in/Jane ');
    expect(result.ok && result.value).toEqual({
      kind: 'linkedin',
      value: 'linkedin.com/in/jane',
      display: 'https://uk.linkedin.com/in/Jane',
    });
  });

  it.each([
    ['', 'the value is empty'],
    [
      'https://www.linkedin.com/company/acme',
      'only personal profiles (linkedin.com/in/...) are accepted, not company or school pages',
    ],
    [
      'https://www.linkedin.com/school/mit/',
      'only personal profiles (linkedin.com/in/...) are accepted, not company or school pages',
    ],
    [
      'https://www.linkedin.com/pub/jane-doe/1/2/3',
      'old /pub/ profile links are not accepted; open the profile and copy its linkedin.com/in/... address',
    ],
    ['https://www.linkedin.com/feed/', 'only personal profile links (linkedin.com/in/...) are accepted'],
    ['https://www.linkedin.com', 'only personal profile links (linkedin.com/in/...) are accepted'],
    ['https://www.linkedin.com/in/', 'the profile name after /in/ is missing'],
    ['https://www.linkedin.com/in', 'the profile name after /in/ is missing'],
    ['https://linkedin.com.evil.com/in/jane', 'this is not a linkedin.com link'],
    ['https://notlinkedin.com/in/jane', 'this is not a linkedin.com link'],
    ['https://evil.com/linkedin.com/in/jane', 'this is not a linkedin.com link'],
    ['https://jane@linkedin.com/in/jane', 'this is not a linkedin.com link'],
    ['https://www.linkedin.com:8443/in/jane', 'this is not a linkedin.com link'],
    ['https://a.b.linkedin.com/in/jane', 'this is not a linkedin.com link'],
    ['lnkd.in/abc', 'this is not a linkedin.com link'],
    ['ftp://www.linkedin.com/in/jane', 'only http and https links are accepted'],
    ['javascript://www.linkedin.com/in/jane', 'only http and https links are accepted'],
    ['https://www.linkedin.com/in/jane doe', 'the link contains spaces, control or invisible characters'],
    [
      'https://www.linkedin.com/in/%E0%A4%A',
      'the profile name has broken percent-encoding (a % not followed by a valid code)',
    ],
    [
      'https://www.linkedin.com/in/jane%2Fdoe',
      'the profile name may only contain letters, digits, "-" and "_"',
    ],
    [
      'https://www.linkedin.com/in/jane.doe',
      'the profile name may only contain letters, digits, "-" and "_"',
    ],
    [`https://www.linkedin.com/in/${'a'.repeat(101)}`, 'the profile name is longer than 100 characters'],
  ])('rejects %j: %s', (input, reason) => {
    expect(reasonOf(parseLinkedin(input))).toBe(reason);
  });
});

describe('parseValue', () => {
  it('dispatches to the parser of the kind', () => {
    expect(accepted(parseValue('email', 'Jane@Example.com'))).toBe('jane@example.com');
    expect(accepted(parseValue('domain', '@Example.com'))).toBe('@example.com');
    expect(accepted(parseValue('phone', '+44 20 7946 0958'))).toBe('+442079460958');
    expect(accepted(parseValue('linkedin', 'uk.linkedin.com/in/Jane'))).toBe('linkedin.com/in/jane');
  });

  it('passes the default phone country on', () => {
    expect(accepted(parseValue('phone', '020 7946 0958', { defaultPhoneCountry: 'GB' }))).toBe(
      '+442079460958',
    );
  });

  it('rejects input over the length limit before parsing it', () => {
    const input = `${'a'.repeat(MAX_INPUT_LENGTH)}@example.com`;
    const result = parseValue('email', input);
    expect(reasonOf(result)).toBe(
      `the value is ${input.length} characters long; the limit is ${MAX_INPUT_LENGTH}`,
    );
    expect(!result.ok && result.error.input).toBe(`${'a'.repeat(64)}…`);
  });

  it('accepts input of exactly the length limit as far as the limit is concerned', () => {
    const input = `${' '.repeat(MAX_INPUT_LENGTH - 16)}jane@example.com`;
    expect(input).toHaveLength(MAX_INPUT_LENGTH);
    expect(accepted(parseValue('email', input))).toBe('jane@example.com');
  });

  it.each([
    [undefined, 'undefined', 'expected text, got undefined'],
    [null, 'null', 'expected text, got null'],
    [42, '42', 'expected text, got a number'],
    [true, 'true', 'expected text, got a boolean'],
    [{ toString: () => 'jane@example.com' }, '[object]', 'expected text, got an object'],
    [['jane@example.com'], '[array]', 'expected text, got an array'],
  ])('rejects the non-string %j instead of throwing', (input, described, reason) => {
    const result = parseValue('email', input);
    expect(!result.ok && result.error).toEqual({
      code: 'invalid_value',
      kind: 'email',
      input: described,
      reason,
    });
  });

  it('rejects an unknown kind from an untyped caller', () => {
    const result = parseValue('fax' as never, '123');
    expect(!result.ok && result.error.kind).toBe('unknown');
    expect(reasonOf(result)).toBe('"fax" is not a kind of value');
  });
});

describe('parseAnyValue', () => {
  it.each([
    ['@Example.com', 'domain', '@example.com'],
    ['https://www.linkedin.com/in/Jane', 'linkedin', 'linkedin.com/in/jane'],
    ['"Jane" <Jane@Example.com>', 'email', 'jane@example.com'],
    ['jane@linkedin.com', 'email', 'jane@linkedin.com'],
    ['+44 (20) 7946-0958', 'phone', '+442079460958'],
    ['tel:+44.20.7946.0958', 'phone', '+442079460958'],
    ['+1 213 373 4253 x12', 'phone', '+12133734253'],
  ])('detects %j as %s', (input, kind, value) => {
    const result = parseAnyValue(input);
    expect(result.ok && result.value.kind).toBe(kind);
    expect(accepted(result)).toBe(value);
  });

  it('uses the default phone country for national numbers', () => {
    expect(accepted(parseAnyValue('020 7946 0958', { defaultPhoneCountry: 'GB' }))).toBe('+442079460958');
  });

  it('reports errors under the detected kind', () => {
    const result = parseAnyValue('jane@');
    expect(!result.ok && result.error.kind).toBe('email');
  });

  it.each(['example.com', 'hello', 'https://example.com/in/jane', 'call me'])(
    'rejects %j as no known kind',
    (input) => {
      const result = parseAnyValue(input);
      expect(!result.ok && result.error).toEqual({
        code: 'invalid_value',
        kind: 'unknown',
        input,
        reason: 'not an email, @domain, phone number or LinkedIn profile URL',
      });
    },
  );

  it('rejects non-strings and over-long input', () => {
    expect(reasonOf(parseAnyValue(7))).toBe('expected text, got a number');
    expect(reasonOf(parseAnyValue('1'.repeat(MAX_INPUT_LENGTH + 1)))).toMatch(/the limit is 2048$/);
  });
});

describe('detectKind', () => {
  it('returns undefined for text that looks like nothing', () => {
    expect(detectKind('')).toBeUndefined();
    expect(detectKind('---')).toBeUndefined();
  });
});

describe('describeInvalidValue', () => {
  it('names the value and the reason', () => {
    const result = parseEmail('jane@');
    expect(!result.ok && describeInvalidValue(result.error)).toBe(
      '"jane@" is not a valid email: the domain is missing',
    );
  });

  it('names each kind in words', () => {
    const describe = (kind: InvalidValueError['kind']) =>
      describeInvalidValue({ code: 'invalid_value', kind, input: 'x', reason: 'r' });
    expect(describe('domain')).toBe('"x" is not a valid domain: r');
    expect(describe('phone')).toBe('"x" is not a valid phone number: r');
    expect(describe('linkedin')).toBe('"x" is not a valid LinkedIn profile URL: r');
    expect(describe('unknown')).toBe('"x" is not a valid entry: r');
  });

  it('escapes quotes and control characters in the value', () => {
    const message = describeInvalidValue({
      code: 'invalid_value',
      kind: 'email',
      input: 'a"b\nc',
      reason: 'r',
    });
    expect(message).toBe('"a\\"b\\nc" is not a valid email: r');
  });

  it('cuts long values after 80 characters', () => {
    const message = describeInvalidValue({
      code: 'invalid_value',
      kind: 'email',
      input: 'é'.repeat(100),
      reason: 'r',
    });
    expect(message).toBe(`"${'é'.repeat(80)}…" is not a valid email: r`);
  });
});
