import { parseContactId } from '#domain/tenant';
import * as z from '#domain/zod';

/**
 * Control characters: Unicode category Cc, i.e. C0 (U+0000–U+001F: tab, LF, CR, ESC…), DEL and C1
 * (U+0080–U+009F). None belongs in an id, a one-line note or a person's identifier, and each can break what
 * reads them back: a CR or LF starts a new row for many CSV readers (docs/csv-export.md), and breaks log lines.
 */
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Why a text breaks the "no control characters" rule, naming the first one and where it is
 * (`must not hold control characters: U+000D at character 2`), or undefined when it keeps it.
 */
export const controlCharacterProblem = (text: string): string | undefined => {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `must not hold control characters (line breaks, tabs and the like): U+${code} at character ${match.index + 1}`;
};

/** The rule as a zod refinement, for `z.string().check(z.superRefine(noControlCharacters))`. */
export const noControlCharacters = (value: string, context: z.core.$RefinementCtx<string>): void => {
  const problem = controlCharacterProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
};

/** A free-text field of a request: a string without control characters (add length rules after it). */
export const plainText = () => z.string().check(z.superRefine(noControlCharacters));

/** Campaign ids are the sending platform's: 1 to 256 characters, none a control character. */
export const MAX_CAMPAIGN_ID = 256;

/** A campaign id at the edge (link builder, filter payload). */
export const campaignIdSchema = plainText().check(z.minLength(1), z.maxLength(MAX_CAMPAIGN_ID));

/** A contact id at the edge (link builder, filter payload): the platform's own id, by {@link parseContactId}'s rule. */
export const contactIdSchema = z.string().check(z.superRefine(z.fromResult(parseContactId)));
