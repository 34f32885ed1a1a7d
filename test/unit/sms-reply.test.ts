import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HELP_KEYWORDS,
  intentOf,
  normalizeKeyword,
  OPT_OUT_KEYWORDS,
  parseInboundSms,
} from '#domain/sms-reply';

const reply = (messageBody: string, messageKeyword?: string) => ({
  messageBody,
  ...(messageKeyword === undefined ? {} : { messageKeyword }),
});

describe('the intent of an SMS reply', () => {
  it.each([
    ['STOP', undefined, 'opt_out'],
    ['stop', undefined, 'opt_out'],
    ['Stop.', undefined, 'opt_out'],
    ['Arrêt svp', undefined, 'opt_out'],
    ['  quit  now', undefined, 'opt_out'],
    ['please stop', 'STOP', 'opt_out'],
    ['please stop', undefined, 'other'],
    ['STOPPING BY LATER', undefined, 'other'],
    ['HELP', undefined, 'help'],
    ['Ayuda', undefined, 'help'],
    ['', undefined, 'other'],
    ['Thanks!', undefined, 'other'],
  ] as const)('%j (keyword %j) is %s', (body, keyword, intent) => {
    expect(intentOf(reply(body, keyword))).toBe(intent);
  });

  it('matches every keyword of the table in any case and with accents stripped', () => {
    for (const keyword of Object.keys(OPT_OUT_KEYWORDS)) {
      expect(intentOf(reply(keyword.toLowerCase()))).toBe('opt_out');
      expect(normalizeKeyword(keyword)).toBe(keyword);
    }
    for (const keyword of HELP_KEYWORDS) expect(intentOf(reply(keyword))).toBe('help');
  });

  it('is the table docs/sms-stop.md quotes', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'sms-stop.md'), 'utf8');
    for (const [keyword, language] of Object.entries(OPT_OUT_KEYWORDS)) {
      expect(doc).toContain(`| \`${keyword}\` | ${language} |`);
    }
    const rows = doc.split('\n').filter((line) => /^\| `[A-Z]+` \|/.test(line));
    expect(rows).toHaveLength(Object.keys(OPT_OUT_KEYWORDS).length);
  });
});

describe('parseInboundSms', () => {
  const valid = {
    originationNumber: '+33612345678',
    destinationNumber: '+15550100',
    messageKeyword: 'STOP',
    messageBody: 'STOP',
    inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
    previousPublishedMessageId: 'wJalrXUtnFEMI',
  };

  it('reads the message End User Messaging publishes', () => {
    expect(parseInboundSms(JSON.stringify(valid))).toEqual({ ok: true, value: valid });
  });

  it.each([
    ['not JSON', 'STOP', 'not JSON'],
    ['a national sender', JSON.stringify({ ...valid, originationNumber: '0612345678' }), 'originationNumber'],
    ['no message id', JSON.stringify({ ...valid, inboundMessageId: undefined }), 'inboundMessageId'],
  ])('refuses %s, naming why', (_name, text, hint) => {
    const parsed = parseInboundSms(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(hint);
  });
});
