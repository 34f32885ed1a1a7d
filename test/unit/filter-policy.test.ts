import { describe, expect, it } from 'vitest';
import { entryBlockReasons, flagReasons } from '#domain/category-policy';
import { sortReasons } from '#domain/filter-reasons';
import { missingShortcodes } from '#domain/template-shortcodes';
import { GLOBAL_TENANT } from '#domain/tenant';
import { ulid } from '#domain/ulid';
import { formatPath } from '#domain/validation-issues';

const at = '2026-01-01T00:00:00.000Z';

describe('the reasons an entry gives', () => {
  it('reads an unsubscribe on a domain entry as domain_unsubscribed and on an address as unsubscribed', () => {
    expect(
      entryBlockReasons('marketing', { tenantId: 'acme', kind: 'domain', sources: { api: { at } } }),
    ).toEqual(['domain_unsubscribed']);
    expect(
      entryBlockReasons('marketing', { tenantId: 'acme', kind: 'email', sources: { link: { at } } }),
    ).toEqual(['unsubscribed']);
  });

  it('reads a bounce on a domain entry as bounced, not as an unsubscribe', () => {
    expect(
      entryBlockReasons('marketing', { tenantId: 'acme', kind: 'domain', sources: { bounce: { at } } }),
    ).toEqual(['bounced']);
  });

  it('reads every entry of the global list as global_suppression', () => {
    const entry = {
      tenantId: GLOBAL_TENANT,
      kind: 'email' as const,
      sources: { bounce: { at }, link: { at } },
    };
    expect(entryBlockReasons('marketing', entry)).toEqual(['global_suppression']);
  });

  it('reads a record written by do-not-contact as do_not_contact', () => {
    const entry = {
      tenantId: 'acme',
      kind: 'email' as const,
      sources: { admin: { at, detail: { doNotContact: true } }, bounce: { at } },
    };
    expect(entryBlockReasons('transactional', entry)).toEqual(['bounced', 'do_not_contact']);
  });

  it('keeps only the sources whose scope applies to the category', () => {
    const entry = {
      tenantId: 'acme',
      kind: 'email' as const,
      sources: { link: { at }, spam_complaint: { at }, bounce: { at } },
    };
    expect(entryBlockReasons('transactional', entry)).toEqual(['bounced']);
    expect(entryBlockReasons('automation', entry)).toEqual(['unsubscribed', 'bounced', 'complained']);
  });

  it('gives no reason for an entry whose sources all fall outside the category', () => {
    expect(
      entryBlockReasons('transactional', {
        tenantId: 'acme',
        kind: 'email',
        sources: { list_unsubscribe: { at } },
      }),
    ).toEqual([]);
  });

  it('applies doNotEmail and doNotMassEmail to email only, and doNotContact everywhere', () => {
    const flags = { doNotContact: true, doNotEmail: true, doNotMassEmail: true };
    expect(flagReasons('marketing', flags, 'email')).toEqual([
      'do_not_contact',
      'do_not_email',
      'do_not_mass_email',
    ]);
    expect(flagReasons('marketing', flags, 'phone')).toEqual(['do_not_contact']);
    expect(flagReasons('transactional', { doNotMassEmail: true }, 'email')).toEqual([]);
  });

  it('lists reasons once each, in the documented order', () => {
    expect(sortReasons(['unchecked', 'bounced', 'unsubscribed', 'bounced'])).toEqual([
      'unsubscribed',
      'bounced',
      'unchecked',
    ]);
  });
});

describe('the marketing template check', () => {
  it('names both shortcodes when a template has neither', () => {
    expect(missingShortcodes({ html: '<p>Hi</p>' }).map((code) => code.name)).toEqual([
      '[[unsubscribe_link]] or [[unsubscribe_url]]',
      '[[postal_address]]',
    ]);
  });

  it('accepts either unsubscribe shortcode, anywhere in the message', () => {
    expect(missingShortcodes({ subject: '[[postal_address]]', html: '[[unsubscribe_url]]' })).toEqual([]);
    expect(missingShortcodes({ text: '[[unsubscribe_link]] [[postal_address]]' })).toEqual([]);
  });

  it('does not accept a shortcode written differently', () => {
    expect(missingShortcodes({ text: '[[Unsubscribe_Link]] [[postal address]]' })).toHaveLength(2);
  });

  it('treats a missing template as missing everything', () => {
    expect(missingShortcodes(undefined)).toHaveLength(2);
  });
});

describe('run ids', () => {
  it('encode the time as the ULID spec does', () => {
    expect(ulid(1469918176385, new Uint8Array(10))).toBe('01ARYZ6S410000000000000000');
  });

  it('sort in time order as plain strings', () => {
    const earlier = ulid(1_700_000_000_000);
    const later = ulid(1_700_000_000_001);
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('field paths in errors', () => {
  it('write indexes in brackets and names with dots', () => {
    expect(formatPath(['recipients', 3, 'emails', 0])).toBe('recipients[3].emails[0]');
    expect(formatPath([])).toBe('(payload)');
  });
});
