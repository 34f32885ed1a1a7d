import { E164 } from '#domain/tenant-settings';
import * as z from '#domain/zod';

/**
 * Inbound SMS replies (issue 14, part 3): AWS End User Messaging SMS two-way messaging publishes each reply to an
 * SNS topic as JSON; a reply whose keyword is an opt-out keyword suppresses the sender's number. docs/sms-stop.md
 * quotes the tables below.
 */

/**
 * Opt-out keywords, matched on the reply's keyword (or its first word) upper-cased, without accents and trailing
 * punctuation. The English ones are the US carriers' (CTIA) and AWS End User Messaging's defaults; the others are
 * what recipients in the main European and Latin American markets reply.
 */
export const OPT_OUT_KEYWORDS: Readonly<Record<string, string>> = {
  STOP: 'en',
  STOPALL: 'en',
  UNSUBSCRIBE: 'en',
  CANCEL: 'en',
  END: 'en',
  QUIT: 'en',
  OPTOUT: 'en',
  REVOKE: 'en',
  ARRET: 'fr',
  DESABONNER: 'fr',
  STOPP: 'de, sv, no, da',
  ABMELDEN: 'de',
  BAJA: 'es',
  ALTO: 'es',
  PARAR: 'pt, es',
  SAIR: 'pt',
  CANCELAR: 'es, pt',
  FERMA: 'it',
  AFMELDEN: 'nl',
};

/** Replies asking for help: recorded like any other reply (and answered by AWS's own HELP response), never suppress. */
export const HELP_KEYWORDS: readonly string[] = ['HELP', 'INFO', 'AIDE', 'AYUDA', 'HILFE', 'AJUDA', 'AIUTO'];

/** What a reply means: an opt-out, a request for help, or anything else (a question, "thanks", a typo). */
export type SmsReplyIntent = 'opt_out' | 'help' | 'other';

/** The keyword as matched: upper case, accents and anything but letters dropped (`Arrêt.` → `ARRET`). */
export const normalizeKeyword = (word: string): string =>
  word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');

/**
 * The intent of a reply: AWS's `messageKeyword` when it set one, and the body's first word too (AWS sets the
 * keyword only for the keywords configured on the number, so "Stop please" may come with none).
 */
export const intentOf = (reply: Pick<InboundSms, 'messageKeyword' | 'messageBody'>): SmsReplyIntent => {
  const firstWord = reply.messageBody.trim().split(/\s+/, 1)[0] ?? '';
  const words = [reply.messageKeyword ?? '', firstWord].map(normalizeKeyword).filter((w) => w !== '');
  if (words.some((word) => Object.hasOwn(OPT_OUT_KEYWORDS, word))) return 'opt_out';
  if (words.some((word) => HELP_KEYWORDS.includes(word))) return 'help';
  return 'other';
};

const e164 = z.string().check(z.refine((value) => E164.test(value), { error: 'must be an E.164 number' }));

/** The message End User Messaging publishes: the fields we read; others are ignored. */
export const inboundSmsSchema = z.object({
  originationNumber: e164,
  destinationNumber: e164,
  messageKeyword: z.optional(z.string().check(z.maxLength(160))),
  messageBody: z.string().check(z.maxLength(1600)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(256)),
  previousPublishedMessageId: z.optional(z.string().check(z.maxLength(256))),
});
export type InboundSms = z.infer<typeof inboundSmsSchema>;

/** Parses the SNS message text; an error names what is wrong, so a parked message says why. */
export const parseInboundSms = (
  message: string,
): { readonly ok: true; readonly value: InboundSms } | { readonly ok: false; readonly error: string } => {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, error: 'the SMS message is not JSON' };
  }
  const parsed = z.safeParse(inboundSmsSchema, json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error:
        `the SMS message is not an inbound message: ${issue?.path.join('.') || '(message)'} ${issue?.message ?? ''}`.trim(),
    };
  }
  return { ok: true, value: parsed.data };
};
