import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BOUNCE_RULES,
  COMPLAINT_RULES,
  DEFAULT_TRANSIENT_BOUNCE_POLICY,
  EVENT_RULES,
  transientBounceReason,
} from '#domain/ses-feedback-policy';
import { FEEDBACK_HEADERS, FEEDBACK_TAGS } from '#domain/ses-tags';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'ses-feedback.md'), 'utf8');
const rowOf = (firstCell: string): string => {
  const row = doc.split('\n').find((line) => line.startsWith(`| ${firstCell} |`));
  if (row === undefined) throw new Error(`docs/ses-feedback.md has no table row for ${firstCell}`);
  return row;
};

describe('docs/ses-feedback.md', () => {
  it('lists every event type with whether it suppresses and what it counts', () => {
    for (const [type, rule] of Object.entries(EVENT_RULES)) {
      const row = rowOf(`\`${type}\``);
      expect(row.includes('| no'), type).toBe(rule.handling === 'none');
      if (rule.counter) expect(row, type).toContain(`\`${rule.counter}\``);
      else expect(row.trim().endsWith('| – |'), type).toBe(true);
      expect(row.includes("resets the address's transient-bounce count"), type).toBe(
        rule.resetsTransientBounces === true,
      );
    }
  });

  it('quotes the bounce table: every subtype and its action', () => {
    for (const [type, rule] of Object.entries(BOUNCE_RULES)) {
      const row = rowOf(`\`${type}\``);
      for (const subType of rule.subTypes) expect(row).toContain(`\`${subType}\``);
      expect(row).toContain(rule.action === 'suppress' ? 'suppress at once' : 'count');
    }
  });

  it('quotes the complaint table', () => {
    for (const [type, action] of Object.entries(COMPLAINT_RULES)) {
      expect(rowOf(`\`${type}\``)).toContain(
        action === 'suppress' ? 'suppress, source `spam_complaint`' : 'record only',
      );
    }
  });

  it('names the tags, headers and transient-bounce default a sender relies on', () => {
    for (const name of [...Object.values(FEEDBACK_TAGS), ...Object.values(FEEDBACK_HEADERS)]) {
      expect(doc).toContain(`\`${name}\``);
    }
    const { threshold, windowDays } = DEFAULT_TRANSIENT_BOUNCE_POLICY;
    expect(doc).toContain(transientBounceReason(threshold, windowDays));
  });
});
