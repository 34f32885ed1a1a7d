import { describe, expect, it } from 'vitest';
import { parseFilterRequest } from '#app/filter-request';

const request = (recipients: readonly Record<string, unknown>[]) =>
  parseFilterRequest({
    tenantId: 'acme',
    campaignId: 'c-1',
    category: 'transactional',
    channels: ['email', 'phone', 'linkedin'],
    recipients,
  });

describe('parseFilterRequest: a recipient in the use case terms', () => {
  it('puts the shorthand first, then the list, per channel; absent and null are the same', () => {
    const [both, shorthandOnly, listOnly, neither] = request([
      {
        contactId: '1',
        email: 'a@x.com',
        emails: ['b@x.com', 'c@x.com'],
        phone: null,
        phones: ['+4930901820'],
      },
      { contactId: '2', email: 'a@x.com', phones: null, linkedinUrl: 'linkedin.com/in/jane' },
      { contactId: '3', emails: ['b@x.com'], linkedinUrls: [] },
      { contactId: '4', email: null, emails: null },
    ]).recipients;
    expect(both?.values).toStrictEqual({
      email: ['a@x.com', 'b@x.com', 'c@x.com'],
      phone: ['+4930901820'],
      linkedin: [],
    });
    expect(shorthandOnly?.values).toStrictEqual({
      email: ['a@x.com'],
      phone: [],
      linkedin: ['linkedin.com/in/jane'],
    });
    expect(listOnly?.values).toStrictEqual({ email: ['b@x.com'], phone: [], linkedin: [] });
    expect(neither?.values).toStrictEqual({ email: [], phone: [], linkedin: [] });
  });

  it('never hands back the caller’s own arrays', () => {
    const emails = ['b@x.com'];
    const [recipient] = request([{ contactId: '1', emails }]).recipients;
    expect(recipient?.values.email).toStrictEqual(emails);
    expect(recipient?.values.email).not.toBe(emails);
  });

  it('keeps the flags given, true or false, and drops null ones', () => {
    const [flagged, cleared, none] = request([
      { contactId: '1', doNotEmail: true, doNotContact: null },
      { contactId: '2', doNotContact: false, doNotMassEmail: null },
      { contactId: '3', doNotContact: null, doNotEmail: null, doNotMassEmail: null },
    ]).recipients;
    expect(flagged?.flags).toStrictEqual({ doNotEmail: true });
    expect(cleared?.flags).toStrictEqual({ doNotContact: false });
    expect(none?.flags).toStrictEqual({});
  });
});
