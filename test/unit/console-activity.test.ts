import { describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS, type ActivityAction } from '#domain/activity';
import { FILTER_REASONS } from '#domain/filter-reasons';
import {
  ACTION_LABELS,
  ACTIONS,
  type ActivityItem,
  activitySentence,
  actorName,
  shortTime,
} from '../../console/src/lib/activity';
import { bannerOf } from '../../console/src/lib/contact';
import { groupByReason, REASON_LABELS } from '../../console/src/lib/runs';

const NOW = new Date('2026-12-05T12:00:00Z');

const item = (overrides: Partial<ActivityItem> = {}): ActivityItem => ({
  id: 'e-1',
  time: '2026-12-02T10:41:07Z',
  action: 'suppressed',
  source: 'admin',
  actor: { type: 'user', userId: 'maria', displayName: 'Maria Silva' },
  values: [{ kind: 'email', value: 'jane@example.com' }],
  campaign: null,
  reason: null,
  detail: null,
  before: [],
  after: ['admin'],
  ...overrides,
});

/** One realistic event per action, as the API records it. */
const EXAMPLES: Readonly<Record<ActivityAction, ActivityItem>> = {
  suppressed: item({
    actor: { type: 'recipient' },
    source: 'list_unsubscribe',
    campaign: 'c-42',
    ip: '203.0.113.9',
    after: ['list_unsubscribe'],
  }),
  restored: item({ action: 'restored', before: ['admin', 'link'], after: ['link'] }),
  restore_refused: item({
    action: 'restore_refused',
    reason: 'one-click',
    before: ['link'],
    after: ['link'],
  }),
  resubscribed: item({
    action: 'resubscribed',
    actor: { type: 'recipient' },
    source: 'link',
    campaign: 'c-42',
    before: ['link'],
    after: [],
  }),
  resubscribe_refused: item({
    action: 'resubscribe_refused',
    actor: { type: 'recipient' },
    reason: 'the address is not unsubscribed',
  }),
  do_not_contact_set: item({ action: 'do_not_contact_set', values: [], source: null }),
  do_not_contact_lifted: item({ action: 'do_not_contact_lifted', values: [], source: null }),
  feedback_recorded: item({
    action: 'feedback_recorded',
    actor: { type: 'system', name: 'ses' },
    source: null,
    reason: 'complaint feedback type not-spam: not suppressed',
  }),
  action_refused: item({
    action: 'action_refused',
    actor: { type: 'user', userId: 'admin-user' },
    values: [],
    reason: 'role "viewer" may not add (add)',
  }),
  settings_changed: item({
    action: 'settings_changed',
    values: [],
    source: null,
    settings: { before: { displayName: 'acme' }, after: { displayName: 'Acme Inc.' } },
  }),
  preferences_changed: item({
    action: 'preferences_changed',
    actor: { type: 'recipient' },
    source: 'link',
    before: null,
    after: null,
    choices: {
      before: { topics: { newsletter: true }, pausedUntil: null },
      after: { topics: { newsletter: false }, pausedUntil: '2027-01-01T10:41:00.000Z' },
    },
  }),
  erased: item({
    action: 'erased',
    source: null,
    reason: 'contact',
    values: [
      { kind: 'email', value: null },
      { kind: 'phone', value: null },
    ],
    before: null,
    after: null,
  }),
};

describe('console: activity events as sentences', () => {
  it('has a label and a sentence for every action the domain records', () => {
    expect([...ACTIONS].sort()).toEqual([...ACTIVITY_ACTIONS].sort());
    for (const action of ACTIVITY_ACTIONS) {
      expect(ACTION_LABELS[action], action).toMatch(/^[A-Z]/);
      const sentence = activitySentence(EXAMPLES[action], NOW);
      expect(sentence, action).toMatch(/^\S.*, 2 Dec 10:41/);
      expect(sentence, action).not.toContain('undefined');
      expect(sentence, action).not.toContain('null');
      expect(sentence, action).not.toContain(action);
    }
  });

  it('reads each action as people say it', () => {
    const says = (action: ActivityAction) => activitySentence(EXAMPLES[action], NOW);
    expect(says('suppressed')).toBe(
      'Recipient unsubscribed jane@example.com from campaign c-42 with one-click, 2 Dec 10:41, from 203.0.113.9',
    );
    expect(says('restored')).toBe(
      'Maria Silva (maria) removed jane@example.com; still suppressed by Lead, 2 Dec 10:41',
    );
    expect(says('restore_refused')).toBe(
      "Maria Silva (maria) could not remove jane@example.com: the recipient unsubscribed with their mail client's unsubscribe button, 2 Dec 10:41",
    );
    expect(says('erased')).toBe(
      'Maria Silva (maria) deleted the personal data of 2 values of the contact (GDPR); still suppressed, 2 Dec 10:41',
    );
    expect(says('preferences_changed')).toBe(
      'Recipient changed preferences for jane@example.com: left newsletter, paused until 2027-01-01, 2 Dec 10:41',
    );
    expect(says('resubscribed')).toBe(
      'Recipient re-subscribed jane@example.com from campaign c-42, 2 Dec 10:41',
    );
    expect(says('resubscribe_refused')).toBe(
      'Recipient could not re-subscribe jane@example.com: the address is not unsubscribed, 2 Dec 10:41',
    );
    expect(says('do_not_contact_set')).toBe(
      'Maria Silva (maria) set the contact to do not contact, 2 Dec 10:41',
    );
    expect(says('do_not_contact_lifted')).toBe('Maria Silva (maria) allowed contact again, 2 Dec 10:41');
    expect(says('feedback_recorded')).toBe(
      'SES recorded feedback for jane@example.com: complaint feedback type not-spam: not suppressed, 2 Dec 10:41',
    );
    expect(says('action_refused')).toBe(
      'admin-user was refused: role "viewer" may not add (add), 2 Dec 10:41',
    );
    expect(says('settings_changed')).toBe(
      'Settings changed: display name from “acme” to “Acme Inc.” (by Maria Silva (maria)), 2 Dec 10:41',
    );
  });

  it('names additions, SES feedback, unset settings and erased values', () => {
    expect(activitySentence(item({ detail: { doNotContact: true } }), NOW)).toBe(
      'Maria Silva (maria) added jane@example.com (do not contact), 2 Dec 10:41',
    );
    expect(
      activitySentence(
        item({
          actor: { type: 'system', name: 'ses' },
          source: 'bounce',
          campaign: 'c-7',
          after: ['bounce'],
        }),
        NOW,
      ),
    ).toBe('SES recorded a bounce for jane@example.com (campaign c-7), 2 Dec 10:41');
    expect(
      activitySentence(
        item({ actor: { type: 'api', clientId: 'crm' }, values: [{ kind: 'phone', value: null }] }),
        NOW,
      ),
    ).toBe('API client crm added an erased phone, 2 Dec 10:41');
    expect(
      activitySentence(
        item({
          action: 'settings_changed',
          settings: { before: { logoUrl: null }, after: { logoUrl: 'https://x.example/l.png' } },
        }),
        NOW,
      ),
    ).toContain('logo from unset to “https://x.example/l.png”');
    expect(
      activitySentence(
        item({
          action: 'settings_changed',
          settings: { before: { smsNumbers: null }, after: { smsNumbers: ['+15550100', '+15550101'] } },
        }),
        NOW,
      ),
    ).toContain('SMS numbers from unset to “+15550100”, “+15550101”');
    expect(actorName({ type: 'system', name: 'test' })).toBe('test');
    expect(shortTime('2025-01-03T07:05:00Z', NOW)).toBe('3 Jan 2025 07:05');
  });
});

describe('console: a contact banner and a run report', () => {
  const contact = {
    contactId: 'c-1',
    doNotContact: false,
    doNotContactSince: null,
    lastActivityAt: null,
    values: [
      {
        value: 'a@example.com',
        kind: 'email' as const,
        suppressed: true,
        sources: ['link' as const],
        scope: 'marketing' as const,
      },
    ],
  };
  it('says do not contact first, then how many values are blocked', () => {
    expect(bannerOf({ ...contact, doNotContact: true, doNotContactSince: '2026-12-02T10:41:00Z' })).toBe(
      'Do not contact since 2 Dec 2026, 10:41',
    );
    expect(bannerOf(contact)).toBe('Unsubscribed from all channels');
    expect(
      bannerOf({
        ...contact,
        values: [
          ...contact.values,
          { value: '+15550100', kind: 'phone', suppressed: false, sources: [], scope: null },
        ],
      }),
    ).toBe('Partly unsubscribed: 1 of 2 values blocked');
    expect(bannerOf({ ...contact, values: [] })).toBe('Not unsubscribed');
  });

  it('groups filtered contacts by reason, in the filter order, with a label for every reason', () => {
    for (const reason of FILTER_REASONS) expect(REASON_LABELS[reason], reason).toBeTruthy();
    expect(
      groupByReason([
        { contactId: 'c1', reasons: ['bounced'] },
        { contactId: 'c2', reasons: ['unsubscribed', 'bounced'] },
        { contactId: 'c3', reasons: ['something_new'] },
      ]),
    ).toEqual([
      { reason: 'unsubscribed', contactIds: ['c2'] },
      { reason: 'bounced', contactIds: ['c1', 'c2'] },
      { reason: 'something_new', contactIds: ['c3'] },
    ]);
  });
});
